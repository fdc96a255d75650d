"""`stratalign validate`: the SHACL shapes over a model."""

from __future__ import annotations

import click

from ._common import Outputs, format_for, lang_option, model_options, write_output
from ._progress import quiet_option, say_wrote

OUTPUTS = Outputs.of("validate", ["text", "ttl"], "text", plain={"text"})


@click.command("validate")
@model_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(OUTPUTS.formats)),
    help="text: grouped by element; ttl: the standard sh:ValidationReport. Default: from the -o suffix, else text.",
)
@lang_option
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
@quiet_option
def validate(model, fmt, lang, output, quiet) -> None:
    """Check MODEL… against stratalign's SHACL shapes; exit 1 when it does not conform.

    \b
      stratalign validate --example horsens-2014
      stratalign validate plan.ttl --format ttl -o report.ttl
    """
    from alignment import Labels
    from ontology import focus_headings, format_report
    from ontology import validate as run_validation

    fmt = format_for(output, OUTPUTS, fmt)
    loaded = model()
    data = loaded.to_rdflib()
    outcome = run_validation(data, lang=lang)
    if fmt == "ttl":
        write_output(outcome.report_graph.serialize(format="turtle"), output)
    else:
        labels = Labels.from_store(loaded.store)
        names = focus_headings(outcome, data, lambda iri: labels.get(iri, lang))
        write_output(format_report(outcome, names, lang) + "\n", output)
    say_wrote(output, lang, quiet)
    if not outcome.conforms:
        raise SystemExit(1)
