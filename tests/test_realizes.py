"""The sa:realizes hierarchy walked in Python: the same findings as the SPARQL closure, in linear time on chains."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from pyoxigraph import RdfFormat, Store

from alignment.realizes import Realizes

SA = "https://w3id.org/stratalign#"
EX = "https://example.org/chain/"


def _chain_model(n: int, *, second_chain: bool) -> str:
    """Turtle: a vision and n strategies, each realizing the one before; each strategy lists its own
    goal and the goal of the one before (a plan shares with the plan it realizes: no finding).
    With ``second_chain``, a strategy of a separate vision lists the last goal too (a real share)."""
    lines = [
        f"@prefix sa: <{SA}> .",
        f"@prefix : <{EX}> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        ":v0 a sa:Vision ; sa:hasGoal :g0 .",
    ]
    for i in range(1, n + 1):
        lines.append(f":v{i} a sa:Strategy ; sa:realizes :v{i - 1} ; sa:hasGoal :g{i}, :g{i - 1} .")
    for i in range(n + 1):
        lines.append(f':g{i} a sa:Goal ; rdfs:label "mål {i}"@da .')
    if second_chain:
        lines.append(f":w a sa:Vision . :s a sa:Strategy ; sa:realizes :w ; sa:hasGoal :g{n} .")
    return "\n".join(lines) + "\n"


def _closure_answer(turtle: str) -> tuple[set[str], set[tuple[str, str]]]:
    """What the former SPARQL closure queries said: shared goals and plan pairs with no common vision."""
    store = Store()
    store.load(turtle.encode(), format=RdfFormat.TURTLE)
    goals = {
        row["goal"].value
        for row in store.query(
            f"""PREFIX sa: <{SA}> SELECT DISTINCT ?goal WHERE {{
              ?a sa:hasGoal ?goal . ?b sa:hasGoal ?goal . FILTER(STR(?a) < STR(?b))
              MINUS {{ ?a sa:realizes+ ?b }} MINUS {{ ?b sa:realizes+ ?a }} }}"""
        )
    }
    pairs = {
        (row["a"].value, row["b"].value)
        for row in store.query(
            f"""PREFIX sa: <{SA}> SELECT DISTINCT ?a ?b WHERE {{
              {{ SELECT DISTINCT ?a ?b WHERE {{ ?a sa:hasGoal ?e . ?b sa:hasGoal ?e . FILTER(STR(?a) < STR(?b)) }} }}
              MINUS {{ ?v a sa:Vision . ?a sa:realizes* ?v . ?b sa:realizes* ?v . }} }}"""
        )
    }
    return goals, pairs


def _findings(path) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "stratalign.cli", "analyze", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["findings"]


@pytest.mark.parametrize("n", [3, 40], ids=["short-chain", "longer-chain"])
def test_shared_goal_and_vision_mismatch_match_the_sparql_closure(tmp_path, n):
    turtle = _chain_model(n, second_chain=True)
    path = tmp_path / "chain.ttl"
    path.write_text(turtle, encoding="utf-8")
    goals, pairs = _closure_answer(turtle)
    found = _findings(path)
    assert {f["subjects"][0] for f in found if f["kind"] == "shared-goal"} == goals == {EX + f"g{n}"}
    assert {tuple(f["subjects"]) for f in found if f["kind"] == "vision-mismatch"} == pairs
    assert pairs  # the second chain's strategy shares a goal with the first chain, under another vision


def test_a_chain_of_10000_plans_is_walked_in_linear_time():
    n = 10_000
    parents = {f"p{i}": (f"p{i - 1}",) for i in range(1, n + 1)}
    hierarchy = Realizes(parents, {"p0"})
    started = time.perf_counter()
    # every neighbour pair (related) and every plan's visions: quadratic walks would be 5·10⁷ steps
    assert all(hierarchy.related(f"p{i}", f"p{i - 1}") for i in range(1, n + 1))
    assert all(hierarchy.visions(f"p{i}") == {"p0"} for i in range(n + 1))
    assert hierarchy.share_a_vision([f"p{n}", "p1"])
    assert not hierarchy.related("p5", "q")
    # one frozenset shared along the chain, not one per plan
    assert len({id(hierarchy.visions(f"p{i}")) for i in range(1, n + 1)}) == 1
    assert time.perf_counter() - started < 30  # generous: linear is ~0.05 s, quadratic minutes


def test_a_cycle_of_realizes_links_ends():
    hierarchy = Realizes({"a": ("b",), "b": ("c",), "c": ("a",), "d": ("a",)}, {"b"})
    assert hierarchy.visions("d") == {"b"} and hierarchy.visions("a") == {"b"}
    assert hierarchy.related("a", "c") and hierarchy.above("d", "b") and not hierarchy.above("b", "d")


def test_a_long_realizes_chain_analyses_end_to_end(tmp_path):
    # 3,000 plans each realizing the one before took over 300 s and 3.7 GB with the closure queries
    path = tmp_path / "chain.ttl"
    path.write_text(_chain_model(3000, second_chain=True), encoding="utf-8")
    found = _findings(path)
    assert [f["subjects"] for f in found if f["kind"] == "shared-goal"] == [[EX + "g3000"]]
