"""Nothing is fetched at run time: an audit hook fails on any socket or URL opening.

Audit hooks cannot be removed once installed, so each check runs in its own
interpreter.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ontology.examples import example_names

ROOT = Path(__file__).resolve().parent.parent

GUARD = textwrap.dedent(
    """
    import sys

    def deny(event, args):
        if event.startswith(("socket.", "urllib.Request")) and event not in ("socket.__new__", "socket.gethostname"):
            raise RuntimeError(f"network access during an offline command: {event} {args!r}")

    sys.addaudithook(deny)
    from alignment.cli import cli
    cli(sys.argv[1:], prog_name="stratalign")
    """
)


@pytest.mark.parametrize("name", example_names())
@pytest.mark.parametrize(
    "command",
    [["analyze", "--format", "json"], ["report", "-o", "{tmp}/report.html"], ["graph", "--view", "coverage", "-o", "{tmp}/view.html"]],
    ids=["analyze", "report", "graph"],
)
def test_commands_open_no_socket_and_no_url(tmp_path, name, command):
    args = [a.format(tmp=tmp_path) for a in command] + ["--example", name]
    result = subprocess.run([sys.executable, "-c", GUARD, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "network access" not in result.stderr


def test_the_guard_itself_catches_a_connection(tmp_path):
    probe = GUARD.replace("from alignment.cli import cli\ncli(sys.argv[1:], prog_name=\"stratalign\")", "import socket\nsocket.create_connection(('127.0.0.1', 9))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "network access during an offline command" in result.stderr
