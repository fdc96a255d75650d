"""Findings do not depend on how the RDF is written: blank nodes, datatypes of years and numbers, label properties.

Every rule fixture (tests/data/rules/*.yaml) is written again with rdflib (tests/rdf_variants.py)
and must give the same findings. Blank nodes are named at load (ontology/skolem.py) and the
rule queries must also hold on blank nodes as a SPARQL server keeps them (the "raw" stores).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdf_variants as variants  # tests/rdf_variants.py
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from alignment.analyze import analyze
from ontology.loaders import load_model
from ontology.skolem import GENID, blank_nodes_back, skolemize
from ontology.store import OxigraphStore, RdflibStore

DATA = Path(__file__).parent / "data"
RULES = sorted((DATA / "rules").glob("*.yaml"))
E = "https://e.org/"


def _findings(analysis) -> list[tuple]:
    return [(f.kind, f.subjects, f.plans, f.severity, f.score, f.message) for f in analysis.findings]


def _by_label(analysis) -> list[tuple]:
    """Findings with each element by its label, for models whose elements have no IRI at all
    (the message is left out: which of two goals it names first follows their blank-node ids)."""
    name = analysis.labels.get
    return sorted(
        (f.kind, tuple(sorted(map(name, f.subjects))), tuple(sorted(map(name, f.plans))), f.severity, f.score)
        for f in analysis.findings
    )


@pytest.fixture(scope="module")
def expected() -> dict[str, list[tuple]]:
    return {path.stem: _findings(analyze(load_model([path]))) for path in RULES}


@pytest.fixture(scope="module")
def graphs() -> dict[str, rdflib.Graph]:
    return {path.stem: variants.graph_of(path) for path in RULES}


# -- the same findings, whatever the encoding -------------------------------------------


@pytest.mark.parametrize("variant", list(variants.VARIANTS), ids=list(variants.VARIANTS))
@pytest.mark.parametrize("fixture", [p.stem for p in RULES])
def test_each_rule_fixture_gives_the_same_findings_written_another_way(tmp_path, expected, graphs, fixture, variant):
    """Targets and actors as blank nodes, years as integers, numbers as decimals or doubles, labels as
    skos:prefLabel: the same kinds, subjects, plans, severities, scores and messages."""
    path = tmp_path / f"{fixture}.ttl"
    path.write_bytes(variants.turtle(variants.VARIANTS[variant](graphs[fixture])))
    assert _findings(analyze(load_model([path]))) == expected[fixture]


@pytest.mark.parametrize("fixture", [p.stem for p in RULES])
def test_blank_targets_give_the_same_findings_on_rdflib(tmp_path, expected, graphs, fixture):
    path = tmp_path / f"{fixture}.ttl"
    path.write_bytes(variants.turtle(variants.blank_nameless(graphs[fixture])))
    assert _findings(analyze(load_model([path], store=RdflibStore()))) == expected[fixture]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("fixture", [p.stem for p in RULES])
def test_the_rule_queries_hold_on_blank_nodes_as_a_server_keeps_them(graphs, fixture, engine):
    """Every element of the model a blank node, in a store that does not name them (as on a SPARQL
    server): the same findings, by label. Regression: STR() of a blank node is an error in SPARQL,
    so `STR(?targetA) < STR(?targetB)` and its kin dropped every row on Oxigraph (rdflib's STR()
    tolerates a blank node, which hid it there)."""
    iri_version = variants.raw_store(variants.turtle(graphs[fixture]), engine)
    blank_version = variants.raw_store(variants.turtle(variants.blank_everything(graphs[fixture], E)), engine)
    assert _by_label(analyze(blank_version)) == _by_label(analyze(iri_version))


@pytest.mark.parametrize(
    ("fixture", "kind", "pairs"),
    [
        ("target-conflict-fires", "target-conflict", 1),
        ("target-conflict-one-goal", "target-conflict", 1),
        ("direction-conflict-fires", "direction-conflict", 1),
        ("owner-conflict-fires", "owner-conflict", 1),
        ("goal-conflict-fires", "goal-conflict", 1),
        ("shared-goal-fires", "shared-goal", 1),
        ("shared-initiative-fires", "shared-initiative", 1),
        ("vision-mismatch-fires", "vision-mismatch", 1),
        ("duplicate-goal-same-target", "duplicate-goal", 1),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_each_construct_fixed_fires_once_on_raw_blank_nodes(graphs, fixture, kind, pairs):
    """One regression per query that broke on blank nodes: the finding is there, and only once
    (a pair with a blank node comes from its query both ways)."""
    store = variants.raw_store(variants.turtle(variants.blank_everything(graphs[fixture], E)), "oxigraph")
    assert len([f for f in analyze(store).findings if f.kind == kind]) == pairs


# -- the hand-written Turtle of the issue ----------------------------------------------


def test_hand_written_blank_targets_give_the_conflicts_of_named_targets():
    """`sa:hasTarget [ a sa:Target ; sa:indicator :pop ; … ]` gave no target- and no direction-conflict."""
    blank = analyze(load_model([DATA / "rules/blank-targets.ttl"]))
    named = analyze(load_model([DATA / "rules/blank-targets-iri.ttl"]))
    conflicts = {
        (f.kind, tuple(s.removeprefix(E) for s in f.subjects)) for f in blank.findings if f.group == "conflict"
    }
    assert conflicts == {
        ("target-conflict", ("a", "b")),
        ("target-conflict", ("a", "c")),
        ("target-conflict", ("b", "c")),
        ("target-conflict", ("b", "d")),
        ("target-conflict", ("c", "d")),
        ("direction-conflict", ("a", "c")),
        ("direction-conflict", ("b", "c")),
        ("direction-conflict", ("c", "d")),
    }
    # 120000 in 2020 (xsd:integer) and 1.2E5 in "2020"^^xsd:gYear are one target
    assert [f.subjects for f in blank.findings if f.kind == "duplicate-goal"] == [(E + "a", E + "d")]
    assert _findings(blank) == _findings(named)
    for engine in ("oxigraph", "rdflib"):
        raw = variants.raw_store((DATA / "rules/blank-targets.ttl").read_bytes(), engine)
        assert _findings(analyze(raw)) == _findings(named), engine


def _cli(*args: str, seed: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(Path(__file__).parent.parent)}
    return subprocess.run([sys.executable, "-m", "stratalign.cli", *args], capture_output=True, env=env, check=False)


def test_analyze_json_of_blank_nodes_is_byte_identical_under_any_hash_seed():
    """Regression: progress details printed the parser's random blank-node ids."""
    path = str(DATA / "rules/blank-targets.ttl")
    first = _cli("analyze", path, "--format", "json", seed="0")
    second = _cli("analyze", path, "--format", "json", seed="4242")
    assert first.returncode == second.returncode == 0, first.stderr
    assert first.stdout == second.stdout and first.stdout
    targets = [
        t["target"] for g in json.loads(first.stdout)["summary"]["progress"]["goals"] for t in g["target_details"]
    ]
    assert len(targets) == 4 and all(t.startswith(GENID) for t in targets)


