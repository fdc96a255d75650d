"""`stratalign report`: one self-contained HTML report (or the same content as Markdown, JSON or PDF)."""

from __future__ import annotations

import click

from graphs import NODE_LIMIT
from reports import FORMATS

from ._common import Outputs, format_for, lang_option, model_options, write_output
from ._progress import Stages, quiet_option, say_wrote
from .analyze_cmd import (
    analysis_config,
    as_of_option,
    config_option,
    decisions_option,
    duplicates_within_option,
    thesaurus_option,
)

OUTPUTS = Outputs.of("report", FORMATS, "html")


@click.command("report")
@model_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="html, md, json or pdf (printed by Chromium). Default: from the -o suffix, else html; a suffix that says otherwise is an error.",
)
@lang_option
@config_option
@as_of_option
@thesaurus_option
@duplicates_within_option
@decisions_option
@click.option(
    "--limit",
    "node_limit",
    type=click.IntRange(min=1),
    default=NODE_LIMIT,
    show_default=True,
    help="Above this many elements the embedded graph groups them, then asks for a filter.",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
@quiet_option
def report(
    model, fmt, lang, config_path, as_of, thesaurus, duplicates_within, decisions, node_limit, output, quiet
) -> None:
    """Write a report on MODEL…: summary, coverage, overlap matrix, conflicts, findings and the coverage graph.

    The HTML is one self-contained file that opens offline.

    \b
      stratalign report --example esbjerg-2020 -o report.html
      stratalign report --example esbjerg-2020 --lang en --format md -o report.md
      stratalign report --example esbjerg-2020 -o report.pdf
    """
    from alignment import analyze_model as analyze
    from reports import render_report

    fmt = format_for(output, OUTPUTS, fmt)  # before any work: report -o x.docx is exit 2, not HTML named .docx
    if fmt == "pdf":
        from ontology import InputError
        from reports import INSTALL_HINT, chromium

        if chromium() is None:  # before any work, and one line saying how to get the engine
            raise InputError(output or "-", None, INSTALL_HINT)
    config = analysis_config(config_path, as_of, thesaurus, duplicates_within, decisions)
    with Stages(quiet=quiet, lang=lang) as stage:
        stage("load")
        loaded = model()
        analysis = analyze(loaded, config, lang=lang, progress=stage)
        stage("writing")
        write_output(render_report(loaded, analysis, fmt, lang, node_limit=node_limit, where=output or "-"), output)
    say_wrote(output, lang, quiet)
