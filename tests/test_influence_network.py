"""The network analysis of influences, against numbers computed by hand, and its named queries.

network.yaml (a -> b +2, b -> c -1, c -> a +1, a -> c +3, d -> b -3; g -> h +1; e -> f 0), by hand:

* direct out (row sums): a +5; b -1; c +1; d -3; g +1; e 0 (one cell scored, consistent);
* direct in (column sums): b +2 and -3; c +3 and -1; a +1; h +1; f 0;
* second order out (paths x -> y -> z, z != x): a: a->b->c = 2*-1 = -2 (a->c->a is a loop, not counted);
  b: b->c->a = -1*1 = -1; c: c->a->b = 1*2 = +2 (c->a->c not counted); d: d->b->c = -3*-1 = +3;
* second order in: c: -2 (from a) and +3 (from d); a: -1 (from b); b: +2 (from c);
* most enabling: a (+5), then c and g (+1 each; c first: second order +2 against 0);
  most constraining: d (-3), b (-1);
* loops: a->c->a, product 3*1 = +3, reinforcing; a->b->c->a, product 2*-1*1 = -2, counteracting;
* clusters (non-zero influences): {a, b, c, d} with 5 influences, +6 and -4; {g, h}; e and f are joined
  only by a 0 and form none.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from conftest import generated_corpus
from hypothesis import given, settings
from hypothesis import strategies as st

from alignment import InfluenceEdge, analyse_influences, analyze_model, get_query, pair_strengths
from alignment.influence.network import clusters, loops
from ontology import RdflibStore
from ontology.loaders import load_model

NET = Path(__file__).parent / "data" / "influence" / "network.yaml"
EX = "https://example.org/net/"


def short(iri: str) -> str:
    return iri.removeprefix(EX)


@pytest.fixture(scope="module")
def section() -> dict:
    influence = analyze_model(load_model([NET]), lang="en").influence
    assert influence is not None
    return influence


def figures(section: dict, element: str) -> dict:
    return next(e for e in section["elements"] if e["element"] == EX + element)


@pytest.mark.parametrize(
    "element,positive,negative,scored",
    [("a", 5, 0, 2), ("b", 0, -1, 1), ("c", 1, 0, 1), ("d", 0, -3, 1), ("e", 0, 0, 1), ("g", 1, 0, 1), ("f", 0, 0, 0)],
)
def test_direct_out_influence_is_the_row_sum(section, element, positive, negative, scored) -> None:
    assert figures(section, element)["out"] == {
        "positive": positive,
        "negative": negative,
        "net": positive + negative,
        "scored": scored,
    }


@pytest.mark.parametrize(
    "element,positive,negative", [("a", 1, 0), ("b", 2, -3), ("c", 3, -1), ("d", 0, 0), ("f", 0, 0), ("h", 1, 0)]
)
def test_direct_in_influence_is_the_column_sum(section, element, positive, negative) -> None:
    got = figures(section, element)["in"]
    assert (got["positive"], got["negative"], got["net"]) == (positive, negative, positive + negative)


@pytest.mark.parametrize(
    "element,out,into",
    [
        ("a", (0, -2), (0, -1)),
        ("b", (0, -1), (2, 0)),
        ("c", (2, 0), (3, -2)),
        ("d", (3, 0), (0, 0)),
        ("g", (0, 0), (0, 0)),
    ],
)
def test_second_order_is_the_sum_of_products_through_one_intermediate(section, element, out, into) -> None:
    got = figures(section, element)
    assert (got["second_order_out"]["positive"], got["second_order_out"]["negative"]) == out
    assert (got["second_order_in"]["positive"], got["second_order_in"]["negative"]) == into


def test_rankings(section) -> None:
    assert [(short(x["element"]), x["direct"], x["second_order"]) for x in section["most_enabling"]] == [
        ("a", 5, 0),
        ("c", 1, 2),
        ("g", 1, 0),
    ]
    assert [(short(x["element"]), x["direct"]) for x in section["most_constraining"]] == [("d", -3), ("b", -1)]
    assert section["most_constraining"][0]["label"] == "Initiative D"


def test_loops(section) -> None:
    found = section["loops"]
    assert [([short(e) for e in x["elements"]], x["product"]) for x in found["reinforcing"]] == [(["a", "c"], 3)]
    assert [([short(e) for e in x["elements"]], x["product"]) for x in found["counteracting"]] == [
        (["a", "b", "c"], -2)
    ]
    assert found["truncated"] is False


def test_clusters(section) -> None:
    assert [
        ([short(e) for e in c["elements"]], c["influences"], c["positive"], c["negative"]) for c in section["clusters"]
    ] == [
        (["a", "b", "c", "d"], 5, 6, -4),
        (["g", "h"], 1, 1, 0),
    ]
    assert (section["scored"], section["implicit"], section["pairs"]) == (7, 0, 7)


def test_a_pair_sums_its_edges_within_the_scale() -> None:
    edges = [
        InfluenceEdge("i", "g", 1, "contributesTo"),
        InfluenceEdge("i", "g", -2, "hinders"),  # both unscored: -1
        InfluenceEdge("j", "g", 3, "influence"),
        InfluenceEdge("j", "g", 2, "contributesTo"),  # impossible from the query, but kept within +3
        InfluenceEdge("g", "g", 3, "influence"),  # an element on itself: left out
    ]
    assert pair_strengths(edges) == {("i", "g"): -1, ("j", "g"): 3}


def test_loops_stop_at_their_bounds() -> None:
    ring = {(f"n{i}", f"n{(i + 1) % 7}"): 1 for i in range(7)}  # one loop of 7 elements
    assert loops(ring)["reinforcing"] == [] and loops(ring)["truncated"] is False  # longer than 6
    assert len(loops(ring, max_length=7)["reinforcing"]) == 1
    complete = {(f"n{i}", f"n{j}"): -1 for i in range(8) for j in range(8) if i != j}
    capped = loops(complete, max_loops=10)
    assert capped["truncated"] is True and len(capped["reinforcing"]) + len(capped["counteracting"]) == 10
    # a loop of two negatives reinforces (-1*-1), of three counteracts
    two = loops({("a", "b"): -1, ("b", "a"): -1})
    assert [x["sign"] for x in two["reinforcing"]] == ["+"] and two["counteracting"] == []
    assert loops(complete, max_steps=5)["truncated"] is True


def test_clusters_ignore_direction_and_sign() -> None:
    assert [c["elements"] for c in clusters({("a", "b"): -2, ("c", "b"): 1, ("c", "d"): 3})] == [["a", "b", "c", "d"]]


def test_no_section_without_a_scored_influence(data) -> None:
    # contributesTo and hinders alone keep the analysis (and its JSON) as it was
    assert analyze_model(load_model([data / "rules/negative-contribution-fires.yaml"])).influence is None
    assert "influence" not in analyze_model(load_model([data / "rules/negative-contribution-fires.yaml"])).to_dict()


def test_json_output_has_the_section_between_summary_and_findings(run) -> None:
    result = run("analyze", NET, "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert list(doc) == ["summary", "influence", "findings"]
    assert doc["influence"]["most_enabling"][0]["element"] == EX + "a"


@pytest.mark.parametrize(
    "lang,words",
    [
        ("en", ["Influences", "Most enabling: Goal A (+5)", "1 reinforcing and 1 counteracting loops"]),
        ("da", ["Påvirkninger", "Mest begrænsende: Initiative D (-3)", "1 forstærkende og 1 modvirkende sløjfer"]),
    ],
    ids=["en", "da"],
)
def test_text_output_summarises(run, lang, words) -> None:
    result = run("analyze", NET, "--lang", lang)
    assert result.exit_code == 0
    for word in words:
        assert word in result.stdout, word


def _query_rows(store, name: str) -> list[tuple]:
    return sorted(tuple(v) for v in store.select(get_query(name).text).values())


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_named_queries_give_the_sections_numbers(section, engine) -> None:
    store = load_model([NET], store=RdflibStore() if engine == "rdflib" else None).store
    direct = {(short(e), d): (int(p), int(n), int(c)) for e, d, p, n, c in _query_rows(store, "influence-direct")}
    for element in section["elements"]:
        name = short(element["element"])
        for d in ("out", "in"):
            want = element[d]
            if want["scored"]:
                assert direct[name, d] == (want["positive"], want["negative"], want["scored"]), (name, d)
    second = {(short(e), d): (int(p), int(n)) for e, d, p, n in _query_rows(store, "influence-second-order")}
    for element in section["elements"]:
        name = short(element["element"])
        for d, key in (("out", "second_order_out"), ("in", "second_order_in")):
            got = second.get((name, d), (0, 0))
            assert got == (element[key]["positive"], element[key]["negative"]), (name, d)
    pairs = {(short(a), short(b)): int(s) for a, b, s in _query_rows(store, "influence-pairs")}
    assert pairs == {
        (short(a), short(b)): s
        for (a, b), s in analyse_influences(__import__("alignment").influence_edges(store))["pairs"].items()
    }
    cycles = {
        (short(a), short(b), short(c) if c else None): int(p) for a, b, c, p in _query_rows(store, "influence-loops")
    }
    assert cycles == {("a", "c", None): 3, ("a", "b", "c"): -2}


INFLUENCE_QUERIES = [
    "influence-edges",
    "influence-scored",
    "influence-implicit",
    "influence-pairs",
    "influence-direct",
    "influence-second-order",
    "influence-loops",
]


@pytest.mark.parametrize("name", INFLUENCE_QUERIES)
@pytest.mark.parametrize(
    "source", ["influence/network.yaml", "influence/small.yaml", "kinds/negative-contribution/fires.yaml"]
)
def test_influence_queries_run_unchanged_on_both_engines(data, name, source) -> None:
    """Portable SPARQL: each influence query gives the same rows on Oxigraph and on rdflib."""
    text = get_query(name).text
    oxi = load_model([data / source]).store.query(text)
    rdf = load_model([data / source], store=RdflibStore()).store.query(text)
    # rdflib answers an aggregate over nothing with one unbound row (as alignment.analyze notes): dropped
    normalise = lambda r: sorted(tuple(sorted((k, v["value"]) for k, v in b.items())) for b in r.bindings if b)  # noqa: E731
    assert normalise(oxi) == normalise(rdf)
    if source == ("influence/small.yaml" if name == "influence-implicit" else "influence/network.yaml"):
        assert normalise(oxi), "the query finds something on its fixture"


def _as_rdflib_with_blank_nodes() -> rdflib.Graph:
    """network.yaml's graph with every sa:Influence a blank node (as a Turtle author would write it)."""
    g = rdflib.Graph().parse(data=load_model([NET]).store.dump_ntriples(), format="nt")
    influence = rdflib.URIRef("https://w3id.org/stratalign#Influence")
    for node in list(g.subjects(rdflib.RDF.type, influence)):
        blank = rdflib.BNode()
        for p, o in list(g.predicate_objects(node)):
            g.remove((node, p, o))
            g.add((blank, p, o))
    assert not any(isinstance(s, rdflib.URIRef) for s in g.subjects(rdflib.RDF.type, influence))
    return g


