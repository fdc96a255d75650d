"""`stratalign whatif`: the findings, coverage, progress, influences and budget after a cancel, merge or plan drop."""

from __future__ import annotations

import click

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

OUTPUTS = Outputs.of("whatif", ["text", "json", "md", "html"], "text", plain={"text"})


@click.command("whatif")
@model_options
@click.option(
    "--cancel",
    "cancel",
    multiple=True,
    metavar="ID",
    help="Cancel this initiative, goal or focus area (repeatable): it and its links go, its budget is freed.",
)
@click.option(
    "--merge",
    "merge",
    multiple=True,
    metavar="A=B",
    help="Fold initiative or goal A into B (repeatable): A's links and targets move to B, "
    "B keeps its own label, A's budget is added to B's.",
)
@click.option(
    "--drop-plan",
    "drop_plan",
    multiple=True,
    metavar="ID",
    help="Drop this plan and the goals, focus areas and initiatives only it holds (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(OUTPUTS.formats)),
    help="Default: from the -o suffix (.json, .md, .html), else text; a suffix that says otherwise is an error.",
)
@lang_option
@config_option
@as_of_option
@thesaurus_option
@duplicates_within_option
@decisions_option
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
@quiet_option
def whatif(
    model,
    cancel,
    merge,
    drop_plan,
    fmt,
    lang,
    config_path,
    as_of,
    thesaurus,
    duplicates_within,
    decisions,
    output,
    quiet,
) -> None:
    """What changes if initiatives are cancelled, elements merged or plans dropped in MODEL…:
    findings resolved, new and unchanged; goals left uncovered; coverage and progress
    per plan before → after; goals that lose their strongest positive influence; the
    budget freed.

    IDs are the model's local ids (as in the YAML or spreadsheet) or full IRIs.

    \b
      stratalign whatif --example esbjerg-2020 --cancel initiative/education-esbjerg
      stratalign whatif plan.yaml --merge goal-a=goal-b --drop-plan climate --format html -o whatif.html
    """
    from alignment import render_whatif, what_if
    from ontology import InputError

    fmt = format_for(output, OUTPUTS, fmt)
    if not (cancel or merge or drop_plan):
        raise InputError("whatif", None, "name at least one change: --cancel ID, --merge A=B or --drop-plan ID")
    config = analysis_config(config_path, as_of, thesaurus, duplicates_within, decisions)
    with Stages(quiet=quiet, lang=lang) as stage:
        stage("load")
        loaded = model()
        stage("rules")
        result = what_if(loaded, cancel=cancel, merge=merge, drop_plan=drop_plan, config=config, lang=lang)
        stage("writing")
        write_output([render_whatif(result, fmt)], output)
    say_wrote(output, lang, quiet)
