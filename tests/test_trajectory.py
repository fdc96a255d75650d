"""The status of each target against the straight path from baseline to target, and its roll-up.

Boundaries: exactly on the path, exactly at the tolerance and just past it, maintain inside and
outside its band, decreasing targets, a move against the direction; the roll-up never calls a
goal reached or on track when its indicator moved against the target.
"""

from __future__ import annotations

import pytest

from alignment.config import load_config
from alignment.progress import progress
from alignment.trajectory import Observation, latest, status_of, worst
from ontology.loaders import load_model

# baseline 100 (2020) → target 200 (2030): the path stands at 150 in 2025; 10 % of the distance is 10.
PATH = dict(baseline=100.0, baseline_year=2020, target=200.0, target_year=2030)


@pytest.mark.parametrize(
    ("direction", "value", "year", "expected"),
    [
        pytest.param("increase", 150, 2025, "on-track", id="exactly-on-the-path"),
        pytest.param("increase", 140, 2025, "on-track", id="exactly-at-the-tolerance"),
        pytest.param("increase", 139.99, 2025, "behind", id="just-past-the-tolerance"),
        pytest.param("increase", 160, 2025, "on-track", id="ahead-of-the-path"),
        pytest.param("increase", 200, 2025, "reached", id="at-the-target"),
        pytest.param("increase", 250, 2031, "reached", id="past-the-target"),
        pytest.param("increase", 100, 2025, "behind", id="not-moved"),
        pytest.param("increase", 100, 2020, "on-track", id="not-moved-at-the-baseline-year"),
        pytest.param("increase", 99, 2021, "off-track", id="moved-against-the-direction"),
        pytest.param("increase", 190, 2030, "on-track", id="target-year-at-the-tolerance"),
        pytest.param("increase", 189, 2032, "behind", id="after-the-target-year-the-path-is-the-target"),
        pytest.param(None, 99, 2021, "off-track", id="direction-from-the-numbers"),
    ],
)
def test_increase(direction, value, year, expected):
    assert (
        status_of(PATH["baseline"], PATH["baseline_year"], PATH["target"], PATH["target_year"], direction, value, year)
        == expected
    )


# baseline 200 (2020) → target 100 (2030), decreasing: the path stands at 150 in 2025.
@pytest.mark.parametrize(
    ("value", "year", "expected"),
    [
        pytest.param(150, 2025, "on-track", id="on-the-path"),
        pytest.param(160, 2025, "on-track", id="at-the-tolerance"),
        pytest.param(160.01, 2025, "behind", id="past-the-tolerance"),
        pytest.param(100, 2028, "reached", id="reached"),
        pytest.param(201, 2022, "off-track", id="moved-up"),
    ],
)
def test_decrease(value, year, expected):
    assert status_of(200.0, 2020, 100.0, 2030, "decrease", value, year) == expected


@pytest.mark.parametrize(
    ("value", "year", "expected"),
    [
        pytest.param(100, 2025, "on-track", id="at-the-baseline"),
        pytest.param(110, 2025, "on-track", id="edge-of-the-band"),
        pytest.param(90, 2025, "on-track", id="lower-edge-of-the-band"),
        pytest.param(110.01, 2025, "off-track", id="above-the-band"),
        pytest.param(89.99, 2025, "off-track", id="below-the-band"),
        pytest.param(105, 2030, "reached", id="held-to-the-target-year"),
    ],
)
def test_maintain_is_a_band_around_the_baseline(value, year, expected):
    assert status_of(100.0, 2020, 100.0, 2030, "maintain", value, year) == expected


def test_tolerance_is_configurable():
    assert status_of(100.0, 2020, 200.0, 2030, "increase", 140, 2025, tolerance=0.05) == "behind"
    assert status_of(100.0, 2020, 200.0, 2030, "increase", 145, 2025, tolerance=0.05) == "on-track"
    assert status_of(100.0, 2020, 200.0, 2030, "increase", 150, 2025, tolerance=0.0) == "on-track"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param((None, None, 200.0, 2030, "increase", 150, 2025), "no-data", id="no-baseline"),
        pytest.param((100.0, 2020, None, 2030, "increase", 150, 2025), "no-data", id="no-target-value"),
        pytest.param((100.0, 2020, 200.0, 2030, "increase", None, None), "no-data", id="no-observation"),
        pytest.param((100.0, None, 200.0, None, "increase", 150, None), "behind", id="no-years-the-path-is-the-target"),
        pytest.param(
            (100.0, 2020, 200.0, 2020, "increase", 195, 2020), "on-track", id="target-year-not-after-baseline"
        ),
    ],
)
def test_missing_parts(args, expected):
    assert status_of(*args) == expected


def test_latest_observation():
    series = [Observation(1, "2019"), Observation(2, "2019-04-01"), Observation(3, "2018"), Observation(4, None)]
    assert latest(series) == Observation(2, "2019-04-01")
    assert latest([Observation(4, None)]) == Observation(4, None)
    assert latest([]) is None


def test_worst():
    assert worst(["reached", "on-track"]) == "on-track"
    assert worst(["reached", "off-track", "behind"]) == "off-track"
    assert worst(["no-data", "reached"]) == "reached"


