"""`stratalign extract`: a draft model (YAML) from strategy documents, every element with its evidence."""

from __future__ import annotations

import click

from ._common import Outputs, format_for, write_output
from ._progress import quiet_option, say_wrote, user_lang

#: A draft is the YAML authoring format: -o names a .yaml (or .yml) file, or standard output.
OUTPUTS = Outputs("extract", {"yaml": (".yaml", ".yml")}, "yaml")


@click.command("extract")
@click.argument("documents", nargs=-1, metavar="DOCUMENT…")
@click.option("-o", "--output", metavar="FILE", help="Write the draft model to FILE.yaml (default: standard output).")
@quiet_option
def extract(documents: tuple[str, ...], output: str | None, quiet: bool) -> None:
    """Write a draft model from DOCUMENT… (PDF, DOCX, Markdown, text) in the YAML format.

    Plans come from the titles, goals from the sentences that state them (the Danish goal cues,
    "… skal …", numbered ambitions: README, "Extracting a draft model"), targets with their value,
    year and direction, focus areas and initiatives from lists headed by their Danish names, and
    delegations from "i … regi". Every element carries its evidence (document, page, exact quote)
    and a confidence; a goal found again in another document is one goal of both plans. The text
    must be Danish. The draft is marked `draft: true`: check it against the sources.

    \b
      stratalign extract vision2020.pdf vaekststrategi.docx -o draft.yaml
      stratalign analyze draft.yaml
    """
    from alignment import extract_yaml

    format_for(output, OUTPUTS)  # -o draft.json is exit 2 before any document is read
    write_output(extract_yaml(list(documents)), output)
    say_wrote(output, user_lang(), quiet)