def _workbook(path: Path) -> Path:
    """network.yaml as a workbook: elements on the model sheet, the influences as a matrix (and d's reason as a row)."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "model"
    for row in [
        ["id", "type", "label_en", "influencer", "influenced", "strength", "description_en", "description_da"],
        [EX, "model"],
        *[[x, "goal", f"Goal {x.upper()}"] for x in "abcefgh"],
        ["d", "initiative", "Initiative D"],
        [None, "influence", None, "d", "b", -3, "It takes the money", "Den tager pengene"],
    ]:
        ws.append(row)
    m = book.create_sheet("påvirkninger")
    for row in [
        ["influencer", "a", "b", "c", "f", "h"],
        ["a", None, 2, 3],
        ["b", None, None, -1],
        ["c", 1],
        ["e", None, None, None, 0],
        ["g", None, None, None, None, 1],
    ]:
        m.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("form", ["yaml", "xlsx-matrix", "turtle-blank-nodes", "json-ld"])
def test_the_same_influences_in_any_form_give_the_same_section(section, tmp_path: Path, form: str) -> None:
    if form == "yaml":
        path = NET
    elif form == "xlsx-matrix":
        path = _workbook(tmp_path / "net.xlsx")
    elif form == "turtle-blank-nodes":
        path = tmp_path / "net.ttl"
        _as_rdflib_with_blank_nodes().serialize(path, format="turtle", encoding="utf-8")
        assert "_:" in path.read_text(encoding="utf-8") or "[" in path.read_text(encoding="utf-8")
    else:
        path = tmp_path / "net.jsonld"
        _as_rdflib_with_blank_nodes().serialize(path, format="json-ld", encoding="utf-8")
    got = analyze_model(load_model([path]), lang="en").influence
    assert got == section


NEG_EX = "https://example.org/negmix/"


def _negative_rows(store) -> set[tuple[str, str, int | None]]:
    """The named query `negative-contribution`'s rows as (element, goal, strength or None)."""
    rows = store.select(get_query("negative-contribution").text).values("element", "goal", "strength")
    return {(e, g, None if s is None else int(s)) for e, g, s in rows if e is not None}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_negative_contribution_rule_equals_its_named_query(data, engine) -> None:
    """The rule reads the shared influence edges; its (element, goal, score) are the named query's rows."""
    store = RdflibStore() if engine == "rdflib" else None
    model = load_model(
        [data / "influence/negative-mix.yaml", data / "influence/negative-mix-extra.ttl"],
        **({"store": store} if store else {}),
    )
    expected = {
        (NEG_EX + "i1", NEG_EX + "g1", -3),
        (NEG_EX + "i1", NEG_EX + "g2", None),
        (NEG_EX + "i2", NEG_EX + "g1", -2),
        (NEG_EX + "i2", NEG_EX + "g2", None),
        (NEG_EX + "g2", NEG_EX + "g1", -1),
    }
    assert _negative_rows(model.store) == expected  # the named query, by hand
    findings = [f for f in analyze_model(model, lang="en").findings if f.kind == "negative-contribution"]
    got = {(tuple(f.subjects), f.score) for f in findings}
    assert got == {(tuple(sorted((e, g))), s) for e, g, s in expected}
    assert len(findings) == len(expected)  # one finding per pair, never one per edge