# -- the roll-up, on a model ------------------------------------------------------------------------

MODEL = """
base: https://example.org/t/
indicators:
  - {id: pop, label: Indbyggere, baseline: 100, baseline_year: 2020, observations: {2021: 104, 2025: 95}}
  - {id: jobs, label: Job, baseline: 100, baseline_year: 2020, observations: {2025: 160}}
  - {id: co2, label: CO2, baseline: 200, baseline_year: 2020, actual: 150, actual_year: 2025}
  - {id: none, label: Intet}
visions:
  - id: vision
    label: Vision
    strategies:
      - id: strategy
        label: Strategi
        goals:
          - id: more
            label: Flere borgere
            targets: [{indicator: pop, value: 200, year: 2030, direction: increase}]
            goals:
              - id: jobs-goal
                label: Flere job
                targets: [{indicator: jobs, value: 200, year: 2030, direction: increase, weight: 3}]
          - id: less
            label: Mindre CO2
            targets: [{indicator: co2, value: 100, year: 2030, direction: decrease}]
          - id: unknown
            label: Ukendt
            targets: [{indicator: none, value: 5, year: 2030}]
"""


@pytest.fixture
def rolled(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(MODEL, encoding="utf-8")
    return progress(load_model([path]), lang="en")


def _goal(data, label):
    return next(g for g in data["goals"] if g["label"] == label)


def test_each_target_gets_its_status(rolled):
    status = {t["indicator"].rsplit("/", 1)[-1]: t["status"] for g in rolled["goals"] for t in g["target_details"]}
    assert status == {"pop": "off-track", "jobs": "on-track", "co2": "on-track", "none": "no-data"}
    pop = next(t for t in _goal(rolled, "Flere borgere")["target_details"] if t["indicator"].endswith("/pop"))
    assert (pop["latest"], pop["latest_time"], pop["observations"]) == (95.0, "2025", 2)
    assert pop["progress"] < 0


def test_a_goal_whose_indicator_moved_against_it_is_never_on_track(rolled):
    # its sub-goal is on track, its own target off track: the goal is off track
    assert _goal(rolled, "Flere borgere")["status"] == "off-track"
    assert _goal(rolled, "Flere job")["status"] == "on-track"
    assert _goal(rolled, "Ukendt")["status"] == "no-data"


def test_actual_value_reads_as_one_observation(rolled):
    assert _goal(rolled, "Mindre CO2")["status"] == "on-track"


def test_plans_roll_up_worst_status_and_weighted_share(rolled):
    plan = next(p for p in rolled["plans"] if p["label"] == "Strategi")
    vision = next(p for p in rolled["plans"] if p["label"] == "Vision")
    for entry in (plan, vision):
        assert entry["status"] == "off-track"
        assert entry["by_target_status"] == {"off-track": 1, "behind": 0, "on-track": 2, "reached": 0, "no-data": 1}
    # measured: pop (1, off track), jobs (weight 3, on track), co2 (1, on track): 4 of 5
    assert rolled["total"]["on_track_share"] == 0.8


def test_analyze_json_and_text_show_the_status(run, tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(MODEL, encoding="utf-8")
    data = __import__("json").loads(run("analyze", path, "--format", "json").stdout)
    assert data["summary"]["progress"]["total"]["status"] == "off-track"
    text = run("analyze", path, "--lang", "da").stdout
    assert "status: af sporet" in text
    assert "status: off track" in run("analyze", path, "--lang", "en").stdout


def test_esbjerg_population_is_off_track(run):
    data = __import__("json").loads(run("analyze", "--example", "esbjerg-2020", "--format", "json").stdout)
    statuses = {g["label"]: g["status"] for g in data["summary"]["progress"]["goals"]}
    assert statuses["120.000 borgere i 2020"] == "off-track"  # 115,905 (2017) → 115,652 (2019), against 120,000


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("[progress]\ntolerance = 1.5\n", "tolerance must be a number in [0, 1)", id="too-large"),
        pytest.param("[progress]\ntolerance = 'ten'\n", "tolerance must be a number", id="not-a-number"),
        pytest.param("[progress]\nband = 0.1\n", "unknown progress setting 'band'", id="unknown-key"),
    ],
)
def test_bad_tolerance_is_exit_2(tmp_path, text, words):
    from ontology.errors import InputError

    path = tmp_path / "stratalign.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_config(path)
    assert words in str(err.value) and err.value.line == 2


def test_tolerance_from_the_settings_file(run, tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(MODEL, encoding="utf-8")
    config = tmp_path / "s.toml"
    config.write_text("[progress]\ntolerance = 0.0\n", encoding="utf-8")
    data = __import__("json").loads(run("analyze", path, "--format", "json", "--config", config).stdout)
    jobs = next(g for g in data["summary"]["progress"]["goals"] if g["label"] == "Flere job")
    assert jobs["status"] == "on-track"  # 160 in 2025 is ahead of the path's 150: on track even at 0
    co2 = next(g for g in data["summary"]["progress"]["goals"] if g["label"] == "Mindre CO2")
    assert co2["status"] == "on-track"  # 150 in 2025 is exactly on the path
