"""`stratalign restructure`: propose one common vision over the strategies (the Esbjerg memo's model)."""

from __future__ import annotations

import click

from ._common import Outputs, format_for, lang_option, model_options, write_output
from ._progress import quiet_option, say_wrote
from .analyze_cmd import analysis_config, decisions_option, duplicates_within_option, thesaurus_option

OUTPUTS = Outputs.of("restructure", ["yaml"], "yaml")
EXPLAIN_OUTPUTS = Outputs.of("restructure --explain", ["text", "md"], "text", plain={"text"})


@click.command("restructure")
@model_options
@click.option(
    "-o", "--output", metavar="FILE.yaml", help="Write the proposal as a YAML model (default: standard output)."
)
@click.option(
    "--explain",
    "explain_path",
    metavar="FILE",
    help="Write the explanation of every move (Markdown for .md, text for .txt or a suffix that names no format).",
)
@lang_option
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Settings file with the duplicate thresholds (default: ./stratalign.toml if present).",
)
@thesaurus_option
@duplicates_within_option
@decisions_option
@quiet_option
def restructure(
    model,
    output: str | None,
    explain_path: str | None,
    lang: str,
    config_path: str | None,
    thesaurus: tuple[str, ...],
    duplicates_within: str | None,
    decisions: tuple[str, ...],
    quiet: bool,
) -> None:
    """Propose the memo's structure for MODEL…: one common vision on top,
    shared and duplicate goals lifted to it or merged, every other goal in
    exactly one strategy, initiatives following their goals, owners kept.
    Two goals decided not to be duplicates (sa:notDuplicateOf in the model,
    --decisions, [decisions] files) are never merged.

    With -o and no --explain, the explanation is printed on standard output.

    \b
      stratalign restructure --example esbjerg-2020 -o proposal.yaml --explain proposal.md
      stratalign analyze proposal.yaml
    """
    from alignment import restructure_model as propose

    format_for(output, OUTPUTS)
    explain_format = format_for(explain_path, EXPLAIN_OUTPUTS) if explain_path else None
    config = analysis_config(config_path, None, thesaurus, duplicates_within, decisions)
    proposal = propose(model(), lang=lang, config=config)
    write_output(proposal.to_yaml(), output)
    say_wrote(output, lang, quiet)
    if explain_path and explain_format:
        write_output(proposal.explain(explain_format), explain_path)
        say_wrote(explain_path, lang, quiet)
    elif output not in (None, "-"):
        click.echo(proposal.explain("text"), nl=False)
    if proposal.remaining:
        click.echo(
            f"stratalign: warning: the proposal still has {len(proposal.remaining)} findings of "
            + ", ".join(sorted({f.kind for f in proposal.remaining})),
            err=True,
        )
