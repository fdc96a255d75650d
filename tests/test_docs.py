"""The user docs come from the code: the command reference is what the click commands say, and no file cites a document users never get."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from stratalign.cli import COMMANDS, cli
from stratalign.cli.reference import DANISH_FILE, README_BEGIN, README_END, ROOT, command_reference, write_docs

#: The product brief's name, spelt in two halves so this file does not cite it itself.
_BRIEF = "SP" + "EC"
#: Words that cite the product brief, which is not part of the product.
BRIEF = (f"{_BRIEF} §", f"{_BRIEF}.md")


def _commands() -> dict[str, click.Command]:
    context = click.Context(cli)
    return {name: cli.get_command(context, name) for name in COMMANDS}


def _section(text: str) -> str:
    return text[text.index(README_BEGIN) : text.index(README_END)]


def test_the_checked_in_reference_is_what_the_generator_writes():
    """The drift check: after changing a command, run `python -m stratalign.cli.reference`."""
    assert write_docs(ROOT, check=True) == []


def test_the_drift_check_names_a_stale_file(tmp_path):
    (tmp_path / "docs").mkdir()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (tmp_path / "README.md").write_text(readme.replace("| `--to` |", "| `--into` |"), encoding="utf-8")
    shutil.copy(ROOT / DANISH_FILE, tmp_path / DANISH_FILE)
    assert write_docs(tmp_path, check=True) == ["README.md"]
    (tmp_path / DANISH_FILE).unlink()
    assert write_docs(tmp_path, check=True) == ["README.md", DANISH_FILE]
    assert write_docs(tmp_path) == ["README.md", DANISH_FILE]  # rewritten, then current
    assert write_docs(tmp_path, check=True) == []


def _check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stratalign.cli.reference", "--check", "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_the_command_line_check_passes_here_and_exits_1_on_drift(tmp_path):
    """`python -m stratalign.cli.reference --check` is the same check outside pytest (a pre-commit hook, CI)."""
    assert _check(ROOT).returncode == 0, _check(ROOT).stderr
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / DANISH_FILE, tmp_path / DANISH_FILE)
    (tmp_path / "README.md").write_text(f"# stratalign\n\n{README_BEGIN}\nold\n{README_END}\n", encoding="utf-8")
    result = _check(tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("README.md: out of date"), result.stderr


@pytest.mark.parametrize(
    "lang, path", [pytest.param("en", "README.md", id="en-README"), pytest.param("da", DANISH_FILE, id="da-cli-da")]
)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_and_choice_of_every_command_is_documented(lang, path, name):
    text = (ROOT / path).read_text(encoding="utf-8")
    text = _section(text) if path == "README.md" else text
    part = text[text.index(f"stratalign {name}\n") :]
    part = part[: part.index("\n#", 1)] if "\n#" in part[1:] else part
    command = _commands()[name]
    for param in command.params:
        if isinstance(param, click.Option):
            assert f"`{', '.join(param.opts)}" in part, f"{name} {param.opts[0]} is missing from {path}"
            if isinstance(param.type, click.Choice):
                for choice in param.type.choices:
                    assert f"`{choice}`" in part, f"{name} {param.opts[0]} {choice} is missing from {path}"


def test_convert_lists_every_format_it_writes():
    """The hand-written table had drifted: `convert --to` lacked csv and xlsx."""
    from ontology.serialize import OUTPUT_FORMATS

    line = next(line for line in command_reference("en").splitlines() if line.startswith("| `--to` |"))
    assert all(f"`{fmt}`" in line for fmt in OUTPUT_FORMATS), line
    assert "`csv`" in line and "`xlsx`" in line


def test_the_danish_reference_is_danish():
    text = command_reference("da")
    assert "| tilvalg | type | standard | hjælp |" in text
    assert "Sprog for etiketter og beskeder." in text and "Language of labels and messages." not in text
    # and building it leaves the commands English for whoever asks next in this process
    assert "Language of labels and messages." in command_reference("en")


def _product_files() -> list[Path]:
    """The tracked files (git ls-files), else every file under the root outside .git and virtual environments."""
    if (ROOT / ".git").exists() and shutil.which("git"):
        names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
        return [ROOT / name for name in names.decode().split("\0") if name]
    skip = {".git", ".venv", "venv", "__pycache__", ".hypothesis"}
    return [path for path in ROOT.rglob("*") if path.is_file() and not skip & set(path.relative_to(ROOT).parts)]


def _citations(paths: list[Path], root: Path = ROOT) -> list[str]:
    found = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue  # binary (images, workbooks), or deleted in the working tree
        for number, line in enumerate(text.splitlines(), 1):
            if any(word in line for word in BRIEF):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_file_of_the_product_cites_the_brief():
    """The contract lives in the product's own docs (README, docs/*.md), not in a file users never get."""
    assert _citations(_product_files()) == []


def test_the_citation_check_can_fail(tmp_path):
    (tmp_path / "rule.py").write_text(f"# exit codes: see {_BRIEF} §5\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe " + f"{_BRIEF}.md".encode())
    assert _citations([tmp_path / "rule.py", tmp_path / "image.png"], tmp_path) == [
        f"rule.py:1: # exit codes: see {_BRIEF} §5"
    ]


def _readme_terminal_excerpt() -> list[str]:
    """The lines of the README's abridged terminal output of ``stratalign analyze --example esbjerg-2020``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("```\n", text.index("terminal shows (abridged)")) + 4
    return [line for line in text[start : text.index("```\n", start)].splitlines() if line.strip() not in ("", "…")]


def test_the_readme_shows_what_analyze_prints_on_the_bundled_example(run):
    """Regression: the README's excerpt kept finding codes and "0.81" after the text output turned Danish
    (kinds by name, "tekstlighed 0,81"); every line it shows must be a line the command prints, in order."""
    result = run("analyze", "--example", "esbjerg-2020")
    assert result.exit_code == 0, result.output  # analyze reports; `check` is the one that fails on findings
    printed = result.output.splitlines()
    excerpt = _readme_terminal_excerpt()
    assert len(excerpt) >= 6
    at = 0
    for line in excerpt:
        assert line in printed[at:], f"README line not printed (in this order): {line!r}"
        at = printed.index(line, at) + 1