def test_findings_as_turtle_of_blank_nodes_are_byte_identical_under_any_hash_seed():
    path = str(DATA / "rules/blank-targets.ttl")
    outputs = {_cli("analyze", path, "--format", "ttl", seed=seed).stdout for seed in ("1", "2")}
    assert len(outputs) == 1 and b"target-conflict" in outputs.pop()


# -- the names themselves (ontology/skolem.py) -------------------------------------------


def _named(turtle: bytes) -> list[str]:
    return sorted(map(str, skolemize(ox.parse(turtle, format=ox.RdfFormat.TURTLE))))


def test_names_depend_on_the_triples_not_on_labels_or_order():
    a = _named(b"<https://e/g> <https://e/t> _:x . _:x <https://e/v> 1 . _:x <https://e/w> _:y . _:y <https://e/v> 2 .")
    b = _named(b"_:q <https://e/v> 2 . <https://e/g> <https://e/t> _:p . _:p <https://e/w> _:q . _:p <https://e/v> 1 .")
    assert a == b and all("_:" not in line for line in a)


def test_two_goals_with_the_same_target_keep_two_targets():
    named = _named(
        b"<https://e/a> <https://e/t> [ <https://e/v> 1 ] . <https://e/b> <https://e/t> [ <https://e/v> 1 ] ."
    )
    assert len({line.split()[0] for line in named if "/v>" in line}) == 2


def test_a_list_of_equal_items_keeps_every_cell():
    named = _named(b"<https://e/a> <https://e/l> ( 1 1 1 1 1 ) .")
    assert len({line.split()[0] for line in named if "#first" in line}) == 5


def test_naming_a_long_chain_is_linear():
    """A 100,000-cell list (each cell's name depends on the next): one pass, not a round per cell."""
    items = b" ".join(b"1" for _ in range(100_000))
    quads = list(ox.parse(b"<https://e/a> <https://e/l> ( " + items + b" ) .", format=ox.RdfFormat.TURTLE))
    start = time.perf_counter()
    named = skolemize(quads)
    assert time.perf_counter() - start < 60  # about 2 s; a round per cell would take hours
    assert len({q.subject for q in named}) == 100_001


