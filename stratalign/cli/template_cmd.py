"""`stratalign template`: write an empty spreadsheet template with a filled example and a column guide."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import Outputs, format_for, write_output
from ._progress import quiet_option, say_wrote, user_lang

OUTPUTS = Outputs.of("template", ["xlsx", "csv"], None)


@click.command("template")
@click.option(
    "-o", "--output", metavar="FILE", required=True, help="FILE.xlsx (one workbook) or FILE.csv (three CSV files)."
)
@quiet_option
def template(output: str, quiet: bool) -> None:
    """Write a spreadsheet template to fill in (docs/spreadsheets.md).

    \b
    .xlsx: one workbook with the sheets 'model' (empty: fill it in),
           'eksempel' (a filled Danish example) and 'kolonner' (every column
           explained in Danish and English).
    .csv:  FILE.csv (empty), FILE.eksempel.csv and FILE.kolonner.csv.

    \b
      stratalign template -o plan.xlsx
      stratalign analyze plan.xlsx
    """
    from ontology import write_template_csv, write_template_xlsx

    target = Path(output)
    if format_for(output, OUTPUTS) == "xlsx":
        write_output(write_template_xlsx(), output)
        say_wrote(output, user_lang(), quiet)
    else:
        for sheet, text in write_template_csv().items():
            path = target if not sheet else target.with_name(f"{target.stem}.{sheet}.csv")
            write_output(text, str(path))
            say_wrote(str(path), user_lang(), quiet)
