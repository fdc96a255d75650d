"""The command reference of the docs, written from the click commands themselves.

The README's "Command reference" (English) and ``docs/cli-da.md`` (Danish) are
generated: every command, every option with its type, default and choices, and
the help text the command's ``--help`` shows. Rewrite them after changing a
command, and check them (``tests/test_docs.py`` fails on a difference)::

    python -m stratalign.cli.reference          # rewrite README.md and docs/cli-da.md
    python -m stratalign.cli.reference --check  # exit 1 and name the file that differs

>>> "| `--to` | `ttl` \\\\| `nt`" in command_reference("en")
True
"""

from __future__ import annotations

import argparse
import inspect
import math
import sys
from pathlib import Path
from typing import Any

import click

from . import COMMANDS, cli
from .help_texts import HELP_LANG, SUMMARY, localize, metavars

__all__ = ["command_reference", "write_docs", "README_BEGIN", "README_END", "ROOT"]

ROOT = Path(__file__).resolve().parents[2]
README_BEGIN = "<!-- BEGIN command reference: written by `python -m stratalign.cli.reference`; do not edit -->"
README_END = "<!-- END command reference -->"
DANISH_FILE = "docs/cli-da.md"

#: The reference's own words, per language.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Command reference",
        "command": "command",
        "what": "what it does",
        "option": "option",
        "type": "type",
        "default": "default",
        "help": "help",
        "flag": "flag",
        "text": "text",
        "file": "file",
        "directory": "directory",
        "path": "path",
        "integer": "integer",
        "number": "number",
        "repeatable": "repeatable",
        "required": "required",
        "options of every command": "Options of `stratalign` itself (before the command)",
        "usage": "Usage",
    },
    "da": {
        "title": "Kommandooversigt",
        "command": "kommando",
        "what": "hvad den gør",
        "option": "tilvalg",
        "type": "type",
        "default": "standard",
        "help": "hjælp",
        "flag": "flag",
        "text": "tekst",
        "file": "fil",
        "directory": "mappe",
        "path": "sti",
        "integer": "heltal",
        "number": "tal",
        "repeatable": "kan gentages",
        "required": "påkrævet",
        "options of every command": "Tilvalg til `stratalign` selv (før kommandoen)",
        "usage": "Brug",
    },
}


def _cell(text: str) -> str:
    """A table cell: one line, its pipes escaped (the help texts are ours: their backticks are meant)."""
    return " ".join(text.split()).replace("|", "\\|")


def _paragraphs(text: str) -> list[str]:
    """A click help text as Markdown blocks: prose joined into one line, ``\\b`` blocks fenced as written."""
    blocks = []
    for block in inspect.cleandoc(text).split("\n\n"):
        if block.startswith("\b\n"):
            lines = block[2:].split("\n")
            indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
            blocks.append("```\n" + "\n".join(line[indent:] for line in lines) + "\n```")
        else:
            blocks.append(" ".join(block.split()))
    return blocks


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _type(option: click.Option, words: dict[str, str]) -> str:
    """The option's type: its choices, flag, file, integer ≥ 1, …"""
    kind = option.type
    if option.is_flag:
        text = words["flag"]
    elif isinstance(kind, click.Choice):
        text = " \\| ".join(f"`{choice}`" for choice in kind.choices)
    elif isinstance(kind, click.Path) or (option.metavar or "").startswith("FILE"):
        text = (
            words["directory"]
            if not getattr(kind, "file_okay", True)
            else words["file"]
            if not getattr(kind, "dir_okay", False)
            else words["path"]
        )
    elif isinstance(kind, (click.IntRange, click.FloatRange)):
        text = words["integer" if isinstance(kind, click.IntRange) else "number"]
        low, high = kind.min, kind.max
        if low is not None and high is not None:
            text += f" {_number(low)}–{_number(high)}"
        elif low is not None:
            text += f" {'>' if kind.min_open else '≥'} {_number(low)}"
        elif high is not None:
            text += f" {'<' if kind.max_open else '≤'} {_number(high)}"
    elif isinstance(kind, click.types.IntParamType):
        text = words["integer"]
    elif isinstance(kind, click.types.FloatParamType):
        text = words["number"]
    else:
        text = words["text"]
    if option.multiple:
        text += f", {words['repeatable']}"
    if option.required:
        text += f", {words['required']}"
    return text


def _default(option: click.Option) -> str:
    """The default the option shows, or "" when it has none (click's unset marker, None, a flag that is off)."""
    value: Any = option.default
    if option.is_flag:
        return f"`{option.opts[0]}`" if value is True and option.secondary_opts else ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    if isinstance(value, float) and math.isfinite(value):
        value = _number(value)
    return f"`{value}`"