def test_a_cycle_of_blank_nodes_is_named_in_bounded_rounds():
    ring = b" ".join(b"_:n%d <https://e/next> _:n%d ." % (i, (i + 1) % 20_000) for i in range(20_000))
    start = time.perf_counter()
    named = skolemize(ox.parse(ring + b" _:n0 <https://e/v> 1 .", format=ox.RdfFormat.TURTLE))
    assert time.perf_counter() - start < 120
    assert all(type(q.subject) is ox.NamedNode and type(q.object) is not ox.BlankNode for q in named)


@settings(max_examples=60, deadline=None)
@given(
    edges=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 2), st.integers(0, 8)), min_size=1, max_size=25),
    permutation=st.permutations(range(7)),
)
def test_renaming_and_reordering_blank_nodes_gives_the_same_names(edges, permutation):
    """Isomorphic documents (blank labels renamed, triples reordered) get the same Skolem IRIs."""

    def doc(relabel, order):
        lines = []
        for s, p, o in edges:
            obj = f"_:b{relabel[o]}" if o < 7 else f'"{o}"'
            lines.append(f"_:b{relabel[s]} <https://e/p{p}> {obj} .")
        lines.append(f"<https://e/root> <https://e/has> _:b{relabel[0]} .")
        return "\n".join(lines[::order]).encode()

    assert _named(doc(list(range(7)), 1)) == _named(doc(permutation, -1))


def test_blank_nodes_of_two_files_are_two_nodes(tmp_path):
    """Oxigraph's parser keeps a document's labels (_:t): two files using the same one were merged."""
    head = b"@prefix sa: <https://w3id.org/stratalign#> .\n"
    (tmp_path / "a.ttl").write_bytes(
        head + b"<https://e.org/a> sa:hasTarget _:t . _:t a sa:Target ; sa:targetValue 1 ."
    )
    (tmp_path / "b.ttl").write_bytes(
        head + b"<https://e.org/b> sa:hasTarget _:t . _:t a sa:Target ; sa:targetValue 2 ."
    )
    for store in (None, RdflibStore()):
        model = load_model([tmp_path / "a.ttl", tmp_path / "b.ttl"], store=store)
        rows = list(
            model.store.select("SELECT ?g ?t WHERE { ?g <https://w3id.org/stratalign#hasTarget> ?t }").values("g", "t")
        )
        assert len({t for _, t in rows}) == 2


def test_validation_still_sees_the_blank_nodes(tmp_path, run):
    """A shape that forbids a blank node (sa:dataSource) still fires after the load named it, and
    names it the same in every run."""
    source = DATA / "shapes/bad-datasource-nodekind.ttl"
    first = run("validate", source, "--lang", "en")
    assert first.exit_code == 1 and "sa:dataSource must be an IRI or a text." in first.stdout
    assert "(value: _:g" in first.stdout and run("validate", source, "--lang", "en").stdout == first.stdout
    data, labels = blank_nodes_back(load_model([source]).store.dump_ntriples())
    assert GENID.encode() not in data and len(labels) == 1


def test_ntriples_without_blank_nodes_load_unchanged(tmp_path):
    """The fast native load (national-scale N-Triples) is kept where there is no blank node to name."""
    path = tmp_path / "m.nt"
    path.write_bytes(b'<https://e.org/a> <https://e.org/p> "x_y" .\n<https://e.org/a_b> <https://e.org/p> "_" .\n')
    store = load_model([path]).store
    assert isinstance(store, OxigraphStore) and len(store) == 2
    assert sorted(map(str, store.quads())) == sorted(
        map(str, ox.parse(path.read_bytes(), format=ox.RdfFormat.N_TRIPLES))
    )


def test_diff_reads_goals_labelled_with_skos_preflabel(tmp_path):
    """Regression: the texts a diff compares were read from rdfs:label only, so every goal of a
    model labelled with skos:prefLabel read as dropped."""
    from alignment.diff import diff_models
    from ontology.examples import example_path

    source = example_path("horsens-2014")
    path = tmp_path / "skos.ttl"
    path.write_bytes(variants.turtle(variants.labels_as(rdflib.SKOS.prefLabel)(variants.graph_of(source))))
    result = diff_models(load_model([source]), load_model([path]))
    assert result.goals and {e.status for e in result.goals + result.initiatives} == {"kept"}
