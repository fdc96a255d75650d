"""Signs of life on stderr: a stage line on a terminal (a real pseudo-terminal), a "wrote" line, silence with --quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from alignment.messages import TEXT
from stratalign.cli import cli

ROOT = Path(__file__).parent.parent
EX = ("--example", "esbjerg-2020")
STAGE_WORDS = {lang: [words[key] for key in words if key.startswith("stage_")] for lang, words in TEXT.items()}

# The stage line waits about a second; these runs take less on a fast machine, so the delay is 0 here.
RUN_WITHOUT_DELAY = (
    "import stratalign.cli._progress as p, stratalign.cli as c, sys; p.DELAY = 0; sys.argv[0] = 'stratalign'; c.main()"
)


def _on_a_terminal(args: list[str], cwd: Path, **env: str) -> tuple[int, str]:
    """Run the CLI with standard error on a pseudo-terminal: (exit code, what the terminal got)."""
    master, slave = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")}
    environ.update(PYTHONPATH=str(ROOT), **env)
    proc = subprocess.Popen(
        [sys.executable, "-c", RUN_WITHOUT_DELAY, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        cwd=cwd,
        env=environ,
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed (Linux gives EIO)
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return proc.wait(timeout=120), seen.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "args, lang",
    [
        pytest.param(["analyze", *EX, "-o", "out.txt"], "da", id="analyze"),
        pytest.param(["report", *EX, "--lang", "en", "-o", "out.html"], "en", id="report"),
        pytest.param(["graph", *EX, "-o", "out.html"], "da", id="graph"),
        pytest.param(
            ["diff", "--old-example", "esbjerg-2020", "--new-example", "esbjerg-2025", "-o", "out.html"],
            "da",
            id="diff",
        ),
    ],
)
def test_a_terminal_sees_the_stage_then_what_was_written(tmp_path, args, lang):
    code, seen = _on_a_terminal(args, tmp_path)
    assert code == 0, seen
    assert any(f"stratalign: {words}" in seen for words in STAGE_WORDS[lang]), seen
    written = TEXT[lang]["wrote"].split(" ", 1)[0]  # "skrev" / "wrote"
    assert f"{written} {args[-1]} (" in seen and (tmp_path / args[-1]).is_file()


def test_no_color_keeps_the_line_without_colour(tmp_path):
    # no-color.org: NO_COLOR asks for no colour, not for no output
    code, seen = _on_a_terminal(["analyze", *EX, "-o", "out.txt"], tmp_path, NO_COLOR="1")
    assert code == 0
    assert "stratalign: " in seen and "skrev out.txt" in seen
    assert "\x1b[3" not in seen and "\x1b[9" not in seen, repr(seen)  # no foreground colour codes


def test_ci_gets_plain_stage_lines_not_an_animation(tmp_path):
    code, seen = _on_a_terminal(["analyze", *EX, "-o", "out.txt"], tmp_path, CI="true")
    assert code == 0
    assert "\x1b[?25l" not in seen and "\r\x1b" not in seen, repr(seen)  # no hidden cursor, no redrawn line
    stages = [line for line in seen.splitlines() if line.startswith("stratalign: ")]
    assert stages and all(line.endswith("…") for line in stages), seen


def test_quiet_on_a_terminal_prints_nothing(tmp_path):
    code, seen = _on_a_terminal(["report", *EX, "--quiet", "-o", "out.html"], tmp_path)
    assert code == 0 and seen == "" and (tmp_path / "out.html").is_file()


WRITERS = [
    pytest.param(["analyze", *EX, "-o", "out.json"], id="analyze"),
    pytest.param(["report", *EX, "-o", "out.md"], id="report"),
    pytest.param(["graph", *EX, "-o", "out.graphml"], id="graph"),
    pytest.param(
        ["diff", "--old-example", "esbjerg-2020", "--new-example", "esbjerg-2025", "-o", "out.json"], id="diff"
    ),
    pytest.param(["convert", *EX, "--to", "ttl", "-o", "out.ttl"], id="convert"),
    pytest.param(["query", *EX, "--name", "goals", "-o", "out.csv"], id="query"),
    pytest.param(["restructure", *EX, "-o", "out.yaml", "--explain", "out.md"], id="restructure"),
    pytest.param(["template", "-o", "out.xlsx"], id="template"),
]


@pytest.mark.parametrize("args", WRITERS)
def test_without_a_terminal_only_the_wrote_line(tmp_path, args, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args, env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    files = sorted(p.name for p in tmp_path.iterdir())
    lines = result.stderr.splitlines()
    assert len(lines) == len(files) >= 1, result.stderr
    for line, name in zip(lines, [a for a in args if a.startswith("out.")]):
        size = (tmp_path / name).stat().st_size
        assert line.split(" (")[0] in (f"skrev {name}", f"wrote {name}") and line.endswith("B)"), line
        assert size > 0


@pytest.mark.parametrize("args", WRITERS)
def test_quiet_prints_nothing_on_success(tmp_path, args, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*args, "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0 and result.stderr == "" and result.stdout == ""
    assert any(tmp_path.iterdir())


def test_standard_output_gets_no_wrote_line():
    result = CliRunner().invoke(cli, ["analyze", *EX, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0 and result.stderr == "" and result.stdout.startswith("{")


@pytest.mark.parametrize(
    "size, lang, expected",
    [(557_300, "da", "557 KB"), (1_234_567, "da", "1.235 KB"), (1_234_567, "en", "1,235 KB"), (12, "en", "12 B")],
)
def test_the_size_is_in_the_language_s_number_style(tmp_path, monkeypatch, capsys, size, lang, expected):
    from stratalign.cli._progress import say_wrote

    (tmp_path / "f").write_bytes(b"x" * size)
    monkeypatch.chdir(tmp_path)
    say_wrote("f", lang, quiet=False)
    assert capsys.readouterr().err.strip().endswith(f"f ({expected})")
