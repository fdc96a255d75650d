"""Duplicate triage: clusters, plan pairs, their place in every output, and the --duplicates-within scope."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from conftest import generated_corpus

from alignment import Config, Finding, Labels, analyze_model, duplicate_triage, load_config
from alignment.scope import DuplicateScope, tops
from ontology import RdflibStore, load_model

DATA = Path(__file__).parent / "data" / "duplicates"
CLUSTERS = DATA / "clusters.yaml"
SCOPE = DATA / "scope.ttl"
HOSTILE = DATA / "hostile.yaml"
QUIET = Path(__file__).parent / "data" / "rules" / "duplicate-goal-quiet.yaml"


def dup(a: str, b: str, score: float | None = 0.8, kind: str = "duplicate-goal") -> Finding:
    """A duplicate finding between ``ex:a`` (plan ``ex:pa``) and ``ex:b`` (plan ``ex:pb``)."""
    return Finding(kind, "warning", (f"ex:{a}", f"ex:{b}"), (f"ex:p{a}", f"ex:p{b}"), "…", score)


# -- the clustering, on findings made by hand ---------------------------------------------


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        pytest.param([dup("a", "b"), dup("b", "c")], [("dup-goal-1", ("ex:a", "ex:b", "ex:c"), 2)], id="chain-is-one"),
        pytest.param(
            [dup("c", "d"), dup("a", "b")],
            [("dup-goal-1", ("ex:a", "ex:b"), 1), ("dup-goal-2", ("ex:c", "ex:d"), 1)],
            id="two-pairs-two-clusters",
        ),
        pytest.param(
            [dup("a", "z"), dup("m", "n"), dup("n", "o")],
            [("dup-goal-1", ("ex:m", "ex:n", "ex:o"), 2), ("dup-goal-2", ("ex:a", "ex:z"), 1)],
            id="larger-first",
        ),
        pytest.param(
            [dup("a", "b"), dup("a", "b", kind="duplicate-initiative")],
            [("dup-goal-1", ("ex:a", "ex:b"), 1), ("dup-initiative-1", ("ex:a", "ex:b"), 1)],
            id="per-kind",
        ),
    ],
)
def test_clusters_are_the_connected_pairs(findings, expected):
    found = duplicate_triage(findings, Labels())
    assert [(c.id, c.members, c.pairs) for c in found.clusters] == expected


def test_the_ids_do_not_depend_on_the_order_of_the_findings():
    findings = [dup("a", "b"), dup("b", "c"), dup("x", "y"), dup("p", "q", 0.5), dup("q", "r", None), dup("k", "l")]
    expected = duplicate_triage(findings, Labels()).to_dict()
    rng = random.Random(7)
    for _ in range(20):
        shuffled = findings[:]
        rng.shuffle(shuffled)
        assert duplicate_triage(shuffled, Labels()).to_dict() == expected


@pytest.mark.parametrize(
    ("findings", "labels", "best"),
    [
        # b is in both pairs: its sum (0.9 + 0.6) beats a's 0.9 and c's 0.6
        pytest.param([dup("a", "b", 0.9), dup("b", "c", 0.6)], {}, "ex:b", id="highest-sum"),
        # a-b 0.9 vs a star around c of 0.5 + 0.5 + 0.5: c sums 1.5
        pytest.param(
            [dup("a", "b", 0.9), dup("b", "c", 0.5), dup("c", "d", 0.5), dup("c", "e", 0.5)], {}, "ex:c", id="star"
        ),
        # a tie on the sum: the label first in code-point order ("B" < "a"), not the IRI
        pytest.param([dup("a", "b", 0.7)], {"ex:a": "a", "ex:b": "B"}, "ex:b", id="tie-label"),
        # a tie on the sum and the label: the smaller IRI
        pytest.param([dup("a", "b", 0.7)], {"ex:a": "Same", "ex:b": "Same"}, "ex:a", id="tie-iri"),
        # a same-target pair (no score) counts 1.0: d (1.0) beats c (0.9)
        pytest.param([dup("c", "e", 0.9), dup("d", "e", None)], {}, "ex:e", id="same-target-counts-one"),
    ],
)
def test_the_best_label(findings, labels, best):
    (cluster,) = duplicate_triage(findings, Labels(labels)).clusters
    assert cluster.best == best
    assert cluster.label == Labels(labels).get(best)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_best_label_is_one_member_in_every_language(lang):
    """Regression: the tie went to the label first in the output language, so --lang changed the best member."""
    labels = Labels({"ex:a": {"da": "Bø", "en": "Zed"}, "ex:b": {"da": "Å", "en": "Alpha"}})
    (cluster,) = duplicate_triage([dup("a", "b", 0.7)], labels, lang).clusters
    assert cluster.best == "ex:a"  # "Bø" < "Å" in code-point order, whatever the language shown
    assert cluster.label == labels.get("ex:a", lang)


def test_the_esbjerg_example_has_the_same_clusters_in_both_languages(run):
    clusters = {
        lang: [
            (c["id"], c["members"], c["best"])
            for c in json.loads(run("analyze", "--example", "esbjerg-2020", "--format", "json", "--lang", lang).stdout)[
                "duplicates"
            ]["clusters"]
        ]
        for lang in ("da", "en")
    }
    assert clusters["da"] and clusters["da"] == clusters["en"]


def test_scores_of_a_cluster_of_same_target_pairs_are_null():
    (only_target,) = duplicate_triage([dup("a", "b", None)], Labels()).clusters
    (mixed,) = duplicate_triage([dup("a", "b", None), dup("b", "c", 0.6), dup("c", "d", 0.9)], Labels()).clusters
    assert (only_target.min_score, only_target.max_score) == (None, None)
    assert (mixed.min_score, mixed.max_score) == (0.6, 0.9)


def test_plan_pairs_count_pairs_and_clusters_between_two_plans():
    plans = {"ex:a": {"ex:p1"}, "ex:b": {"ex:p2"}, "ex:c": {"ex:p2"}, "ex:d": {"ex:p1", "ex:p3"}}
    findings = [dup("a", "b"), dup("a", "c"), dup("d", "b", kind="duplicate-initiative")]
    rows = {
        p.plans: (p.goals, p.initiatives, p.clusters)
        for p in duplicate_triage(findings, Labels(), "da", plans).plan_pairs
    }
    # d is in p1 and p3: its pair with b counts for p1-p2 and p2-p3
    assert rows == {("ex:p1", "ex:p2"): (2, 1, 2), ("ex:p2", "ex:p3"): (0, 1, 1)}


def test_other_findings_are_no_duplicates():
    other = Finding("shared-goal", "warning", ("ex:a",), ("ex:p", "ex:q"), "…")
    triage = duplicate_triage([other], Labels())
    assert not triage and triage.to_dict() == {"clusters": [], "plan_pairs": []} and triage.cluster_id(other) is None


# -- the scope's hierarchy walk -------------------------------------------------------------


@pytest.mark.parametrize(
    ("parents", "expected"),
    [
        pytest.param({"a": ["b"], "b": ["c"]}, {"a": {"c"}, "b": {"c"}, "c": {"c"}}, id="chain"),
        pytest.param({"a": ["b"], "b": ["a"]}, {"a": {"a"}, "b": {"a"}}, id="cycle-is-one-top"),
        pytest.param({"x": ["a"], "a": ["b"], "b": ["a"]}, {"x": {"a"}, "a": {"a"}, "b": {"a"}}, id="into-a-cycle"),
        pytest.param({"a": ["b", "c"]}, {"a": {"b", "c"}, "b": {"b"}, "c": {"c"}}, id="two-parents"),
        pytest.param({"a": ["a"]}, {"a": {"a"}}, id="self-loop"),
    ],
)
def test_tops(parents, expected):
    assert {node: set(found) for node, found in tops(parents).items()} == expected


def test_tops_of_a_long_chain_are_linear():
    chain = {f"n{i:05d}": [f"n{i + 1:05d}"] for i in range(20_000)}
    found = tops(chain)
    assert found["n00000"] == frozenset({"n20000"}) and len(found) == 20_001


def test_an_unknown_scope_is_refused():
    with pytest.raises(ValueError, match="unknown scope 'city'"):
        DuplicateScope("city")


# -- the scope on a model, known by hand (tests/data/duplicates/scope.ttl) -----------------

EXPECTED_PAIRS = {
    "owner": {("gA1", "gV")},
    "municipality": {
        ("gA1", "gV"),
        ("gA2", "gV"),
        ("gA1", "gA2"),
        ("gV", "gX"),
        ("gA1", "gX"),
        ("gA2", "gX"),
        ("gB1", "gX"),
    },
    "plan-family": {("gA1", "gV"), ("gA2", "gV"), ("gA1", "gA2")},
    "all": {
        tuple(sorted((a, b)))
        for i, a in enumerate(["gV", "gA1", "gA2", "gB1", "gX"])
        for b in ["gV", "gA1", "gA2", "gB1", "gX"][i + 1 :]
    },
}


def _goal_pairs(findings) -> set[tuple[str, ...]]:
    return {
        tuple(sorted(s.rsplit("/", 1)[-1] for s in f["subjects"])) for f in findings if f["kind"] == "duplicate-goal"
    }


@pytest.mark.parametrize("scope", list(EXPECTED_PAIRS))
def test_each_scope_keeps_the_pairs_known_by_hand(run, scope):
    result = run("analyze", SCOPE, "--duplicates-within", scope, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert _goal_pairs(doc["findings"]) == {tuple(sorted(p)) for p in EXPECTED_PAIRS[scope]}


def test_the_default_scope_is_municipality(run):
    default = json.loads(run("analyze", SCOPE, "--format", "json").stdout)
    assert _goal_pairs(default["findings"]) == {tuple(sorted(p)) for p in EXPECTED_PAIRS["municipality"]}


@pytest.mark.parametrize("scope", list(EXPECTED_PAIRS))
def test_the_scope_is_the_same_on_rdflib(scope):
    """The scope's named query reads alike on both engines (as against an --endpoint server)."""
    config = Config(duplicates_within=scope)
    rdflib_model = load_model([SCOPE], store=RdflibStore())
    found = analyze_model(rdflib_model, config).to_dict()["findings"]
    assert _goal_pairs(found) == {tuple(sorted(p)) for p in EXPECTED_PAIRS[scope]}


