"""`stratalign diff`: compare an old and a new version of a model."""

from __future__ import annotations

import click

from ._common import Outputs, format_for, input_limit_option, lang_option, open_model, write_output
from ._progress import Stages, quiet_option, say_wrote

OUTPUTS = Outputs.of("diff", ["text", "json", "html"], "text", plain={"text"})


@click.command("diff")
@click.argument("models", nargs=-1, metavar="[OLD] [NEW]")
@click.option("--old-example", metavar="NAME", help="A bundled example as the old version (instead of OLD).")
@click.option("--new-example", metavar="NAME", help="A bundled example as the new version (instead of NEW).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(OUTPUTS.formats)),
    help="Default: from the -o suffix (.json, .html), else text; a suffix that says otherwise is an error.",
)
@lang_option
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
@quiet_option
@input_limit_option
def diff(
    models: tuple[str, ...],
    old_example: str | None,
    new_example: str | None,
    fmt: str | None,
    lang: str,
    output: str | None,
    quiet: bool,
) -> None:
    """Compare OLD with NEW: goals and initiatives kept, renamed, merged, added,
    dropped or moved between plans, and target changes (value, year,
    direction, a number replaced by a vaguer aim).

    Elements are matched by IRI, then by the same local id, then by text
    similarity (the score is shown).

    \b
      stratalign diff --old-example esbjerg-2020 --new-example esbjerg-2025
      stratalign diff plan-2020.yaml plan-2025.xlsx --format html -o diff.html
    """
    from alignment import diff_models, render_diff

    fmt = format_for(output, OUTPUTS, fmt)
    files = list(models)
    sides: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for which, example in (("OLD", old_example), ("NEW", new_example)):
        if example:
            sides.append(((), (example,)))
        elif files:
            sides.append(((files.pop(0),), ()))
        else:
            raise click.UsageError(f"give {which} as a model file or --{which.lower()}-example NAME")
    if files:
        raise click.UsageError(f"too many models: {' '.join(files)} (give one OLD and one NEW)")
    with Stages(quiet=quiet, lang=lang) as stage:
        stage("load")
        old, new = (open_model(paths, examples) for paths, examples in sides)
        stage("diff")
        compared = diff_models(old, new, lang=lang)
        stage("writing")
        write_output(render_diff(compared, fmt), output)
    say_wrote(output, lang, quiet)
