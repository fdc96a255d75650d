"""`stratalign import-observations`: a Statbank table (CSV or JSON-stat) as an indicator's observations."""

from __future__ import annotations

from pathlib import Path

import click
import yaml

from ontology import (
    InputError,
    observation_entries,
    observation_quads,
    one_line,
    read_source,
    read_statbank,
    write_yaml,
)

from ._common import Outputs, format_for, write_output
from ._progress import quiet_option, say_wrote, user_lang

#: Observations are written as YAML (a model, or the list to paste into one).
OUTPUTS = Outputs.of("import-observations", ["yaml"], "yaml")

#: A Statbank download of one series is a few kilobytes; 20 MB is a bulk table of every municipality.
MAX_TABLE_BYTES = 20 * 1024 * 1024


def read_table(path: str) -> str:
    """The table's text (UTF-8, or the Windows-1252 of an older Statbank download)."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_TABLE_BYTES:
            raise InputError(
                path,
                None,
                f"the table is {size:,} bytes, more than one series takes ({MAX_TABLE_BYTES:,}); download one series",
            )
        data = Path(path).read_bytes()
    except OSError as err:
        raise InputError(path, None, f"cannot read the table: {err.strerror or err}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict") if b"\x81" not in data else data.decode("latin-1")


@click.command("import-observations")
@click.argument("table", type=click.Path(dir_okay=False))
@click.option(
    "--indicator", "indicator", metavar="ID", required=True, help="The id (or IRI) of the indicator the table measures."
)
@click.option(
    "--model", "model_path", metavar="MODEL", help="Add the observations to MODEL and write the whole model as YAML."
)
@click.option(
    "--source",
    metavar="URL",
    help="Where the figures come from, on every observation (e.g. https://www.statistikbanken.dk/FOLK1A).",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
@quiet_option
def import_observations(
    table: str, indicator: str, model_path: str | None, source: str | None, output: str | None, quiet: bool
) -> None:
    """Read TABLE, a Statbank download of one series, as observations of an indicator.

    TABLE is Danmarks Statistik's CSV download (';', a decimal comma, a header
    row; a column TID or a column per period) or its JSON-stat 2.0 download.
    Time codes 2019, 2019K1, 2019H1 and 2019M01 become a year or the first day
    of the period. Without --model the `observations:` list is written, to paste
    under the indicator; with --model the model is written with the
    observations added (a year the model has with another value is an error).

    \b
      stratalign import-observations folk1a.csv --indicator indicator/indbyggertal
      stratalign import-observations folk1a.json --indicator indicator/indbyggertal \\
          --model plan.yaml --source https://www.statistikbanken.dk/FOLK1A -o plan.yaml
    """
    format_for(output, OUTPUTS)  # -o x.ttl is exit 2 before any work: the content is YAML
    series = read_statbank(read_table(table), table)
    if not series.points:
        raise InputError(table, None, "the table has no values (every period is '..')")
    if model_path is None:
        head = f"# {len(series.points)} observations of {indicator} from {Path(table).name}"
        if series.title:
            head += (
                f" ({one_line(series.title)[:120]})"  # the table's title is untrusted: one line, no control character
            )
        text = (
            head
            + "\n"
            + yaml.safe_dump(
                {"observations": observation_entries(series, source)}, allow_unicode=True, sort_keys=False, width=100
            )
        )
    else:
        quads, prefixes = read_source(model_path)
        base = prefixes.get("", "")
        text = write_yaml(
            observation_quads(quads, base, indicator, series, source, table, model_file=str(model_path)),
            base=base or None,
            prefixes=prefixes,
        )
    if series.missing:
        click.echo(f"stratalign: {table}: {series.missing} period(s) without a value ('..' or null) left out", err=True)
    write_output(text, output)
    say_wrote(output, user_lang(), quiet)
