"""Hostile YAML (issue 21): every file under tests/data/bad/ that once crashed, hung or lost data.

Each is refused with exit 2 and one line of at most 300 characters that names
the file and the line, shows the input's control characters as escapes, and
is read in bounded time. The limits (nesting depth, alias expansion, digits)
are documented in docs/authoring.md; YAML used normally (aliases, nesting a
few dozen levels, long numbers) still loads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ontology.errors import MAX_MESSAGE
from ontology.loaders import load_model
from ontology.loaders.yaml_reader import MAX_ALIAS_NODES, MAX_DEPTH, MAX_DIGITS

BAD = Path(__file__).parent / "data" / "bad"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# (file, line or None, fragment of the message)
CASES = [
    ("date-day-out-of-range.yaml", 5, "'2019-02-30' is not a valid date (day is out of range for month)"),
    ("date-month-out-of-range.yaml", 5, "is not a valid date (month must be in 1..12)"),
    ("date-year-zero.yaml", 5, "is not a valid date (year 0 is out of range)"),
    ("huge-number.yaml", 5, f"a number of 5000 digits is more than stratalign reads (at most {MAX_DIGITS})"),
    ("huge-hex-number.yaml", 5, "is larger than stratalign reads"),
    ("surrogate.yaml", 4, "invalid text"),
    ("duplicate-language.yaml", 4, "key 'da' appears twice in one mapping (first on line 4)"),
    ("duplicate-nested-key.yaml", 9, "key 'da' appears twice in one mapping (first on line 8)"),
    ("unknown-tag.yaml", 4, "unknown YAML tag '!foo'"),
    ("python-tag.yaml", 4, "unknown YAML tag"),
    ("deep-label.yaml", 4, f"nested more than {MAX_DEPTH} levels deep"),
    ("deep-goals.yaml", 5, f"nested more than {MAX_DEPTH} levels deep"),
    ("alias-bomb.yaml", 4, f"aliases repeat more than {MAX_ALIAS_NODES:,} values"),
    ("recursive-alias.yaml", 5, "refers to a list or map it is inside"),
    ("bad-reference-id.yaml", 10, "'not an id' is not a usable id"),
    ("dangling-ref-in-block-list.yaml", 12, "'nowhere' refers to no element defined in this file"),
    ("control-chars-in-value.yaml", 5, "'\\x1b]0;owned\\x07\\x1b[2J\\rmaybe' is not one of"),
    ("invalid-base-iri.yaml", 1, "'base' must be an absolute IRI"),
    ("invalid-prefix-iri.yaml", 3, "prefix 'ex' must map to an absolute IRI"),
    ("base-port-id.yaml", 3, "'x' does not give a valid IRI"),
    ("invalid-source-url.yaml", 5, "'http://[::1' is not a valid URL"),
    # the rdf: block is Turtle the loader parses itself: what a Turtle file may not hold, it may not either
    ("rdf-block-star.yaml", 6, "in 'rdf': an RDF-star triple term"),
    (
        "rdf-block-digits.yaml",
        6,
        "in 'rdf': a number with 5000 digits (99999999999999999999…); numbers may have at most 4300",
    ),
    ("utf16.yaml", None, "the file is UTF-16 text; stratalign reads UTF-8"),
    ("utf16-no-bom.yaml", None, "looks like UTF-16 text"),
]


def assert_one_line_refusal(result, path: Path, line: int | None) -> str:
    assert result.exit_code == 2, result.output[-800:]
    assert "Traceback" not in result.output
    lines = result.stderr.strip("\n").split("\n")
    assert len(lines) == 1, result.stderr[:800]
    where = f"{path}:{line}" if line else str(path)
    # at most MAX_MESSAGE with a file name of up to 60 characters; a longer path counts beyond
    # (ontology.errors: the explanation is never cut for the path, a deep tmp folder is ~100)
    assert len(lines[0]) <= MAX_MESSAGE + max(0, len(where) - 60), len(lines[0])
    assert not RAW_CONTROL.search(result.stderr.rstrip("\n")), repr(result.stderr[:300])
    where = f"{path}:{line}:" if line else f"{path}:"
    assert lines[0].startswith(f"stratalign: error: {where}"), lines[0]
    return lines[0]


@pytest.mark.parametrize(("name", "line", "fragment"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize(
    "command",
    [("analyze", "--format", "json"), ("convert", "--to", "ttl"), ("validate",)],
    ids=["analyze", "convert", "validate"],
)
def test_hostile_yaml_is_refused_with_one_line_naming_file_and_line(run, name, line, fragment, command):
    path = BAD / name
    message = assert_one_line_refusal(run(*command, path), path, line)
    assert fragment in message


@pytest.mark.parametrize(("name", "line", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_the_library_raises_input_error_with_the_line(name, line, fragment):
    from ontology.errors import InputError

    with pytest.raises(InputError) as caught:
        load_model([BAD / name])
    assert caught.value.line == line


def test_a_2_mb_value_is_quoted_as_a_short_excerpt(run, tmp_path):
    path = tmp_path / "long-status.yaml"
    value = "\\e[31m" + "x" * 2_400_000 + "END"  # \e: YAML's escape for ESC
    path.write_text(
        f'base: https://e.org/\ninitiatives:\n  - id: i\n    label: I\n    status: "{value}"\n', encoding="utf-8"
    )
    message = assert_one_line_refusal(run("analyze", path), path, 5)
    assert "is not one of planned" in message and "\\x1b[31m" in message
    assert "END'" in message  # both ends of the value
    debug = run("--debug", "analyze", path)
    assert debug.exit_code == 2
    assert len(debug.stderr) < 1000 and "\x1b" not in debug.stderr


def test_debug_prints_a_long_message_whole(run, tmp_path):
    folder = tmp_path / ("d" * 200) / ("e" * 200)
    folder.mkdir(parents=True)
    path = folder / "model.yaml"
    path.write_text("base: https://e.org/\nvisions: 3\n", encoding="utf-8")
    short = run("analyze", path)
    assert short.exit_code == 2 and len(short.stderr.strip()) <= MAX_MESSAGE and "…" in short.stderr
    whole = run("--debug", "analyze", path)
    assert whole.exit_code == 2 and str(path) in whole.stderr and "must be a list" in whole.stderr


def test_the_limits_are_documented():
    text = (Path(__file__).parent.parent / "docs" / "authoring.md").read_text(encoding="utf-8")
    for number in (str(MAX_DEPTH), f"{MAX_ALIAS_NODES:,}", str(MAX_DIGITS)):
        assert number in text


# -- what stays allowed --------------------------------------------------------------


def _nested_goals(depth: int) -> str:
    goals = "".join(f"[{{id: g{i}, label: G{i}, goals: " for i in range(depth)) + "[]" + "}]" * depth
    return f"base: https://e.org/\nstrategies:\n  - id: s\n    label: S\n    goals: {goals}\n"


ALLOWED = {
    # anchors and aliases used as YAML means them: a repeated label, a shared list of ids
    "aliases": (
        "base: https://e.org/\nactors:\n  - {id: a, label: &name Byrådet}\n"
        "strategies:\n  - id: s\n    label: *name\n    owner: a\n    goals:\n"
        "      - {id: g, label: G, themes: &t [t]}\n      - {id: h, label: H, themes: *t}\n"
        "themes:\n  - {id: t, label: T}\n"
    ),
    "nested-40-goals": _nested_goals(MAX_DEPTH // 2 - 8),
    "long-number": f"base: https://e.org/\nindicators:\n  - {{id: i, label: I, baseline: {'9' * MAX_DIGITS}}}\n",
    "same-text-different-keys": "base: https://e.org/\nstrategies:\n  - id: s\n    label: {da: Samme, en: Samme}\n",
    "valid-leap-day": "base: https://e.org/\nstrategies:\n  - {id: s, label: S, start: 2020-02-29}\n",
}


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_ordinary_yaml_still_loads_and_analyses(run, tmp_path, name):
    path = tmp_path / f"{name}.yaml"
    path.write_text(ALLOWED[name], encoding="utf-8")
    result = run("analyze", "--format", "json", path)
    assert result.exit_code == 0, result.stderr[:800]


def test_a_shared_alias_gives_each_goal_the_theme(tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text(ALLOWED["aliases"], encoding="utf-8")
    model = load_model([path])
    themed = model.store.query("SELECT ?g WHERE { ?g <https://w3id.org/stratalign#theme> <https://e.org/t> }")
    assert sorted(v for (v,) in themed.values("g")) == ["https://e.org/g", "https://e.org/h"]


# -- long chains: linear, no recursion -------------------------------------------------------


def test_a_chain_of_5000_contributing_goals_analyses(run, tmp_path):
    """The plan membership query walked the contributesTo path from every element (31 s at 5,000)."""
    goals = "\n".join(
        f"  - {{id: g{i}, label: Mål nummer {i}{f', contributes_to: [g{i - 1}]' if i else ''}}}" for i in range(5000)
    )
    path = tmp_path / "chain.yaml"
    path.write_text(
        f"base: https://e.org/\nstrategies:\n  - {{id: s, label: S, goals: [g0]}}\ngoals:\n{goals}\n", encoding="utf-8"
    )
    result = run("analyze", "--format", "json", "--lang", "en", path)
    assert result.exit_code == 0, result.stderr[-500:]
    assert '"goals": 5000' in result.stdout


def test_progress_follows_a_chain_of_1500_plans_each_realising_the_previous(tmp_path):
    """progress() walked the realizes chain by recursion: RecursionError at 1,000 plans."""
    from alignment.progress import progress

    lines = [
        "@prefix sa: <https://w3id.org/stratalign#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        '<https://e.org/v> a sa:Vision ; rdfs:label "V"@da ; sa:hasGoal <https://e.org/g> .',
        '<https://e.org/g> a sa:Goal ; rdfs:label "G"@da .',
    ]
    previous = "v"
    for i in range(1500):
        lines.append(
            f'<https://e.org/p{i}> a sa:Strategy ; rdfs:label "P{i}"@da ; sa:realizes <https://e.org/{previous}> .'
        )
        previous = f"p{i}"
    path = tmp_path / "realizes-chain.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    roll_up = progress(load_model([path]))
    vision = next(p for p in roll_up["plans"] if p["plan"] == "https://e.org/v")
    assert vision["goals"] == 1


def test_a_one_word_label_of_a_million_letters_analyses(run, tmp_path):
    """Stemming and compound splitting were quadratic in a word's length (4,000 letters 16 s; 1 MB hung)."""
    import random

    word = "".join(random.Random(21).choice("abcdefghijklmnopqrstuvwxyzæøå") for _ in range(1_000_000))
    path = tmp_path / "long-word.yaml"
    path.write_text(
        f"base: https://e.org/\nstrategies:\n  - id: s\n    label: S\n    goals:\n"
        f"      - {{id: g, label: {word}}}\n  - id: t\n    label: T\n    goals:\n"
        f"      - {{id: h, label: {word}}}\n",
        encoding="utf-8",
    )
    result = run("analyze", "--format", "json", "--lang", "en", path)
    assert result.exit_code == 0, result.stderr[-500:]
    assert '"kind": "duplicate-goal"' in result.stdout  # the same word still makes the same goal