@pytest.mark.parametrize("source", [CLUSTERS, Path("ontology/examples/esbjerg-2020.yaml")], ids=["clusters", "esbjerg"])
def test_without_an_organisation_structure_municipality_is_all(run, source):
    default = json.loads(run("analyze", source, "--format", "json").stdout)
    everything = json.loads(run("analyze", source, "--duplicates-within", "all", "--format", "json").stdout)
    assert default["findings"] == everything["findings"] and default["duplicates"]["clusters"]


def test_the_toml_setting_and_the_option_over_it(run, tmp_path, monkeypatch):
    (tmp_path / "stratalign.toml").write_text('[similarity]\nduplicates_within = "owner"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from_toml = json.loads(run("analyze", SCOPE.resolve(), "--format", "json").stdout)
    over = json.loads(run("analyze", SCOPE.resolve(), "--format", "json", "--duplicates-within", "all").stdout)
    assert _goal_pairs(from_toml["findings"]) == EXPECTED_PAIRS["owner"]
    assert len(_goal_pairs(over["findings"])) == 10
    assert load_config(tmp_path / "stratalign.toml").duplicates_within == "owner"


def test_a_bad_toml_value_names_the_file_and_line(run, tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('[similarity]\ngoal = 0.5\nduplicates_within = "kommune"\n', encoding="utf-8")
    result = run("analyze", SCOPE, "--config", config)
    assert result.exit_code == 2
    assert f"{config}:3" in result.output and "duplicates_within must be one of owner" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["analyze", "check", "report", "graph", "whatif"])
def test_a_bad_scope_is_a_usage_error(run, command):
    result = run(command, SCOPE, "--duplicates-within", "kommune")
    assert result.exit_code == 2
    assert "Invalid value for '--duplicates-within'" in result.output and "'plan-family'" in result.output


@pytest.mark.parametrize(
    ("command", "args"),
    [
        pytest.param("check", ("--fail-on", "warning", "--format", "json"), id="check"),
        pytest.param("report", ("--format", "json"), id="report"),
    ],
)
def test_check_and_report_honour_the_scope(run, command, args):
    def pairs(scope: str) -> set[tuple[str, ...]]:
        result = run(command, SCOPE, "--duplicates-within", scope, *args)
        return _goal_pairs(json.loads(result.stdout)["findings"])

    assert pairs("owner") == EXPECTED_PAIRS["owner"] and len(pairs("all")) == 10


def test_graph_honours_the_scope(run):
    def duplicate_edges(scope: str) -> int:
        doc = json.loads(run("graph", SCOPE, "--format", "json", "--duplicates-within", scope).stdout)
        return sum(1 for e in doc["edges"] if e.get("kind") == "duplicate")

    assert (duplicate_edges("owner"), duplicate_edges("plan-family"), duplicate_edges("all")) == (1, 3, 10)


# -- input order and format (metamorphic) -------------------------------------------------


def _clusters_of(path: Path) -> dict:
    return analyze_model(load_model([path])).to_dict()["duplicates"]


def test_the_same_model_as_yaml_and_as_turtle_by_rdflib_gives_the_same_clusters(tmp_path):
    turtle = tmp_path / "clusters.ttl"
    turtle.write_text(load_model([CLUSTERS]).to_rdflib().serialize(format="turtle"), encoding="utf-8")
    assert _clusters_of(turtle) == _clusters_of(CLUSTERS)
    assert [c["id"] for c in _clusters_of(CLUSTERS)["clusters"]] == ["dup-goal-1", "dup-goal-2", "dup-initiative-1"]


def test_shuffled_triples_give_the_same_clusters(tmp_path):
    lines = load_model([SCOPE]).to_rdflib().serialize(format="nt").splitlines()
    expected = analyze_model(load_model([SCOPE]), Config(duplicates_within="all")).to_dict()["duplicates"]
    rng = random.Random(3)
    for n in range(3):
        rng.shuffle(lines)
        shuffled = tmp_path / f"s{n}.nt"
        shuffled.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert (
            analyze_model(load_model([shuffled]), Config(duplicates_within="all")).to_dict()["duplicates"] == expected
        )


# -- the outputs ------------------------------------------------------------------------------


def test_json_has_the_clusters_the_plan_pairs_and_each_findings_cluster(run):
    doc = json.loads(run("analyze", CLUSTERS, "--format", "json").stdout)
    clusters = {c["id"]: c for c in doc["duplicates"]["clusters"]}
    base = "https://e.org/clusters/"
    assert clusters["dup-goal-1"]["members"] == [base + "g1", base + "g2", base + "g3"]
    assert clusters["dup-goal-1"] | {"members": None} == {
        "id": "dup-goal-1",
        "kind": "duplicate-goal",
        "size": 3,
        "label": "Flere cyklister i hverdagen",
        "best": base + "g1",
        "members": None,
        "plans": [base + "s1", base + "s2", base + "s3"],
        "pairs": 3,
        "min_score": 1.0,
        "max_score": 1.0,
    }
    assert clusters["dup-initiative-1"]["members"] == [base + "i2", base + "i3"]
    pairs = {tuple(p["labels"]): (p["goals"], p["initiatives"], p["clusters"]) for p in doc["duplicates"]["plan_pairs"]}
    assert pairs == {
        ("Strategi for cykling", "Strategi for sundhed"): (2, 0, 2),
        ("Strategi for sundhed", "Strategi for trafik"): (1, 1, 2),
        ("Strategi for cykling", "Strategi for trafik"): (1, 0, 1),
    }
    for f in doc["findings"]:
        if f["kind"].startswith("duplicate-"):
            members = {m for c in clusters.values() if c["id"] == f["cluster"] for m in c["members"]}
            assert set(f["subjects"]) <= members
        else:
            assert "cluster" not in f
    assert list(doc)[:2] == ["summary", "duplicates"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "da",
            [
                "Dubletklynger",
                "3 dubletklynger på tværs af 3 planpar",
                "dup-goal-1: «Flere cyklister i hverdagen» – 3 mål i 3 planer",
            ],
        ),
        (
            "en",
            [
                "Duplicate clusters",
                "3 duplicate clusters across 3 plan pairs",
                "dup-goal-1: «Flere cyklister i hverdagen» – 3 goals in 3 plans",
            ],
        ),
    ],
)
def test_text_says_how_many_clusters_and_lists_the_largest(run, lang, words):
    text = run("analyze", CLUSTERS, "--lang", lang).stdout
    for word in words:
        assert word in text


