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
from ontology.loaders.yaml_reader import read_yaml

HINTS = Path(__file__).parent / "data" / "hints"

# (file, line, fragments the one line must hold)
SLIPS = [
    pytest.param(
        "colon-in-label.yaml",
        3,
        ["mapping values are not allowed here", 'put the label in quotes: label: "Vision 2030: Sammen om mere"'],
        id="colon-in-label",
    ),
    pytest.param(
        "colon-in-list-item.yaml",
        2,
        ['put the label in quotes: label: "Vision 2030: Sammen om mere"'],
        id="colon-in-first-key-of-item",
    ),
    pytest.param(
        "key-indented-too-far.yaml", 4, ["check the indentation", "indented too far"], id="key-indented-too-far"
    ),
    pytest.param(
        "key-indented-too-little.yaml",
        4,
        ["expected <block end>", "check the indentation of line 4 (column 4)"],
        id="key-indented-too-little",
    ),
    pytest.param(
        "item-indented-wrong.yaml",
        7,
        ["check the indentation of line 7 (column 6)", "the '- ' items of one list too"],
        id="list-item-indented-wrong",
    ),
    pytest.param("key-at-list-column.yaml", 4, ["but found '?'", "check the indentation"], id="key-at-list-column"),
    pytest.param("tab-indent.yaml", 4, ["indent with spaces only"], id="tab-indent"),
    pytest.param(
        "plain-text-goal.yaml",
        5,
        ["'Flere borgere' is not a usable id", "write the id of a goal here, not its name"],
        id="plain-text-goal",
    ),
    pytest.param(
        "owner-as-text.yaml",
        7,
        ["'Byrådet Esbjerg' is not a usable id", "write the id of an actor here, not its name"],
        id="owner-as-text",
    ),
    pytest.param(
        "decimal-comma-in-flow-map.yaml",
        8,
        ['write a decimal comma in quotes, "6,2", or a point, 6.2'],
        id="decimal-comma-in-flow-map",
    ),
    pytest.param(
        "decimal-comma-in-observations.yaml",
        8,
        ["so 8 was read as a year", 'write a decimal comma in quotes, "11,8", or a point, 11.8'],
        id="decimal-comma-in-observations",
    ),
    pytest.param("lang-dk.yaml", 1, ["'lang': 'dk' is not a language tag; did you mean 'da'?"], id="lang-dk"),
    pytest.param("lang-dansk.yaml", 1, ["'dansk' is not a language tag; did you mean 'da'?"], id="lang-dansk"),
    pytest.param(
        "label-tag-dk.yaml", 3, ["'label': 'dk' is not a language tag; did you mean 'da'?"], id="label-tag-dk"
    ),
    # Regression: a tag of the right shape that BCP 47 refuses (an empty extension, a fourth region) passed the
    # loader and made the store raise: exit 3 in every command; JSON-LD dropped the literal without a word.
    pytest.param("lang-bcp47.yaml", 1, ["'lang': 'de-1' is not a well-formed language tag (BCP 47"], id="lang-bcp47"),
    pytest.param(
        "label-tag-bcp47.yaml", 3, ["'label': 'en-a' is not a well-formed language tag (BCP 47"], id="label-bcp47"
    ),
    pytest.param(
        "label-tag-bcp47.jsonld", 4, ["@language: 'en-a' is not a well-formed language tag"], id="jsonld-bcp47"
    ),
    pytest.param(
        "thousands-ambiguous.yaml", 4, ["115.905 is ambiguous", "write 115905"], id="dot-thousands-stays-refused"
    ),
    pytest.param(
        "thousands-comma-ambiguous.yaml", 4, ["'1,000' is ambiguous", "write 1000"], id="comma-thousands-refused"
    ),
    pytest.param("danish-date-impossible.yaml", 4, ["not a valid date: '31-02-2024'"], id="danish-date-impossible"),
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


def _quads(text: str) -> set[str]:
    return {str(q) for q in read_yaml(text, "m.yaml")[0]}


_MODEL = """\
{lang}indicators:
  - id: i
    label: Indbyggere
    baseline: {baseline}
goals:
  - id: g
    label: Flere borgere
    targets:
      - {{indicator: i, value: {value}, direction: {direction}}}
initiatives:
  - id: n
    label: Byggeri
    status: {status}
    start: {start}
    end: {end}
"""
_ENGLISH = dict(
    lang="",
    baseline="6.2",
    value="120000.5",
    direction="decrease",
    status="planned",
    start="2024-01-01",
    end="2025-06-17",
)


@pytest.mark.parametrize(
    "danish",
    [
        pytest.param({"baseline": "6,2"}, id="decimal-comma"),
        pytest.param({"value": '"120.000,5"'}, id="danish-thousands-quoted"),
        pytest.param({"direction": "mindske"}, id="direction-mindske"),
        pytest.param({"direction": "Mindske"}, id="direction-capitalised"),
        pytest.param({"status": "planlagt"}, id="status-planlagt"),
        pytest.param({"start": "01-01-2024"}, id="date-dashes"),
        pytest.param({"start": "1.1.2024", "end": "17/6/2025"}, id="date-dots-and-slashes"),
        pytest.param({"lang": "lang: da-DK\n"}, id="lang-da-DK"),
    ],
)
def test_danish_forms_give_the_same_graph_as_english(danish):
    english = _quads(_MODEL.format(**_ENGLISH))
    written = _quads(_MODEL.format(**{**_ENGLISH, **danish}))
    if "lang" in danish:  # da-DK tags the labels da-dk; the rest of the graph is the same
        english = {q.replace('"@da', '"@da-dk') for q in english}
    assert written == english


@pytest.mark.parametrize(
    ("word", "meant"), [("igangværende", "ongoing"), ("afsluttet", "completed"), ("aflyst", "cancelled")]
)
def test_every_status_word_of_the_spreadsheet_is_taken(word, meant):
    base = _MODEL.format(**_ENGLISH)
    assert _quads(base.replace("status: planned", f"status: {word}")) == _quads(
        base.replace("status: planned", f"status: {meant}")
    )


@pytest.mark.parametrize("tag", ["da", "en", "de", "sv", "nb", "da-DK", "EN"])
def test_real_language_tags_are_accepted(tag):
    quads = _quads(f"lang: {tag}\nvisions:\n  - id: v\n    label: Vision\n")
    assert any(f'"Vision"@{tag.lower()}' in q for q in quads)


def test_yaml_and_spreadsheet_share_one_vocabulary():
    from ontology.loaders import spreadsheet_schema, values

    assert spreadsheet_schema.ENUM_ALIASES is values.ENUM_ALIASES
    assert spreadsheet_schema._number is values.parse_number


_REFS = "actors:\n  - id: a\n    label: A\nindicators:\n  - id: i\n    label: I\nvisions:\n  - id: v\n    label: V\n"


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        pytest.param("    owner: byraadet\n", "'byraadet' refers to no element", id="owner"),
        pytest.param("    goals:\n      - flere\n", "'flere' refers to no element", id="goal-by-id"),
        pytest.param(
            "    goals:\n      - id: g\n        label: G\n        measured_by: [i, nowhere]\n",
            "'nowhere' refers",
            id="flow-list",
        ),
        pytest.param(
            "    goals:\n      - id: g\n        label: G\n        measured_by:\n          - i\n          - nowhere\n",
            "'nowhere' refers",
            id="block-list",
        ),
        pytest.param(
            "    goals:\n      - id: g\n        label: G\n        targets:\n          - {indicator: nix, value: 3}\n",
            "'nix' refers",
            id="target-indicator",
        ),
        pytest.param(
            "    goals:\n      - id: g\n        label: G\n        owner: i\n",
            "'i' is an indicator, but an actor is expected",
            id="wrong-kind",
        ),
        pytest.param(
            "    goals:\n      - id: g\n        label: G\n        delegated_to: xx\n", "'xx' refers", id="delegated-to"
        ),
        pytest.param("    themes: [t]\n", "'t' refers", id="themes"),
        pytest.param(
            "    goals:\n      - id: g\n        label: G\n        owner: a\n      - nowhere\n",
            "'nowhere' refers",
            id="after-a-good-ref",
        ),
    ],
)
def test_every_reference_error_names_its_line(run, tmp_path, extra, problem):
    text = _REFS + extra
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 2
    assert f"m.yaml:{text.count(chr(10))}: " in result.output  # the reference is on the last line
    assert problem in result.output


