"""`stratalign analyze` and `stratalign check`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from alignment import SCOPE_HELP, SCOPES

from ._common import Outputs, format_for, lang_option, model_options, write_output
from ._progress import Stages, quiet_option, say_wrote

if TYPE_CHECKING:  # the commands import the analysis only when they run
    from alignment import Config

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Settings file (default: ./stratalign.toml if present).",
)

as_of_option = click.option(
    "--as-of",
    "as_of",
    type=click.IntRange(min=1, max=9999),
    metavar="YEAR",
    help="The year of the analysis: an indicator last measured more than [progress] stale_years (default 2) "
    "years before it is stale (default: the current year).",
)


thesaurus_option = click.option(
    "--thesaurus",
    "thesaurus",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="FILE.ttl",
    help="A SKOS thesaurus in Turtle (repeatable): its synonyms, broader terms and directions count when "
    "duplicates are compared, after the shipped one and [similarity] thesaurus.",
)


duplicates_within_option = click.option(
    "--duplicates-within",
    "duplicates_within",
    type=click.Choice(SCOPES),
    help=SCOPE_HELP,
)


decisions_option = click.option(
    "--decisions",
    "decisions",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Duplicate decisions (repeatable): Turtle or any RDF syntax (sa:notDuplicateOf, sa:duplicateOf, "
    "sa:DuplicateDecision) or YAML (- id: …, not_duplicate_of/duplicate_of: …, reason: …); decided pairs are "
    "reported as decided, not as findings. After [decisions] files.",
)


def analysis_config(
    config_path: str | None,
    as_of: int | None = None,
    thesaurus: tuple[str, ...] = (),
    duplicates_within: str | None = None,
    decisions: tuple[str, ...] = (),
) -> Config:
    """The settings of ``--config`` (else ./stratalign.toml, else the defaults) with the analysis options of the
    command line over them: ``--as-of``, the thesauri of ``--thesaurus`` (after [similarity] thesaurus),
    ``--duplicates-within`` and the files of ``--decisions`` (after [decisions] files).

    Every command that analyses a model (analyze, check, report, graph, whatif, restructure, serve) reads its
    settings here, so an option means the same in each: whatif once compared its "before" without the
    ``--thesaurus`` that analyze was given.
    """
    from alignment import load_config, with_decisions, with_thesaurus

    config = load_config(config_path)
    if as_of is not None:
        config.as_of = as_of
    if duplicates_within is not None:
        config.duplicates_within = duplicates_within
    return with_decisions(with_thesaurus(config, thesaurus), decisions)


OUTPUTS = Outputs.of("analyze", ["text", "json", "ttl", "csv", "md"], "text", plain={"text"})


def _run(model, config_path, lang, stage=None, as_of=None, thesaurus=(), duplicates_within=None, decisions=()):
    from alignment import analyze_model as analyze
    from alignment import stderr_notes

    config = analysis_config(config_path, as_of, thesaurus, duplicates_within, decisions)
    if stage is not None:
        stage("load")
    analysis = analyze(model(), config, lang=lang, progress=stage)
    for note in stderr_notes(analysis):  # also with --quiet: what the rules read as missing is no progress report
        click.echo(note, err=True)
    return analysis


@click.command("analyze")
@model_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(OUTPUTS.formats)),
    help="Default: from the -o suffix (.json, .ttl, .csv, .md), else text; a suffix that says otherwise is an error.",
)
@lang_option
@config_option
@as_of_option
@thesaurus_option
@duplicates_within_option
@decisions_option
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
@quiet_option
def analyze(model, fmt, lang, config_path, as_of, thesaurus, duplicates_within, decisions, output, quiet) -> None:
    """Find overlaps, conflicts and coverage gaps in MODEL…

    \b
      stratalign analyze --example esbjerg-2020
      stratalign analyze plan.yaml --format json --lang en
    """
    from alignment import render_chunks
    from ontology import gc_paused

    fmt = format_for(output, OUTPUTS, fmt)

    # One pause from the analysis to the last byte written: re-enabled in between, the
    # collector would walk every finding and row the analysis made (0.2 s at national scale).
    with gc_paused(), Stages(quiet=quiet, lang=lang) as stage:
        analysis = _run(model, config_path, lang, stage, as_of, thesaurus, duplicates_within, decisions)
        stage("writing")
        write_output(render_chunks(analysis, fmt), output)
    say_wrote(output, lang, quiet)


CHECK_OUTPUTS = Outputs.of("check", ["text", "json", "sarif", "junit"], "text", plain={"text"})


@click.command("check")
@model_options
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding (SHACL violations included) has this severity or worse and is not waived.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(CHECK_OUTPUTS.formats)),
    help="text: the failing findings as file:line lines; json; sarif (SARIF 2.1.0, for code scanning); "
    "junit (JUnit XML, for test reports). Default: from the -o suffix (.json, .sarif, .xml), else text.",
)
@click.option("-o", "--output", metavar="FILE", help="Write the findings to FILE (default: standard output).")
@click.option(
    "--shacl/--no-shacl",
    default=True,
    show_default=True,
    help="Also validate against the SHACL shapes; each violation is an error.",
)
@click.option(
    "--waivers",
    "waivers_path",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="YAML list of accepted findings ({kind, subjects, reason, expires}); they are reported as waived.",
)
@lang_option
@config_option
@as_of_option
@thesaurus_option
@duplicates_within_option
@decisions_option
def check(
    model, fail_on, fmt, output, shacl, waivers_path, lang, config_path, as_of, thesaurus, duplicates_within, decisions
) -> None:
    """Exit 1 when MODEL… has findings at or above --fail-on (0 otherwise, 2 on bad input).

    \b
      stratalign check plan.yaml --fail-on warning
      stratalign check plan.yaml --format sarif -o stratalign.sarif --waivers waivers.yaml
    """
    from alignment import check_chunks as render_chunks
    from alignment import load_waivers, run_check, verdict_line

    fmt = format_for(output, CHECK_OUTPUTS, fmt)
    waivers = load_waivers(waivers_path) if waivers_path else []  # a bad file fails before any work
    config = analysis_config(config_path, as_of, thesaurus, duplicates_within, decisions)
    result = run_check(model(), config, lang=lang, fail_on=fail_on, shacl=shacl, waivers=waivers)
    write_output(render_chunks(result, fmt), output)
    if result.note:
        click.echo(result.note, err=True)
    click.echo(verdict_line(result), err=True)
    if not result.passed:
        raise SystemExit(1)
