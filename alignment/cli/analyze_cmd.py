"""`stratalign analyze` and `stratalign check`."""
from __future__ import annotations

import click

from ontology.results import one_line

from ._common import Outputs, format_for, lang_option, model_options, write_output
from ._progress import Stages, quiet_option, say_wrote

config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), help="Settings file (default: ./stratalign.toml if present)."
)


OUTPUTS = Outputs(
    "analyze",
    {"text": (".txt", ".text"), "json": (".json",), "ttl": (".ttl", ".turtle"), "csv": (".csv",), "md": (".md", ".markdown")},
    "text",
    plain=frozenset({"text"}),
)


def _run(model, config_path, lang, stage=None):
    from alignment.analyze import analyze
    from alignment.config import load_config

    config = load_config(config_path)
    if stage is not None:
        stage("load")
    return analyze(model(), config, lang=lang, progress=stage)


@click.command("analyze")
@model_options
@click.option(
    "--format", "fmt", type=click.Choice(list(OUTPUTS.formats)),
    help="Default: from the -o suffix (.json, .ttl, .csv, .md), else text; a suffix that says otherwise is an error.",
)
@lang_option
@config_option
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
@quiet_option
def analyze(model, fmt, lang, config_path, output, quiet) -> None:
    """Find overlaps, conflicts and coverage gaps in MODEL…

    \b
      stratalign analyze --example esbjerg-2020
      stratalign analyze plan.yaml --format json --lang en
    """
    from alignment.render import render_chunks
    from ontology.gc import gc_paused

    fmt = format_for(output, OUTPUTS, fmt)

    # One pause from the analysis to the last byte written: re-enabled in between, the
    # collector would walk every finding and row the analysis made (0.2 s at national scale).
    with gc_paused(), Stages(quiet=quiet, lang=lang) as stage:
        analysis = _run(model, config_path, lang, stage)
        stage("writing")
        write_output(render_chunks(analysis, fmt), output)
    say_wrote(output, lang, quiet)


@click.command("check")
@model_options
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding has this severity or worse.",
)
@lang_option
@config_option
def check(model, fail_on, lang, config_path) -> None:
    """Exit 1 when MODEL… has findings at or above --fail-on (0 otherwise, 2 on bad input)."""
    from alignment.analyze import at_or_above

    analysis = _run(model, config_path, lang)
    failing = at_or_above(analysis.findings, fail_on)
    for finding in failing:
        click.echo(f"{finding.severity}: {finding.kind}: {one_line(finding.message)}")
    total = len(analysis.findings)
    if failing:
        click.echo(f"check failed: {len(failing)} of {total} findings at or above '{fail_on}'", err=True)
        raise SystemExit(1)
    click.echo(f"check passed: no findings at or above '{fail_on}' ({total} below)", err=True)