def test_negative_contribution_rule_equals_its_named_query_at_scale(tmp_path) -> None:
    """On a generated corpus with scored influences (every strength -3..+3, hinders among them) the same."""
    corpus = generated_corpus(tmp_path, "XS", "--influences", "3")
    model = load_model([corpus])
    rows = _negative_rows(model.store)
    assert len(rows) > 100 and any(s is None for *_, s in rows) and any(s == -3 for *_, s in rows)
    findings = [f for f in analyze_model(model).findings if f.kind == "negative-contribution"]
    assert {(tuple(f.subjects), f.score) for f in findings} == {(tuple(sorted((e, g))), s) for e, g, s in rows}


def _edges_by_the_named_query(store) -> list[tuple]:
    """``influence-edges`` read as the definition: one edge per (influencer, influenced, source, strength), its
    reason the Danish description, else the English, else an untagged one."""
    lang_order = {"da": 0, "en": 1, "": 2}
    reasons: dict[tuple, list] = {}
    text = get_query("influence-edges").text
    for a, b, strength, source, why, lang in store.select(text).values(
        "influencer", "influenced", "strength", "source", "why", "whyLang"
    ):
        if a is None:
            continue
        key = (a, b, int(strength), source)
        reasons.setdefault(key, [])
        if why:
            reasons[key].append((lang_order.get(lang or "", 3), why))
    return sorted((*key, min(found)[1] if found else None) for key, found in reasons.items())


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(
    "sources",
    [
        pytest.param(["influence/network.yaml"], id="network"),
        pytest.param(["influence/small.yaml"], id="small"),
        pytest.param(["influence/negative-mix.yaml", "influence/negative-mix-extra.ttl"], id="negative-mix"),
        pytest.param(["kinds/negative-contribution/fires.yaml"], id="kind-fixture"),
    ],
)
def test_the_edges_are_the_influence_edges_query_read_in_two_halves(data, engine, sources) -> None:
    """influence_edges() reads ``influence-scored`` and ``influence-implicit``; together they are ``influence-edges``."""
    store = load_model([data / s for s in sources], store=RdflibStore() if engine == "rdflib" else None).store
    got = sorted(tuple(e) for e in __import__("alignment").influence_edges(store))
    assert got == _edges_by_the_named_query(store)
    assert got, "the fixture has influences"