TOPICS = [
    "Flere cyklister i hverdagen",
    "Bedre trivsel i folkeskolen",
    "Færre ledige unge",
    "Mere genbrug af husholdningsaffald",
    "Flere turister ved havnen",
    "Bedre busforbindelser til landsbyerne",
    "Flere nye almene boliger",
    "Et stærkere foreningsliv",
    "Mindre ensomhed blandt ældre",
    "Hurtigere bredbånd i landdistrikterne",
    "Et renere vandmiljø i fjorden",
    "Flere iværksættere med vækst",
    "Kortere ventetid på genoptræning",
    "Flere elever på erhvervsuddannelserne",
]


def _two_strategies(path: Path, labels: list[str]) -> Path:
    """A model of two strategies that each have a goal with every label of ``labels``: one duplicate pair each."""
    lines = ["base: https://e.org/many/", "strategies:"]
    for side in ("a", "b"):
        lines += [f"  - id: s{side}", f"    label: S{side}", "    goals:"]
        lines += [f'      - {{id: g{n}{side}, label: "{label}"}}' for n, label in enumerate(labels)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_text_caps_the_clusters_with_a_count_of_the_rest(run, tmp_path):
    model = _two_strategies(tmp_path / "many.yaml", TOPICS)
    doc = json.loads(run("analyze", model, "--format", "json").stdout)
    total = len(doc["duplicates"]["clusters"])
    assert total > 10
    text = run("analyze", model, "--lang", "en").stdout
    assert len(re.findall(r"^  dup-goal-\d+:", text, re.MULTILINE)) == 10
    assert f"… and {total - 10} more" in text


def test_markdown_has_both_tables(run):
    md = run("analyze", CLUSTERS, "--format", "md", "--lang", "en").stdout
    assert "## Duplicate clusters (3)" in md
    assert "| dup-goal-1 | Flere cyklister i hverdagen | 3 goals | 3 | 3 |" in md
    assert "| Strategi for sundhed | Strategi for trafik | 1 | 1 | 2 |" in md


@pytest.mark.parametrize("fmt", ["text", "json", "md"])
def test_a_model_without_duplicates_has_no_section(run, fmt):
    out = run("analyze", QUIET, "--format", fmt, "--lang", "en").stdout
    assert "uplicate cluster" not in out and "dup-goal" not in out and '"duplicates"' not in out


def test_the_report_lists_clusters_and_plan_pairs_in_both_languages(run):
    da = run("report", CLUSTERS, "--format", "html").stdout
    en = run("report", CLUSTERS, "--format", "html", "--lang", "en").stdout
    section = da[da.index('<section id="duplicates">') : da.index('<section id="findings">')]
    assert "<h2>Dubletklynger</h2>" in section and "Dubletter pr. planpar" in section
    assert '<tr id="dup-goal-1"><td>dup-goal-1</td><td><strong>Flere cyklister i hverdagen</strong>' in section
    assert "<li>Kampagne for cykelhjelme til børn</li>" in section
    assert "<h2>Duplicate clusters</h2>" in en and "Duplicates per plan pair" in en
    md = run("report", CLUSTERS, "--format", "md").stdout
    assert "## Dubletklynger" in md and "### Dubletter pr. planpar" in md
    assert json.loads(run("report", CLUSTERS, "--format", "json").stdout)["duplicates"]["total_clusters"] == 3


def test_the_report_without_duplicates_has_no_section(run):
    html = run("report", QUIET, "--format", "html").stdout
    assert 'id="duplicates"' not in html and "#duplicates" not in html


def test_the_report_escapes_a_hostile_label_in_a_cluster(run):
    html = run("report", HOSTILE, "--format", "html").stdout
    section = html[html.index('<section id="duplicates">') : html.index('<section id="findings">')]
    assert "<script>" not in section and "<b>" not in section
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Flere &lt;b&gt;cyklister&lt;/b&gt; &amp; gående" in section


@pytest.mark.parametrize(
    ("lang", "text_score", "cell"),
    [
        ("da", "tekstlighed 0,81", '<td class="r-n">0,81</td>'),
        ("en", "text similarity 0.81", '<td class="r-n">0.81</td>'),
    ],
)
def test_numbers_in_the_languages_style(run, lang, text_score, cell):
    text = run("analyze", "--example", "esbjerg-2020", "--lang", lang).stdout
    assert f"dup-goal-1: «120.000 borgere i 2020» – 2 {'mål' if lang == 'da' else 'goals'}" in text
    (line,) = [line for line in text.splitlines() if line.startswith("  dup-goal-1:")]
    assert line.endswith(text_score)
    html = run("report", "--example", "esbjerg-2020", "--lang", lang).stdout
    section = html[html.index('<section id="duplicates">') : html.index('<section id="findings">')]
    assert cell in section


def test_a_large_cluster_counts_all_its_members(run, tmp_path):
    model = tmp_path / "many.yaml"
    strategies = "".join(
        f"  - id: s{n}\n    label: S{n}\n    goals: [{{id: g{n}, label: Flere cyklister i hverdagen}}]\n"
        for n in range(50)
    )
    model.write_text(f"base: https://e.org/big/\nstrategies:\n{strategies}", encoding="utf-8")
    doc = json.loads(run("analyze", model, "--format", "json").stdout)
    (cluster,) = doc["duplicates"]["clusters"]
    assert cluster["size"] == 50 and len(cluster["plans"]) == 50
    assert cluster["pairs"] == sum(1 for f in doc["findings"] if f["kind"] == "duplicate-goal")
    assert "50 mål i 50 planer" in run("analyze", model).stdout


def test_check_text_ends_with_the_clusters_line_and_sarif_has_the_cluster(run):
    text = run("check", CLUSTERS, "--lang", "en").stdout
    assert text.splitlines()[-1].startswith(
        "3 duplicate clusters across 3 plan pairs (5 duplicate findings); largest: dup-goal-1"
    )
    sarif = json.loads(run("check", CLUSTERS, "--format", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    assert {r["properties"]["cluster"] for r in results if r["ruleId"].startswith("duplicate-")} == {
        "dup-goal-1",
        "dup-goal-2",
        "dup-initiative-1",
    }
    assert all("properties" not in r for r in results if not r["ruleId"].startswith("duplicate-"))
    quiet = run("check", QUIET, "--lang", "en").stdout
    assert "duplicate clusters" not in quiet


def test_the_streamed_json_is_the_dict():
    """analyze's JSON is written in pieces (render_chunks): byte for byte what Analysis.to_dict gives, duplicates included."""
    from alignment import render_chunks

    analysis = analyze_model(load_model([CLUSTERS]))
    assert json.loads("".join(render_chunks(analysis, "json"))) == json.loads(json.dumps(analysis.to_dict()))
    assert analysis.to_dict()["duplicates"]["clusters"]


# -------------------------------------------------------------- comparison groups

ORGS = {"a1": ("A",), "a2": ("A",), "b1": ("B",)}


@pytest.mark.parametrize(
    ("scope", "owners", "orgs", "plan_parents", "expected"),
    [
        pytest.param("all", {}, {}, {}, [["p1", "p2", "p3", "p4"]], id="all-one-group"),
        pytest.param(
            "municipality",
            {"p1": {"a1"}, "p2": {"a2"}, "p3": {"b1"}, "p4": set()},
            ORGS,
            {},
            [["p1", "p2", "p4"], ["p3", "p4"]],
            id="municipality-unknown-in-each",
        ),
        pytest.param(
            "municipality", {"p1": {"x"}, "p2": {"y"}}, {}, {}, [["p1", "p2", "p3", "p4"]], id="municipality-no-orgs"
        ),
        pytest.param(
            "owner",
            {"p1": {"o"}, "p2": {"o", "q"}, "p3": {"q"}},
            {},
            {},
            [["p1", "p2"], ["p2", "p3"], ["p4"]],
            id="owner-overlapping-and-alone",
        ),
        pytest.param(
            "plan-family",
            {},
            {},
            {"p2": {"p1"}, "p3": {"p2"}},
            [["p1", "p2", "p3"], ["p4"]],
            id="plan-family-chain-and-alone",
        ),
    ],
)
def test_comparison_groups_cover_every_pair_in_scope(scope, owners, orgs, plan_parents, expected) -> None:
    """Every two plans in scope share a group (so comparing group by group misses no pair), by hand."""
    plans = ["p1", "p2", "p3", "p4"]
    s = DuplicateScope(scope, owners, orgs, plan_parents)
    groups = s.groups(plans)
    assert sorted(sorted(g) for g in groups) == expected
    for a in plans:
        for b in plans:
            if a != b and s.plans_in_scope(a, b):
                assert any(a in g and b in g for g in groups), (a, b)


def test_a_municipalitys_duplicates_do_not_depend_on_the_other_municipalities(run, tmp_path) -> None:
    """Metamorphic: municipality k000 is the same in the generated XS (2 municipalities) and S (8); its duplicate
    pairs and their scores must be too. With one index over the whole corpus it kept 447 of its 751 pairs at S."""
    xs, s = (
        json.loads(run("analyze", generated_corpus(tmp_path, size), "--format", "json", "--quiet").stdout)
        for size in ("XS", "S")
    )

    def k000(doc: dict) -> dict:
        return {
            tuple(f["subjects"]): f["score"]
            for f in doc["findings"]
            if f["kind"] in ("duplicate-goal", "duplicate-initiative") and all("/k000/" in x for x in f["subjects"])
        }

    alone, among = k000(xs), k000(s)
    assert len(alone) > 100
    assert among == alone


def test_many_plans_of_unknown_municipality_fall_back_to_one_comparison() -> None:
    """The groups may hold at most MAX_GROUPED_SHARE times the items: a plan of unknown municipality is in every
    group, so with three municipalities and many such plans the whole corpus is compared at once."""
    from alignment.context import Context
    from alignment.rules.duplicates import MAX_GROUPED_SHARE, comparison_groups
    from alignment.similarity import TextItem

    ctx = Context.build(load_model([SCOPE]).store, Config(), "da")
    ctx._duplicate_scope = DuplicateScope(
        "municipality", {"k1": {"a1"}, "k2": {"b1"}, "k3": {"c1"}}, {**ORGS, "c1": ("C",)}
    )

    def items(plans: list[str]) -> list[TextItem]:
        return [TextItem(f"e:{i}", "x", frozenset({p})) for i, p in enumerate(plans)]

    few = items(["k1"] * 5 + ["k2"] * 5 + ["k3"] * 5 + ["u"])  # 3 groups of 6: 18 of 16 items
    assert [len(g) for g in comparison_groups(ctx, few)] == [6, 6, 6]
    many = items(["k1", "k2", "k3"] + ["u"] * 9)  # 3 groups of 10: 30 > 2 × 12 items
    assert 30 > MAX_GROUPED_SHARE * len(many)
    assert comparison_groups(ctx, many) == [many]


# -- one of each: the counts agree with their nouns ------------------------------------------

ONE_PAIR = (
    "base: https://e.org/one/\nstrategies:\n"
    "  - id: a\n    label: Strategi A\n    goals: [{id: ga, label: Flere cyklister i hverdagen}]\n"
    "  - id: b\n    label: Strategi B\n    goals: [{id: gb, label: Flere cyklister i hverdagen}]\n"
)

#: a count of one beside a plural noun, in each language ("1 duplicate clusters", "1 planer"); "0 of 1 goals" is English
ONE_WITH_A_PLURAL = {
    "en": re.compile(
        r"(?<![\d.,])(?<!of )1 (covered goals|duplicate (clusters|findings|goals|initiatives)|plan pairs|pairs|clusters|goals|plans"
        r"|initiatives|elements|errors|warnings|findings)\b"
    ),
    "da": re.compile(r"(?<![\d.,])1 (dubletklynger|dublerede|planer|klynger|indsatser|elementer|advarsler)\b"),
}


@pytest.mark.parametrize(
    ("command", "lang", "expected"),
    [
        pytest.param(
            ("analyze",),
            "en",
            [
                "1 duplicate cluster across 1 plan pair; largest: «Flere cyklister i hverdagen» (2 goals)",
                "– 2 goals in 2 plans, 1 pair",
                ": 1 duplicate goal, 0 duplicate initiatives, 1 cluster",
            ],
            id="analyze-text-en",
        ),
        pytest.param(
            ("analyze",),
            "da",
            [
                "1 dubletklynge på tværs af 1 planpar; den største: «Flere cyklister i hverdagen» (2 mål)",
                "– 2 mål i 2 planer, 1 par",
                ": 1 dubleret mål, 0 dublerede indsatser, 1 klynge",
            ],
            id="analyze-text-da",
        ),
        pytest.param(("analyze", "--format", "md"), "en", ["| 2 goals |"], id="analyze-md-en"),
        pytest.param(
            ("check",),
            "en",
            ["1 duplicate cluster across 1 plan pair (1 duplicate finding); largest: dup-goal-1"],
            id="check-en",
        ),
        pytest.param(
            ("check",), "da", ["1 dubletklynge på tværs af 1 planpar (1 dubletfund); den største"], id="check-da"
        ),
        pytest.param(
            ("report", "--format", "md"),
            "en",
            ["1 duplicate cluster across 1 plan pair; the largest has 2 elements"],
            id="report-md-en",
        ),
        pytest.param(
            ("report", "--format", "md"),
            "da",
            ["1 dubletklynge på tværs af 1 planpar; den største har 2 elementer"],
            id="report-md-da",
        ),
        pytest.param(
            ("report", "--format", "html"),
            "da",
            ["1 dubletklynge på tværs af 1 planpar; den største har 2 elementer"],
            id="report-html-da",
        ),
    ],
)
def test_a_count_of_one_takes_the_singular(run, tmp_path, command, lang, expected):
    """Regression: "1 duplicate clusters across 1 plan pairs", "1 pairs", "1 errors" in every summary."""
    model = tmp_path / "one.yaml"
    model.write_text(ONE_PAIR, encoding="utf-8")
    result = run(*command, model, "--lang", lang)
    assert result.exit_code in (0, 1), result.output
    for words in expected:
        assert words in result.stdout
    assert ONE_WITH_A_PLURAL[lang].search(result.stdout) is None, ONE_WITH_A_PLURAL[lang].search(result.stdout)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_total_line_counts_each_level_in_its_number(run, tmp_path, lang):
    model = tmp_path / "one.yaml"
    model.write_text(ONE_PAIR, encoding="utf-8")
    doc = json.loads(run("analyze", model, "--format", "json").stdout)
    by = doc["summary"]["findings"]["by_severity"]
    (total,) = [
        line
        for line in run("analyze", model, "--lang", lang).stdout.splitlines()
        if line.startswith(("I alt", "In all"))
    ]
    words = {"da": {"warning": ("advarsel", "advarsler")}, "en": {"warning": ("warning", "warnings")}}[lang]
    one, many = words["warning"]
    assert f"{by['warning']} {one if by['warning'] == 1 else many}" in total


@pytest.mark.parametrize(
    ("lang", "head"),
    [
        pytest.param("en", "1 plan · 1 goal · 1 initiative · 1 covered goal (100 %)", id="en"),
        pytest.param("da", "1 plan · 1 mål · 1 indsats · 1 dækket mål (100 %)", id="da"),
    ],
)
def test_the_head_line_of_a_one_of_each_model_is_singular(run, tmp_path, lang, head):
    model = tmp_path / "one.yaml"
    model.write_text(
        "base: https://e.org/one/\nstrategies:\n  - id: a\n    label: A\n    goals:\n"
        "      - id: g\n        label: Flere i job\n        initiatives: [{id: i, label: Jobcenter}]\n",
        encoding="utf-8",
    )
    assert run("analyze", model, "--lang", lang).stdout.splitlines()[1] == head