def test_danish_thousands_with_decimals_in_a_block_value():
    base = _MODEL.format(**_ENGLISH)
    assert _quads(base.replace("baseline: 6.2", "baseline: 120.000,5")) == _quads(
        base.replace("baseline: 6.2", "baseline: 120000.5")
    )


def test_a_label_tagged_dk_in_rdf_converts_to_yaml_that_reads_back(run, tmp_path):
    """The reader refuses {dk: …}, so the writer keeps such a label in the rdf: block, not as a label map."""
    source = tmp_path / "dk.ttl"
    source.write_text(
        "@prefix sa: <https://w3id.org/stratalign#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://e.org/v> a sa:Vision ; rdfs:label "Vision"@da, "Visjon"@dk .\n',
        encoding="utf-8",
    )
    out = tmp_path / "dk.yaml"
    assert run("convert", source, "--to", "yaml", "-o", out).exit_code == 0
    assert '"Visjon"@dk' in out.read_text(encoding="utf-8").split("rdf: |", 1)[1]
    assert run("validate", out).exit_code == 0


@pytest.mark.parametrize(
    "link",
    [
        "hinders: [g1]",
        "contributes_to: [g1]",
        "conflicts_with: [g1]",
        "not_duplicate_of: [g1]",
        "influences: [{goal: g1, strength: 3}]",
    ],
    ids=["hinders", "contributes_to", "conflicts_with", "not_duplicate_of", "influences"],
)
def test_an_element_naming_itself_is_exit_2_with_its_line(run, tmp_path, link):
    """Regression: a goal hindering itself was a finding ("works against the goal" itself) and a self-loop,
    and a decision on itself was refused in --decisions but taken in the model."""
    path = tmp_path / "self.yaml"
    path.write_text(
        "base: https://e.org/p/\nstrategies:\n  - id: s\n    label: S\n    goals:\n"
        f"      - id: g1\n        label: Flere borgere\n        {link}\n      - {{id: g2, label: Færre ledige}}\n",
        encoding="utf-8",
    )
    result = run("analyze", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"stratalign: error: {path}:8: '{link.split(':')[0]}'")
    assert "itself" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    other = path.read_text(encoding="utf-8").replace("[g1]", "[g2]").replace("goal: g1", "goal: g2")
    path.write_text(other, encoding="utf-8")
    assert run("analyze", path).exit_code == 0


def test_a_date_where_a_year_belongs_is_shown_as_written(run, tmp_path):
    """Regression: the message ended "got datetime.date(2030, 1, 1)"."""
    path = tmp_path / "y.yaml"
    path.write_text(
        "stratalign: 1\nbase: https://e.org/y/\nindicators: [{id: i, label: I}]\n"
        "goals:\n  - {id: g, label: G, targets: [{indicator: i, value: 5, year: 2030-01-01}]}\n",
        encoding="utf-8",
    )
    result = run("analyze", path)
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(":5: 'year': expected a year such as 2020, got 2030-01-01")
