"""`stratalign whatif`: each outcome of tests/data/whatif/budget.yaml is known by hand (see the file's header)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

import alignment.analyze
from alignment import what_if
from alignment.queries import get_query
from ontology import load_model
from ontology.store import RdflibStore

E = "https://w3id.org/stratalign/example/whatif/"


@pytest.fixture
def model(data):
    return load_model([data / "whatif" / "budget.yaml"])


def _ids(findings):
    return {(f.kind, tuple(s.removeprefix(E) for s in f.subjects)) for f in findings}


def test_cancelling_the_only_initiative_leaves_its_goal_uncovered(model):
    result = what_if(model, cancel=["laesning"], lang="en")
    assert result.uncovered == [E + "laesefaerdigheder"]
    assert ("uncovered-goal", ("laesefaerdigheder",)) in _ids(result.new)
    assert not result.resolved
    assert [p["after"]["coverage"] for p in result.plans if p["plan"] == E + "vision"] == [0.667]
    # the goal's one positive influence was the cancelled initiative
    assert [(i["goal"], i["strength_before"], i["strength_after"]) for i in result.influence_lost] == [
        (E + "laesefaerdigheder", 1, None)
    ]


def test_merging_two_duplicate_goals_resolves_the_duplicate(model):
    result = what_if(model, merge=["cykel-a=cykel-b"])
    assert ("duplicate-goal", ("cykel-a", "cykel-b")) in _ids(result.resolved)
    assert result.removed == [E + "cykel-a"]
    # cykel-b now holds cykel-a's initiative and sits in both plans: a shared goal, and covered
    assert ("shared-goal", ("cykel-b",)) in _ids(result.new)
    assert not result.uncovered
    assert not result.budget_freed  # merging frees nothing


def test_merging_initiatives_adds_the_budget_to_the_one_kept(model):
    from alignment.whatif import apply_changes, resolve_changes

    changes = resolve_changes(model.store, merge=["bibliotek=cykelkampagne"])
    applied = apply_changes(model.store, changes)
    budgets = {(q.subject.value, q.object.value) for q in applied.quads if q.predicate.value.endswith("#budget")}
    assert (E + "cykelkampagne", "400000") in budgets
    assert not any(s == E + "bibliotek" for s, _ in budgets)


def test_dropping_a_plan_resolves_its_shared_goal_and_removes_what_only_it_holds(model):
    result = what_if(model, drop_plan=["klimaplan"])
    resolved = _ids(result.resolved)
    assert ("shared-goal", ("co2",)) in resolved
    assert ("vision-mismatch", ("klimaplan", "vision")) in resolved
    assert set(result.removed) == {E + "klimaplan", E + "cykel-b", E + "cykelkampagne"}
    assert E + "co2" not in result.removed  # the vision holds it too
    assert [p["dropped"] for p in result.plans if p["plan"] == E + "klimaplan"] == [True]


@pytest.mark.parametrize(
    ("lang", "line"),
    [("da", "I alt: 4.150.000,50 kr."), ("en", "In all: 4,150,000.50 DKK")],
    ids=["danish", "english"],
)
def test_budget_freed_sums_exactly(run, data, lang, line):
    args = ["--cancel", "laesning", "--cancel", "cykelstier", "--cancel", "bibliotek"]
    result = run("whatif", data / "whatif" / "budget.yaml", *args, "--lang", lang)
    assert result.exit_code == 0, result.output
    assert line in result.stdout
    doc = json.loads(run("whatif", data / "whatif" / "budget.yaml", *args, "--format", "json").stdout)
    assert doc["budget_freed"]["total"] == [{"amount": "4150000.5", "unit": "DKK"}]
    assert sorted(e["budget"] for e in doc["budget_freed"]["initiatives"]) == ["1250000.5", "2500000", "400000"]


def test_whatif_costs_two_analyses(model, monkeypatch):
    calls = []
    real = alignment.analyze.analyze_store

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(alignment.analyze, "analyze_store", counted)
    what_if(model, cancel=["laesning", "cykelstier"], merge=["cykel-a=cykel-b"])
    assert len(calls) == 2
    # (a merge beside --drop-plan klimaplan is refused here: klimaplan alone holds cykel-b)
    what_if(model, cancel=["laesning", "bibliotek"], drop_plan=["klimaplan"])
    assert len(calls) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cancel", "laesnig"], "did you mean laesning?"),
        (["--cancel", "vision"], "is a plan: use --drop-plan vision"),
        (["--drop-plan", "co2"], "is not a plan"),
        (["--merge", "cykel-a=laesning"], "only two initiatives or two goals can be merged"),
        (["--merge", "cykel-a"], "write --merge A=B"),
        (["--merge", "co2=co2"], "cannot be merged into itself"),
        (["--cancel", "laesning", "--merge", "laesning=bibliotek"], "named by two changes"),
        (["--cancel", "byraadet"], "only an initiative, a goal or a focus area can be cancelled"),
        ([], "name at least one change"),
        # a merge into what another change removes: the merged budget would be neither freed nor kept
        (["--merge", "laesning=cykelstier", "--cancel", "cykelstier"], "name one element"),
        (["--merge", "bibliotek=cykelkampagne", "--drop-plan", "klimaplan"], "goes with --drop-plan klimaplan"),
        # ... or out of it: freed with the plan and kept in the merge
        (["--merge", "cykelkampagne=bibliotek", "--drop-plan", "klimaplan"], "goes with --drop-plan klimaplan"),
        (["--merge", "cykel-a=cykel-b", "--merge", "cykel-b=cykel-a"], "makes a cycle of merges"),
    ],
    ids=[
        "did-you-mean",
        "cancel-plan",
        "drop-non-plan",
        "merge-kinds",
        "merge-syntax",
        "merge-self",
        "twice",
        "actor",
        "none",
        "merge-into-cancelled",
        "merge-into-dropped",
        "merge-out-of-dropped",
        "merge-cycle",
    ],
)
def test_bad_changes_are_exit_2_with_one_line(run, data, args, message):
    result = run("whatif", data / "whatif" / "budget.yaml", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_ids_may_be_full_iris(model):
    result = what_if(model, cancel=[E + "laesning"])
    assert result.uncovered == [E + "laesefaerdigheder"]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("fmt", ["text", "json", "md", "html"])
def test_every_format_by_option_and_by_suffix(run, data, tmp_path, fmt):
    source = data / "whatif" / "budget.yaml"
    by_option = run("whatif", source, "--cancel", "laesning", "--format", fmt, "--lang", "en")
    assert by_option.exit_code == 0, by_option.output
    suffix = {"text": ".txt", "json": ".json", "md": ".md", "html": ".html"}[fmt]
    out = tmp_path / f"whatif{suffix}"
    assert run("whatif", source, "--cancel", "laesning", "--lang", "en", "-o", out, "--quiet").exit_code == 0
    written = out.read_text(encoding="utf-8")
    assert written == by_option.stdout
    if fmt == "json":
        doc = json.loads(written)
        assert doc["uncovered_goals"] == [{"iri": E + "laesefaerdigheder", "label": "Better reading skills in school"}]
        assert [f["kind"] for f in doc["findings"]["new"]] == ["uncovered-goal"]
    elif fmt == "html":
        page = _Text()
        page.feed(written)
        assert "«Better reading skills in school»" in "".join(page.text)
        assert "script" not in page.tags
    else:
        assert "«Better reading skills in school»" in written
        assert "2,500,000 DKK" in written


def test_untrusted_labels_are_escaped_in_every_format(run, tmp_path):
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        "stratalign: 1\nbase: https://e.org/m/\nvisions:\n  - id: v\n    label: V\n    goals:\n"
        "      - id: g\n        label: '<script>alert(1)</script> *x* | y'\n        initiatives:\n"
        '          - id: i\n            label: "I\\x1b[2J"\n            budget: 10\n',
        encoding="utf-8",
    )
    html = run("whatif", hostile, "--cancel", "i", "--format", "html").stdout
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = run("whatif", hostile, "--cancel", "i", "--format", "md").stdout
    assert "<script>" not in md and "\\*x\\*" in md and "\\|" in md
    text = run("whatif", hostile, "--cancel", "i").stdout
    assert "\x1b" not in text


def test_danish_is_the_default(run, data):
    result = run("whatif", data / "whatif" / "budget.yaml", "--cancel", "laesning")
    assert "Mål, der mister al dækning:" in result.stdout and "2.500.000 kr." in result.stdout


@pytest.mark.parametrize("name", ["whatif-elements", "whatif-budgets"])
def test_the_whatif_queries_answer_the_same_in_both_engines(data, name):
    source = data / "whatif" / "budget.yaml"
    text = get_query(name).text

    def rows(model):
        return sorted(json.dumps(b, sort_keys=True) for b in model.store.select(text).bindings)

    embedded, in_rdflib = rows(load_model([source])), rows(load_model([source], store=RdflibStore()))
    assert embedded == in_rdflib and embedded


def test_a_cancelled_goal_takes_its_targets_along():
    from alignment.whatif import apply_changes, resolve_changes
    from ontology import example_path

    model = load_model([example_path("esbjerg-2020")])
    goal = "https://w3id.org/stratalign/example/esbjerg-2020/goal/studieby"
    targets = {
        q.object.value
        for q in model.store.quads()
        if q.subject.value == goal and q.predicate.value.endswith("#hasTarget")
    }
    assert targets
    applied = apply_changes(model.store, resolve_changes(model.store, cancel=["goal/studieby"]))
    left = {q.subject.value for q in applied.quads} | {q.object.value for q in applied.quads}
    assert not (targets | {goal}) & left


@pytest.mark.parametrize(
    ("cancel", "lost"),
    [("letbane", [("co2", 3, 1, ["letbane"])]), ("cykelstier", [])],
    ids=["strongest-goes", "weaker-goes"],
)
def test_influence_lost_is_the_strongest_positive_influence(data, cancel, lost):
    base = "https://w3id.org/stratalign/example/whatif-influence/"
    result = what_if(load_model([data / "whatif" / "influence.yaml"]), cancel=[cancel])
    assert [
        (
            i["goal"].removeprefix(base),
            i["strength_before"],
            i["strength_after"],
            [s["iri"].removeprefix(base) for s in i["from"]],
        )
        for i in result.influence_lost
    ] == lost
    assert not result.uncovered  # the other initiative still covers co2


def test_whatif_compares_with_the_users_thesaurus(run, data):
    """Regression: whatif had no --thesaurus, so its "before" lacked the duplicates analyze found with one: a
    user synonym (hænder ~ medarbejdere) makes the two goals of tests/data/similarity/staff.yaml duplicates,
    and dropping one of the plans resolves that duplicate only when whatif reads the same thesaurus."""
    staff, terms = data / "similarity" / "staff.yaml", data / "similarity" / "user-thesaurus.ttl"

    def resolved(*args):
        result = run("whatif", staff, "--drop-plan", "budget", "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return [f for f in json.loads(result.stdout)["findings"]["resolved"] if f["kind"] == "duplicate-goal"]

    assert resolved() == []
    found = resolved("--thesaurus", terms)
    assert [f["subjects"] for f in found] == [["https://e.org/haender", "https://e.org/medarbejdere"]]
    assert {"a": "hænder", "b": "medarbejdere", "via": "plejepersonale"} in found[0]["matched"]


@pytest.mark.parametrize("command", ["analyze", "check", "report", "graph", "whatif", "restructure", "serve"])
def test_every_analysing_command_takes_the_same_analysis_options(command):
    """The options that change what an analysis finds mean the same on every command that analyses."""
    import click

    from stratalign.cli import cli

    params = {p.name for p in cli.get_command(click.Context(cli), command).params}
    assert {"config_path", "thesaurus", "duplicates_within", "decisions"} <= params


def test_a_merge_of_ids_that_hold_an_equals_sign(run, tmp_path):
    """Regression: --merge split at the first '=', so an id holding one (an IRI's query, ``q?a=c``) could not be merged."""
    path = tmp_path / "eq.yaml"
    path.write_text(
        "base: https://e.org/p/\nstrategies:\n  - id: s\n    label: S\n    goals:\n"
        "      - {id: 'q?a=c', label: Flere i job}\n      - {id: x, label: Flere i arbejde}\n",
        encoding="utf-8",
    )
    result = run("whatif", path, "--merge", "q?a=c=x", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["changes"] == [
        {"change": "merge", "element": "https://e.org/p/q?a=c", "into": "https://e.org/p/x"}
    ]
    unknown = run("whatif", path, "--merge", "q?a=d=x")
    assert unknown.exit_code == 2 and "did you mean" in unknown.stderr


STATUSES = """stratalign: 1
base: https://ex.org/w/
lang: da
strategies:
  - id: vaekst
    label: Vækst
    goals:
      - id: ivaerksaettere
        label: Flere nye iværksættere hvert år
        initiatives:
          - id: partnerskab
            label: Partnerskab med erhvervsrådet
            status: planned
            budget: 750000
      - id: turisme
        label: Styrke kommunens rolle som turistdestination
        initiatives:
          - id: kystturisme
            label: Kystturisme
            status: cancelled
            budget: 400000
          - id: skoler
            label: Skoleløft
            status: completed
          - id: faellesskab
            label: Fællesskab
            status: ongoing
"""


@pytest.fixture
def statuses(tmp_path):
    path = tmp_path / "statuses.yaml"
    path.write_text(STATUSES, encoding="utf-8")
    return load_model([path])


W = "https://ex.org/w/"


@pytest.mark.parametrize(
    ("merge", "kept", "status"),
    [("kystturisme=partnerskab", "partnerskab", "Planned"), ("skoler=faellesskab", "faellesskab", "Ongoing")],
    ids=["cancelled-into-planned", "completed-into-ongoing"],
)
def test_a_merge_keeps_the_status_of_the_one_kept(statuses, merge, kept, status):
    """Regression: A's status (an IRI, not a literal) moved to B, which then had two; a cancelled A
    made B's goal uncovered, a completed A made B count as completed."""
    from alignment.whatif import apply_changes, resolve_changes

    applied = apply_changes(statuses.store, resolve_changes(statuses.store, merge=[merge]))
    found = {
        q.object.value for q in applied.quads if q.subject.value == W + kept and q.predicate.value.endswith("#status")
    }
    assert found == {"https://w3id.org/stratalign#" + status}
    result = what_if(statuses, merge=[merge], lang="en")
    assert not result.uncovered and not [f for f in result.new if f.kind == "uncovered-goal"]


def test_an_initiative_cancelled_already_frees_no_budget_and_loses_no_influence(statuses):
    """Regression: cancelling (or dropping the plan of) an initiative whose status is cancelled freed its
    budget and listed its contribution as lost, though a cancelled initiative spends and covers nothing."""
    result = what_if(statuses, cancel=["kystturisme"], lang="en")
    assert result.budget_freed == []
    assert result.influence_lost == []
    dropped = what_if(statuses, drop_plan=["vaekst"], lang="en")
    assert [e["initiative"] for e in dropped.budget_freed] == [W + "partnerskab"]
    # merged into another, a cancelled initiative's budget is not added to it either
    from alignment.whatif import apply_changes, resolve_changes

    applied = apply_changes(statuses.store, resolve_changes(statuses.store, merge=["kystturisme=partnerskab"]))
    assert {q.object.value for q in applied.quads if q.predicate.value.endswith("#budget")} == {"750000"}