def test_the_edges_are_the_influence_edges_query_at_scale(tmp_path) -> None:
    """The same on a generated corpus: every strength, hinders and contributesTo, scored and implicit edges."""
    corpus = generated_corpus(tmp_path, "XS", "--influences", "3")
    store = load_model([corpus]).store
    got = __import__("alignment").influence_edges(store)
    assert {e.source for e in got} == {"influence", "hinders", "contributesTo"}
    assert sorted(tuple(e) for e in got) == _edges_by_the_named_query(store)
    order = {"influence": 0, "hinders": 1, "contributesTo": 2}
    assert [tuple(e) for e in got] == sorted((tuple(e) for e in got), key=lambda e: (e[0], e[1], order[e[3]], e[2]))


def _second_order_path_by_path(pairs: dict[tuple[str, str], int]) -> dict[str, tuple[int, int, int, int]]:
    """The definition, path by path: (out +, out −, in +, in −) over i → j → k with k ≠ i."""
    out: dict[str, dict[str, int]] = {}
    for (a, b), s in pairs.items():
        out.setdefault(a, {})[b] = s
    sums: dict[str, list[int]] = {}
    for i, row in out.items():
        for j, s_ij in row.items():
            for k, s_jk in out.get(j, {}).items():
                if k == i:
                    continue
                product = s_ij * s_jk
                sums.setdefault(i, [0, 0, 0, 0])[0 if product > 0 else 1] += product if product else 0
                sums.setdefault(k, [0, 0, 0, 0])[2 if product > 0 else 3] += product if product else 0
    return {n: tuple(v) for n, v in sums.items()}  # type: ignore[misc]


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from("abcdefg"), st.sampled_from("abcdefg")).filter(lambda p: p[0] != p[1]),
        st.integers(-3, 3),
        max_size=30,
    )
)
def test_second_order_sums_equal_the_path_by_path_definition(pairs) -> None:
    """The factored one-pass sums (network._second_order) are the definition's, on any small matrix."""
    edges = [InfluenceEdge(a, b, s, "influence") for (a, b), s in pairs.items()]
    elements = analyse_influences(edges)["elements"]
    expected = _second_order_path_by_path(pairs)
    for n, figures in elements.items():
        got = (
            figures["second_order_out"]["positive"],
            figures["second_order_out"]["negative"],
            figures["second_order_in"]["positive"],
            figures["second_order_in"]["negative"],
        )
        assert got == expected.get(n, (0, 0, 0, 0)), n
