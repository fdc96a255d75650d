"""Finding messages tell the truth about the model they describe."""

from __future__ import annotations

import json

import pytest

# What the shared-goal message must say, per language: the plans sit under one vision, or do not.
ONE_VISION = {"da": "som alle hører under visionen «{vision}»", "en": "that all sit under the vision «{vision}»"}
NO_VISION = {"da": "som ikke hænger sammen i én vision", "en": "do not sit under one vision"}

SHARED_GOAL_CASES = [
    # fixture, goal, the vision the plans share (None: they share none), per language
    pytest.param("shared-goal-fires.yaml", "g", None, id="two-strategies-no-vision"),
    pytest.param(
        "shared-goal-one-vision.yaml",
        "g",
        {"da": "Fælles vision", "en": "Common vision"},
        id="two-strategies-one-vision",
    ),
    pytest.param("shared-goal-mixed-visions.yaml", "g", None, id="three-strategies-two-visions"),
    pytest.param(
        "shared-goal-vision-chain.ttl", "g1", {"da": "Under", "en": "Sub"}, id="nearest-of-two-common-visions"
    ),
    pytest.param("shared-goal-vision-chain.ttl", "g2", {"da": "Top", "en": "Top"}, id="only-the-top-vision-in-common"),
]


def _findings(run, path, lang: str) -> list[dict]:
    result = run("analyze", path, "--format", "json", "--lang", lang)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["findings"]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize(("fixture", "goal", "vision"), SHARED_GOAL_CASES)
def test_shared_goal_message_says_whether_the_plans_share_a_vision(run, data, fixture, goal, vision, lang):
    findings = _findings(run, data / "rules" / fixture, lang)
    shared = [f for f in findings if f["kind"] == "shared-goal" and f["subjects"] == ["https://e.org/" + goal]]
    assert len(shared) == 1
    message = shared[0]["message"]
    if vision is None:
        assert NO_VISION[lang] in message
        assert ONE_VISION[lang].split("«")[0] not in message
    else:
        assert ONE_VISION[lang].format(vision=vision[lang]) in message
        assert NO_VISION[lang] not in message


@pytest.mark.parametrize(("fixture", "goal", "vision"), SHARED_GOAL_CASES)
def test_shared_goal_message_agrees_with_vision_mismatch(run, data, fixture, goal, vision):
    """Between strategies, "no common vision" is what vision-mismatch reports for some pair of the goal's plans."""
    findings = _findings(run, data / "rules" / fixture, "en")
    shared = next(f for f in findings if f["kind"] == "shared-goal" and f["subjects"] == ["https://e.org/" + goal])
    plans = set(shared["plans"])
    mismatched = any(f["kind"] == "vision-mismatch" and set(f["subjects"]) <= plans for f in findings)
    assert mismatched == (vision is None)