def test_similarity_reads_at_most_100_letters_of_a_word():
    from alignment.similarity import normalize

    assert normalize("kort " + "a" * 5000) == ["kort", "a" * 100]


def test_a_4000_digit_number_from_turtle_converts_to_yaml_and_back(run, tmp_path):
    """The YAML writer turned a huge literal into an int (exit 3 past 4,300 digits, which RDF loading now refuses
    with exit 2); a number past YAML's 100-digit bound but within RDF's stays Turtle in the rdf: block."""
    digits = "9" * 4000
    ttl = tmp_path / "big.ttl"
    ttl.write_text(
        "@prefix sa: <https://w3id.org/stratalign#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://e.org/s> a sa:Strategy ; rdfs:label "S"@da ; sa:hasGoal <https://e.org/g> .\n'
        '<https://e.org/g> a sa:Goal ; rdfs:label "G"@da ; sa:hasTarget <https://e.org/t> .\n'
        f"<https://e.org/t> a sa:Target ; sa:indicator <https://e.org/i> ; sa:targetValue {digits} .\n"
        '<https://e.org/i> a sa:Indicator ; rdfs:label "I"@da .\n',
        encoding="utf-8",
    )
    out = tmp_path / "big.yaml"
    for command in (("convert", ttl, "--to", "yaml", "-o", out), ("restructure", ttl)):
        result = run(*command)
        assert result.exit_code == 0, result.stderr[-400:]
    again = run("convert", out, "--to", "nt")
    assert again.exit_code == 0, again.stderr
    assert digits in again.stdout