def _name(option: click.Option, context: click.Context) -> str:
    """The option as ``--help`` names it (``-o, --output FILE``, ``--store DIRECTORY``), its choices in the type column."""
    names = " / ".join([", ".join(option.opts), *option.secondary_opts])
    if not option.is_flag and not isinstance(option.type, click.Choice):
        # click 8.2 takes the context, 8.1 does not
        names += f" {option.make_metavar(context)}" if _takes_context(option) else f" {option.make_metavar()}"  # type: ignore[call-arg]
    return f"`{names}`"


def _takes_context(option: click.Option) -> bool:
    """click 8.2 passes the context to ``make_metavar``; 8.1 takes none."""
    return "ctx" in inspect.signature(option.make_metavar).parameters


def _options_table(command: click.Command, context: click.Context, words: dict[str, str], lang: str) -> list[str]:
    rows = [
        f"| {words['option']} | {words['type']} | {words['default']} | {words['help']} |",
        "| --- | --- | --- | --- |",
    ]
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            rows.append(
                f"| {metavars(_name(param, context), lang)} | {_type(param, words)} | {_default(param)} | {_cell(param.help or '')} |"
            )
    return rows


def command_reference(lang: str, heading: str = "###") -> str:
    """The reference of every command in ``lang`` as Markdown: a summary table, then each command's help and options."""
    words = WORDS[lang]
    context = click.Context(cli, info_name="stratalign")
    context.meta[HELP_LANG] = lang
    localize(cli, "stratalign", lang)
    lines = [
        f"| {words['command']} | {words['what']} |",
        "| --- | --- |",
        *(f"| [`{name}`](#stratalign-{name}) | {_cell(SUMMARY[lang][name])} |" for name in sorted(COMMANDS)),
        "",
        f"{words['options of every command']}:",
        "",
        *_options_table(cli, context, words, lang),
    ]
    for name in sorted(COMMANDS):
        found = cli.get_command(context, name)
        assert found is not None, name  # every name of COMMANDS loads
        command = localize(found, name, lang)
        sub = click.Context(command, info_name=name, parent=context)
        usage = metavars(" ".join(["stratalign", name, *command.collect_usage_pieces(sub)]), lang)
        lines += ["", f"{heading} stratalign {name}", "", "```", usage, "```", ""]
        for block in _paragraphs(command.help or ""):
            lines += [block, ""]
        lines += _options_table(command, sub, words, lang)
    localize(cli, "stratalign", "en")
    return "\n".join(lines) + "\n"


def _readme(text: str) -> str:
    """README.md with its generated section replaced by the current reference."""
    begin, end = text.find(README_BEGIN), text.find(README_END)
    if begin < 0 or end < begin:
        raise ValueError(f"README.md lacks the markers {README_BEGIN!r} … {README_END!r}")
    return text[: begin + len(README_BEGIN)] + "\n\n" + command_reference("en") + "\n" + text[end:]


def _danish() -> str:
    return (
        f"# {WORDS['da']['title']}\n\n"
        "<!-- Skrevet af `python -m stratalign.cli.reference` ud fra kommandoernes danske hjælp; ret ikke her. -->\n\n"
        "Den samme oversigt på engelsk står i README.md. Hver kommando viser sin hjælp med\n"
        "`stratalign KOMMANDO --help --lang da` (eller en dansk locale).\n\n" + command_reference("da", heading="##")
    )


def write_docs(root: Path = ROOT, check: bool = False) -> list[str]:
    """Write (or with ``check`` only compare) README.md's reference and docs/cli-da.md; returns the files that differ."""
    readme = root / "README.md"
    wanted = {readme: _readme(readme.read_text(encoding="utf-8")), root / DANISH_FILE: _danish()}
    stale = []
    for path, text in wanted.items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            stale.append(str(path.relative_to(root)))
            if not check:
                path.write_text(text, encoding="utf-8")
    return stale


def main(argv: list[str] | None = None) -> int:
    """``python -m stratalign.cli.reference [--check]``: exit 1 when a checked file is stale."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if a file differs")
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the checkout whose README.md and docs/ to write (default: this one)"
    )
    args = parser.parse_args(argv)
    stale = write_docs(args.root, check=args.check)
    for name in stale:
        print(
            f"{name}: {'out of date; run python -m stratalign.cli.reference' if args.check else 'rewritten'}",
            file=sys.stderr,
        )
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
