"""`stratalign convert`: write a model as Turtle, N-Triples, JSON-LD, RDF/XML, YAML, CSV or XLSX."""

from __future__ import annotations

import click

from ontology import (
    BINARY_FORMATS,
    OUTPUT_FORMATS,
    WRITABLE,
    InputError,
    serialize_model,
)

from ._common import Outputs, format_for, model_options, write_output
from ._progress import quiet_option, say_wrote, user_lang

#: The suffixes each output format is written as (the format registry); one written under any name is not listed.
OUTPUTS = Outputs("convert", {f.name: f.suffixes for f in WRITABLE if not f.any_name}, None, option="--to")


@click.command("convert")
@model_options
@click.option("--to", "target", type=click.Choice(list(OUTPUT_FORMATS)), required=True, help="Output format.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
@quiet_option
def convert(model, target: str, output: str | None, quiet: bool) -> None:
    """Convert MODEL… (merged into one graph) to another format.

    YAML output uses the flat form of the authoring format; triples it has no
    key for are kept as Turtle in its `rdf:` block, so nothing is lost. CSV and
    XLSX write one row per element (docs/spreadsheets.md); what has no column
    goes to the `rdf` sheet (XLSX) or an `rdf` row (CSV). XLSX needs -o FILE.
    """
    format_for(output, OUTPUTS, target)  # --to ttl -o x.yaml is exit 2: the name would lie about the content
    if target in BINARY_FORMATS and (output is None or output == "-"):
        raise InputError("--to " + target, None, "an .xlsx workbook is binary: write it to a file with -o FILE.xlsx")
    write_output(serialize_model(model(), target), output)
    say_wrote(output, user_lang(), quiet)
