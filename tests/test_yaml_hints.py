"""YAML slips an author makes daily get one line with the file, the line, the cause and the fix.

A colon in a label, a wrong indent, a text where an id belongs, a misspelt
language tag: each is refused with exit 2 and one line that says what to write
instead. The Danish words, decimal commas and Danish dates a spreadsheet takes
are taken in YAML too, and give the same graph as the English forms.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from ontology.errors import MAX_MESSAGE

HINTS = Path(__file__).parent / "data" / "hints"

# (file, line, fragments the one line must hold)
SLIPS = [
    pytest.param("colon-in-label.yaml", 3, ["mapping values are not allowed here",
                 'put the label in quotes: label: "Vision 2030: Sammen om mere"'], id="colon-in-label"),
    pytest.param("colon-in-list-item.yaml", 2, ['put the label in quotes: label: "Vision 2030: Sammen om mere"'],
                 id="colon-in-first-key-of-item"),
    pytest.param("key-indented-too-far.yaml", 4, ["check the indentation", "indented too far"], id="key-indented-too-far"),
    pytest.param("key-indented-too-little.yaml", 4, ["expected <block end>", "check the indentation of line 4 (column 4)"],
                 id="key-indented-too-little"),
    pytest.param("item-indented-wrong.yaml", 7, ["check the indentation of line 7 (column 6)", "the '- ' items of one list too"], id="list-item-indented-wrong"),
    pytest.param("key-at-list-column.yaml", 4, ["but found '?'", "check the indentation"], id="key-at-list-column"),
    pytest.param("tab-indent.yaml", 4, ["indent with spaces only"], id="tab-indent"),
    pytest.param("plain-text-goal.yaml", 5, ["'Flere borgere' is not a usable id"], id="plain-text-goal"),
    pytest.param("owner-as-text.yaml", 7, ["'Byrådet Esbjerg' is not a usable id"], id="owner-as-text"),
]


@pytest.mark.parametrize(("name", "line", "fragments"), SLIPS)
def test_slip_is_one_line_with_its_line_and_hint(run, name, line, fragments):
    result = run("validate", HINTS / name)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert len(lines[0]) <= MAX_MESSAGE + len("stratalign: error: ") + 1
    assert f"{name}:{line}: " in lines[0]
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output
