"""Every --help page in the user's language: Danish with --lang da or a Danish locale, English otherwise."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from stratalign.cli import COMMANDS, cli
from stratalign.cli.help_texts import DANISH, LANGS, STOCK, SUMMARY, help_lang

#: Words no Danish help text has, but English ones do (click's stock words among them).
ENGLISH_ONLY = (
    " the ",
    "Show",
    "Write",
    " and ",
    " with ",
    " of ",
    "Usage:",
    "Options:",
    "Commands:",
    "default:",
    " a ",
)

PAGES = [pytest.param((), id="group")] + [pytest.param((name,), id=name) for name in sorted(COMMANDS)]
NO_LOCALE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}


def _help(args: tuple[str, ...], env: dict[str, str]) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _texts(page: str) -> list[str]:
    """The page's prose: its lines without the examples (indented command lines) and option names."""
    prose = []
    for line in page.splitlines():
        line = line.strip()
        if line.startswith("stratalign ") or line.startswith("curl "):
            continue  # an example command line: the same in every language
        prose.append(re.sub(r"^-\S*(, -\S+)?( \S+)?\s{2,}", "", line))
    return prose


@pytest.mark.parametrize("args", PAGES)
@pytest.mark.parametrize(
    "how",
    [
        pytest.param(("--lang", "da"), id="lang-option"),
        pytest.param("LANG", id="LANG"),
        pytest.param("LC_ALL", id="LC_ALL"),
    ],
)
def test_danish_help_has_no_english_words(args, how):
    if isinstance(how, tuple):
        if not args or not any(p.name == "lang" for p in cli.get_command(click.Context(cli), args[0]).params):
            pytest.skip("no --lang here: this help follows the locale")
        danish = _help((*args, *how), NO_LOCALE)
    else:
        danish = _help(args, {**NO_LOCALE, how: "da_DK.UTF-8"})
    english = _help(args, {**NO_LOCALE, "LANG": "en_GB.UTF-8"})
    assert danish != english
    found = [(word, line) for line in _texts(danish) for word in ENGLISH_ONLY if word in f" {line} "]
    assert not found, found
    assert "Tilvalg:" in danish and "Vis denne hjælp og afslut." in danish


@pytest.mark.parametrize("args", PAGES)
def test_english_help_by_default_and_with_lang_en(args):
    default = _help(args, NO_LOCALE)
    assert "Options:" in default and "Show this message and exit." in default
    assert not re.search(r"[æøå]", "\n".join(_texts(default)).replace("eksempel", "")), default
    # --lang en beats a Danish locale; LC_ALL beats LANG (POSIX)
    has_lang = bool(args) and any(p.name == "lang" for p in cli.get_command(click.Context(cli), args[0]).params)
    assert (
        _help(
            (*args, "--lang", "en") if has_lang else args,
            {**NO_LOCALE, "LC_ALL": "" if has_lang else "C", "LANG": "da_DK.UTF-8"},
        )
        == default
    )


def test_every_command_has_a_summary_in_both_languages():
    assert set(SUMMARY) == set(LANGS) == set(STOCK)
    assert set(SUMMARY["da"]) == set(SUMMARY["en"]) == set(COMMANDS)
    assert set(STOCK["da"]) == set(STOCK["en"])


def _options(command: click.Command) -> dict[str, click.Option]:
    return {param.name: param for param in command.params if isinstance(param, click.Option) and param.name}


def _commands() -> dict[str, click.Command]:
    context = click.Context(cli)
    return {"stratalign": cli, **{name: cli.get_command(context, name) for name in COMMANDS}}


@pytest.mark.parametrize("name", ["stratalign", *sorted(COMMANDS)])
def test_every_command_and_option_has_an_english_and_a_danish_text(name):
    command = _commands()[name]
    assert (command.help or "").strip(), f"{name} has no help of its own"
    assert DANISH.get(name, {}).get(""), f"{name} has no Danish help"
    for option in _options(command).values():
        assert option.help, f"{name} {option.opts[0]} has no help"
        danish = DANISH.get(name, {}).get(option.name) or DANISH["*"].get(option.name)
        assert danish, f"{name} {option.opts[0]} has no Danish help"


