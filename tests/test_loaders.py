"""Every loader, and every error a loader reports (exit 2, one line, file:line: problem)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from ontology.errors import InputError
from ontology.loaders import load_model, read_source, sniff_format
from ontology.loaders.yaml_reader import read_yaml

SA = "https://w3id.org/stratalign#"
DEMO = "https://w3id.org/stratalign/example/demo/"


def ask(model, where: str) -> bool:
    return model.store.query(f"PREFIX sa: <{SA}> ASK {{ {where} }}").value


def test_yaml_nesting_becomes_links(data):
    model = load_model([data / "yaml/demo.yaml"])
    base = DEMO
    assert ask(model, f"<{base}vaekst> sa:realizes <{base}vision>")
    assert ask(model, f"<{base}vision> sa:hasGoal <{base}flere-borgere>")
    # a plain string under goals is a reference: the goal is shared, not redefined
    assert ask(model, f"<{base}vaekst> sa:hasGoal <{base}flere-borgere>")
    assert ask(model, f"<{base}rammer> sa:contributesTo <{base}iværksættere>")
    assert ask(model, f"<{base}partnerskab> sa:contributesTo <{base}rammer>")
    # a nested initiative is listed by its enclosing plan
    assert ask(model, f"<{base}vaekst> sa:hasInitiative <{base}partnerskab>")
    assert ask(model, f"<{base}flere-borgere> sa:hasTarget <{base}flere-borgere/target/1>")
    assert ask(model, f'<{base}flere-borgere/target/1> sa:targetYear "2025"^^<http://www.w3.org/2001/XMLSchema#gYear>')
    assert ask(model, f"<{base}flere-borgere/target/1> sa:direction sa:Increase")
    assert ask(model, f"<{base}partnerskab> sa:status sa:Ongoing")


@pytest.mark.parametrize(
    ("label_yaml", "expected"),
    [
        ("Strategi", [("Strategi", "da")]),
        ("{da: Strategi, en: Strategy}", [("Strategi", "da"), ("Strategy", "en")]),
    ],
    ids=["plain-string-in-file-lang", "map-by-language"],
)
def test_labels_plain_or_by_language(label_yaml, expected):
    quads, _ = read_yaml(f"base: https://e.org/\nstrategies:\n  - id: s\n    label: {label_yaml}\n", "m.yaml")
    labels = sorted((q.object.value, q.object.language) for q in quads if q.predicate.value.endswith("#label"))
    assert labels == expected


def test_yaml_danish_letters_in_ids_and_labels():
    quads, _ = read_yaml("base: https://e.org/\ngoals:\n  - id: mål/grøn-å\n    label: Grøn å\n", "m.yaml")
    assert ox.NamedNode("https://e.org/mål/grøn-å") in {q.subject for q in quads}


def test_yaml_dates_and_years():
    text = "base: https://e.org/\ninitiatives:\n  - id: i\n    label: I\n    start: 2019-06-17\n    end: 2021\n"
    quads, _ = read_yaml(text, "m.yaml")
    values = {q.predicate.value.split("#")[1]: q.object for q in quads if q.predicate.value.startswith(SA)}
    assert values["start"].datatype.value.endswith("#date") and values["start"].value == "2019-06-17"
    assert values["end"].datatype.value.endswith("#gYear") and values["end"].value == "2021"


def test_prefixed_and_absolute_ids_resolve():
    text = (
        "base: https://e.org/\nprefixes: {ex: 'http://example.org/ns#'}\n"
        "goals:\n  - id: ex:g\n    label: G\n    contributes_to: [https://other.org/goal]\n"
    )
    quads, prefixes = read_yaml(text, "m.yaml")
    assert ox.NamedNode("http://example.org/ns#g") in {q.subject for q in quads}
    assert ox.NamedNode("https://other.org/goal") in {q.object for q in quads}
    assert prefixes["ex"] == "http://example.org/ns#"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("rdf/small.ttl", "ttl"), ("rdf/small.nt", "nt"), ("rdf/small.jsonld", "jsonld")],
    ids=["turtle", "n-triples", "json-ld"],
)
def test_rdf_formats_load(data, name, fmt):
    quads, _ = read_source(data / name)
    assert quads and all(isinstance(q, ox.Quad) for q in quads)


def test_turtle_prefixes_are_kept_for_display(data):
    model = load_model([data / "rdf/small.ttl"])
    assert model.prefixes["ex"] == "https://example.org/plan/"


def test_several_files_merge_into_one_graph(data):
    model = load_model([data / "rdf/small.ttl", data / "rdf/small.nt", data / "rdf/small.jsonld"])
    # the initiative (N-Triples) reaches the goal (Turtle) in the merged graph
    assert ask(model, "<https://example.org/plan/initiativ> sa:contributesTo ?g . ?g a sa:Goal")
    assert ask(model, "<https://example.org/plan/indikator> a sa:Indicator")


@pytest.mark.parametrize(
    ("payload", "fmt"),
    [
        (b'{"@id": "https://e.org/a"}', "jsonld"),
        (b"base: https://e.org/\ngoals: []\n", "yaml"),
        (b"@prefix sa: <https://w3id.org/stratalign#> .", "ttl"),
        (b"<https://e.org/a> <https://e.org/p> <https://e.org/b> .", "ttl"),
    ],
    ids=["json-ld", "yaml", "turtle", "n-triples-as-turtle"],
)
def test_stdin_format_is_sniffed(payload, fmt):
    assert sniff_format(payload) == fmt


def test_stdin_dash_reads_standard_input(data):
    payload = (data / "yaml/demo.yaml").read_bytes()
    model = load_model(["-"], stdin=io.BytesIO(payload))
    assert ask(model, "?g a sa:Goal")


BAD = [
    ("syntax.ttl", 4, "Turtle syntax error"),
    ("syntax.nt", 2, "N-Triples syntax error"),
    ("syntax.jsonld", 2, "JSON-LD syntax error"),
    ("remote-context.jsonld", 2, "remote JSON-LD @context is not fetched"),
    ("yaml-syntax.yaml", 8, "YAML syntax error"),
    ("unknown-key.yaml", 5, "unknown key 'goal' in a vision; did you mean 'goals'?"),
    ("unknown-top-key.yaml", 2, "unknown key 'vision' in the model"),
    ("dangling-ref.yaml", 8, "'nowhere' refers to no element defined in this file"),
    ("wrong-ref-kind.yaml", 8, "'v' is a vision, but an indicator is expected here"),
    ("duplicate-id.yaml", 6, "id 'v' is defined twice (first as a vision on line 3)"),
    # regression: the line was the anchor's (6), where the second definition is the alias on line 10
    ("duplicate-id-by-alias.yaml", 10, "id 'g' is defined twice: this alias repeats a goal defined on line 6"),
    ("duplicate-key.yaml", 5, "key 'label' appears twice"),
    ("danish-number.yaml", 10, "expected a number"),
    ("danish-thousands.yaml", 5, "write 115905 if you mean thousands"),
    ("bad-year.yaml", 5, "expected a year"),
    (
        "bad-status.yaml",
        5,
        "'maybe' is not one of planned, ongoing, completed, cancelled (in Danish: planlagt, igangværende, afsluttet, annulleret)",
    ),
    ("missing-id.yaml", 3, "needs an 'id'"),
    ("missing-label.yaml", 3, "needs a 'label'"),
    ("target-without-indicator.yaml", 9, "a target needs an 'indicator'"),
    ("empty.yaml", 1, "the file is empty"),
    ("latin1.yaml", 4, "not valid UTF-8"),
    ("binary.ttl", None, "not a text file"),
    ("rdf-block.yaml", 6, "Turtle error in 'rdf'"),
]


@pytest.mark.parametrize(("name", "line", "problem"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_names_file_line_and_problem(data, name, line, problem):
    path = data / "bad" / name
    with pytest.raises(InputError) as caught:
        load_model([path])
    assert caught.value.file == str(path)
    assert caught.value.line == line
    assert problem in caught.value.problem


@pytest.mark.parametrize(("name", "line", "problem"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_through_the_cli_exits_2_with_one_line(run, data, name, line, problem):
    path = data / "bad" / name
    result = run("convert", path, "--to", "nt")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    where = f"{path}:{line}:" if line else f"{path}:"
    assert lines[0].startswith(f"stratalign: error: {where}")
    assert problem in lines[0]
    assert "Traceback" not in result.output


def _many_triples(n: int) -> bytes:
    # "mål" in every IRI: non-ASCII all through, as a national N-Triples file is
    return b"".join(f'<https://e.dk/m\u00e5l/{i}> <https://e.dk/p> "\u00c6r\u00f8 {i}" .\n'.encode() for i in range(n))


@pytest.mark.parametrize(
    ("suffix", "where"),
    [
        pytest.param(".nt", "comment", id="nt-latin1-comment-past-the-first-chunk"),
        pytest.param(".ttl", "comment", id="ttl-latin1-comment-past-the-first-chunk"),
        pytest.param(".nt", "literal", id="nt-latin1-literal-past-the-first-chunk"),
    ],
)
def test_invalid_utf8_anywhere_in_a_large_rdf_file_names_its_line(run, tmp_path, suffix, where):
    """The UTF-8 check of RDF files runs chunk by chunk (it no longer decodes the file whole): a bad byte
    after 64 KiB, even in a comment that the parser skips, is still exit 2 with its line."""
    body = _many_triples(3000)  # 169 KB: the bad line is in the third 64 KiB chunk
    assert len(body) > 2 * (1 << 16)
    bad = b"# caf\xe9\n" if where == "comment" else b'<https://e.dk/x> <https://e.dk/p> "caf\xe9" .\n'
    path = tmp_path / f"big{suffix}"
    path.write_bytes(body + bad + body[:1000])
    result = run("convert", path, "--to", "nt")
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"stratalign: error: {path}:3001: not valid UTF-8 text (byte 0xe9); save the file as UTF-8"
    )


def test_a_character_split_by_the_utf8_check_chunks_is_read(tmp_path):
    """A two-byte letter across the 64 KiB boundary of the chunked check is valid UTF-8 (the decoder keeps
    the half it has seen)."""
    head = b'<https://e.dk/a> <https://e.dk/p> "'
    pad = (1 << 16) - len(head) - 1  # the first byte of "å" (0xc3 0xa5) is the chunk's last
    path = tmp_path / "split.nt"
    path.write_bytes(head + b"x" * pad + "å".encode() + b'" .\n')
    assert path.read_bytes()[(1 << 16) - 1] == 0xC3
    model = load_model([path])
    assert ask(model, '?s <https://e.dk/p> ?o . FILTER(STRENDS(?o, "xå"))')


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("missing.yaml",), "missing.yaml: no such file"),
        (("notes.txt",), "cannot tell the format"),
        (("--example", "odense-2030"), "no example named 'odense-2030'"),
        ((), "no model given"),
    ],
    ids=["missing-file", "unknown-extension", "unknown-example", "no-model"],
)
def test_bad_arguments_exit_2(run, tmp_path, args, problem):
    (tmp_path / "notes.txt").write_text("x")
    args = tuple(str(tmp_path / a) if a.endswith((".yaml", ".txt")) else a for a in args)
    result = run("convert", *args, "--to", "nt")
    assert result.exit_code == 2
    assert problem in result.stderr


def test_a_bad_file_leaves_an_on_disk_store_untouched(run, data, tmp_path):
    store = tmp_path / "store"
    assert run("convert", data / "yaml/demo.yaml", "--store", store, "--to", "nt").exit_code == 0
    before = run("convert", "--store", store, "--to", "nt").stdout
    assert before.count("\n") == 54
    assert run("convert", data / "bad/syntax.ttl", "--store", store, "--to", "nt").exit_code == 2
    assert run("convert", "--store", store, "--to", "nt").stdout == before


@pytest.mark.parametrize("name", ["status", "direction"])
def test_the_danish_words_an_enum_error_lists_are_accepted(name):
    """The unknown-status error lists the Danish words too (issue 17); each one it lists is read as its value."""
    from ontology.loaders.values import ENUM_ALIASES, enum_choices
    from ontology.loaders.yaml_schema import DIRECTIONS, STATUSES

    values = list(STATUSES if name == "status" else DIRECTIONS)
    listed = enum_choices(name, values).split("(in Danish: ")[1].rstrip(")").split(", ")
    assert len(listed) == len(values)
    assert [ENUM_ALIASES[name][word] for word in listed] == values


def test_the_files_replace_what_an_on_disk_store_held(run, data, tmp_path):
    """Regression: `--store DIR` kept the triples of earlier runs, so a goal deleted from the file stayed."""
    store = tmp_path / "store"
    first = tmp_path / "plan.yaml"
    first.write_text(
        "base: https://e.org/p/\nstrategies:\n  - id: s\n    label: S\n    goals:\n"
        "      - {id: a, label: Flere i job}\n      - {id: b, label: Færre ledige}\n",
        encoding="utf-8",
    )
    assert run("convert", first, "--store", store, "--to", "nt").exit_code == 0
    first.write_text(
        "base: https://e.org/p/\nstrategies:\n  - id: s\n    label: S\n    goals:\n      - {id: a, label: Flere i job}\n",
        encoding="utf-8",
    )
    again = run("convert", first, "--store", store, "--to", "nt").stdout
    assert again == run("convert", first, "--to", "nt").stdout
    assert "https://e.org/p/b" not in again
    # and without files the store is read as it is: the second run's model
    assert run("convert", "--store", store, "--to", "nt").stdout == again
    summary = json.loads(run("analyze", "--store", store, "--format", "json").stdout)["summary"]
    assert summary["goals"] == 1


def test_a_folder_that_is_no_store_is_never_replaced(run, data, tmp_path):
    """The files named replace a store's folder whole: a folder of the user's own files is refused, untouched."""
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    for args in ((data / "yaml/demo.yaml",), ()):
        result = run("convert", *args, "--store", folder, "--to", "nt")
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            f"stratalign: error: {folder}: the folder holds files that are not an Oxigraph store's (notes.txt): "
            "name a new or empty folder"
        )
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("command", ["analyze", "check", "convert"])
@pytest.mark.parametrize("made", [False, True], ids=["missing", "empty"])
def test_reading_a_store_that_is_not_there_is_exit_2(run, tmp_path, command, made):
    """Regression: `check --store typo` made an empty store, analysed nothing and passed (exit 0)."""
    folder = tmp_path / "typo-store"
    if made:
        folder.mkdir()
    result = run(command, "--store", folder, *(["--to", "nt"] if command == "convert" else []))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"stratalign: error: {folder}: no store in this folder: name the files to load into it (--store DIR FILE…)"
    )
    assert folder.exists() == made and (not made or not any(folder.iterdir()))


def test_what_a_killed_replacement_left_is_finished_or_undone(run, data, tmp_path):
    """A load killed mid-way leaves DIR.loading (removed by the next load); killed between the two renames
    (where the file system cannot swap folders in one), DIR.replaced, which the next open puts back."""
    store = tmp_path / "store"
    assert run("convert", data / "yaml/demo.yaml", "--store", store, "--to", "nt").exit_code == 0
    before = run("convert", "--store", store, "--to", "nt").stdout
    (tmp_path / "store.loading").mkdir()
    (tmp_path / "store.loading" / "000001.sst").write_bytes(b"half")
    store.rename(tmp_path / "store.replaced")  # as if killed after the first rename
    assert run("convert", "--store", store, "--to", "nt").stdout == before
    assert run("convert", data / "yaml/demo.yaml", "--store", store, "--to", "nt").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    assert run("convert", "--store", store, "--to", "nt").stdout == before


@pytest.mark.parametrize("swap", ["exchange", "two-renames"])
def test_a_replacement_swaps_the_folders_either_way(tmp_path, monkeypatch, swap):
    """RENAME_EXCHANGE where the file system offers it, two renames where it does not: the same result."""
    from ontology.skolem import Named
    from ontology.store import local

    if swap == "two-renames":
        monkeypatch.setattr(local, "_exchange", lambda a, b: False)
    folder = tmp_path / "store"

    def quad(o: str) -> ox.Quad:
        return ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal(o))

    for values in (["1", "2"], ["3"], []):
        store, _ = local.replace_on_disk(folder, lambda s, values=values: s.add(Named(quad(v) for v in values)))
        assert sorted(q.object.value for q in store.quads()) == values
        del store
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_a_store_another_process_holds_is_exit_2_and_untouched(data, tmp_path):
    """The old store stays open through a replacement: its lock keeps a second one (or a reader) out."""
    store = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    cli = [sys.executable, "-m", "stratalign.cli", "convert"]
    subprocess.run(
        [*cli, data / "yaml/demo.yaml", "--store", store, "--to", "nt", "-o", os.devnull], env=env, check=True
    )
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, pyoxigraph as ox
            s = ox.Store({str(store)!r}); print("open", flush=True); sys.stdin.read()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        for args in ((data / "yaml/demo.yaml",), ()):
            done = subprocess.run(
                [*cli, *args, "--store", store, "--to", "nt"], env=env, capture_output=True, text=True
            )
            assert done.returncode == 2
            assert done.stderr.strip() == (
                f"stratalign: error: {store}: another process is using the store (an analysis, serve or a load): "
                "try again when it has finished"
            )
    finally:
        holder.communicate("")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