def test_no_danish_text_names_an_option_that_is_gone():
    commands = _commands()
    assert set(DANISH) - {"*"} <= set(commands), set(DANISH) - {"*"} - set(commands)
    for name, texts in DANISH.items():
        if name == "*":
            used = set().union(*(_options(command) for command in commands.values()))
            assert set(texts) <= used, set(texts) - used
        else:
            assert set(texts) - {""} <= set(_options(commands[name])), set(texts) - {""} - set(_options(commands[name]))


def test_the_checks_fail_on_a_missing_and_on_a_stale_danish_text(monkeypatch):
    """The two tests above can fail: an option Danish lacks, and a Danish key no option has."""
    monkeypatch.delitem(DANISH["examples"], "show_path")
    with pytest.raises(AssertionError, match="--path has no Danish help"):
        test_every_command_and_option_has_an_english_and_a_danish_text("examples")
    monkeypatch.setitem(DANISH["examples"], "no_such_option", "Findes ikke.")
    with pytest.raises(AssertionError, match="no_such_option"):
        test_no_danish_text_names_an_option_that_is_gone()


@pytest.mark.parametrize(
    "args, environ, expected",
    [
        pytest.param(["analyze", "--lang", "da"], {"LANG": "en_US"}, "da", id="option-beats-locale"),
        pytest.param(["analyze", "--lang=en"], {"LC_ALL": "da_DK"}, "en", id="option-equals"),
        pytest.param(["analyze"], {"LC_ALL": "en_US", "LANG": "da_DK"}, "en", id="LC_ALL-beats-LANG"),
        pytest.param(["analyze"], {"LC_MESSAGES": "da_DK.UTF-8", "LANG": "en_US"}, "da", id="LC_MESSAGES-beats-LANG"),
        pytest.param(["analyze"], {"LC_ALL": "", "LANG": "da"}, "da", id="empty-is-unset"),
        pytest.param(["query", "-q", "x", "--", "--lang", "da"], {}, "en", id="after-double-dash"),
        pytest.param(["analyze", "--lang", "fr"], {}, "en", id="unknown-lang"),
        pytest.param([], {}, "en", id="nothing"),
    ],
)
def test_help_lang(args, environ, expected):
    assert help_lang(args, environ) == expected


@pytest.mark.parametrize(
    ("lang", "usage", "option"),
    [
        ("da", "Brug: stratalign analyze [TILVALG] [MODEL]...", "--example NAVN"),
        ("en", "Usage: stratalign analyze [OPTIONS] [MODEL]...", "--example NAME"),
    ],
    ids=["da", "en"],
)
def test_the_placeholders_are_in_the_help_language(lang, usage, option):
    """Regression: the Danish help said "--example NAVN" in its text beside "--example NAME", and
    "[OPTIONS]" in its usage line; "mappen DIR" beside "--store DIRECTORY"."""
    result = CliRunner().invoke(cli, ["analyze", "--help", "--lang", lang], prog_name="stratalign")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == usage
    assert option in result.output
    if lang == "da":
        assert "--store MAPPE" in result.output and "DIRECTORY" not in result.output and " DIR:" not in result.output


@pytest.mark.parametrize("args", PAGES)
def test_danish_help_names_no_placeholder_in_english(args):
    """Regression: click's INTEGER RANGE / FLOAT RANGE (--port, --timeout, --limit) and the texts' OLD, NEW
    and FILE stayed English beside the usage line's GAMMEL, NY and FIL."""
    danish = _help(args, {**NO_LOCALE, "LANG": "da_DK.UTF-8"})
    words = set(re.findall(r"\b[A-Z]{2,}\b", danish))
    assert not words & {"INTEGER", "FLOAT", "RANGE", "FILE", "OLD", "NEW", "OPTIONS", "COMMAND", "NAME", "TEXT"}, words
