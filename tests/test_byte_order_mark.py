"""Every file a user hands the CLI may start with a UTF-8 byte order mark, as Notepad and Excel write it.

The models' own formats read past it (test_loaders, test_hostile_sheets); these are the other files: a
query, the settings, a thesaurus, waivers and decisions. Regression: a query file with a BOM was "SPARQL
syntax error: error at 1:8", stratalign.toml "unknown section", a thesaurus "is not a valid subject".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BOM = b"\xef\xbb\xbf"
THESAURUS = (
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    '<https://e.org/t/borger> a skos:Concept ; skos:prefLabel "borger"@da ; skos:altLabel "byboer"@da .\n'
)
MODEL = "tests/data/check/model.yaml"


def _write(path: Path, text: str, bom: bool) -> Path:
    path.write_bytes((BOM if bom else b"") + text.encode("utf-8"))
    return path


@pytest.mark.parametrize("bom", [False, True], ids=["plain", "bom"])
def test_a_query_file(run, tmp_path, bom):
    query = _write(tmp_path / "q.rq", "ASK { ?s ?p ?o }", bom)
    result = run("query", "--example", "esbjerg-2020", "-f", query)
    assert result.exit_code == 0 and result.stdout.strip() == "true"


@pytest.mark.parametrize("bom", [False, True], ids=["plain", "bom"])
def test_the_settings_file(run, tmp_path, bom):
    settings = _write(tmp_path / "stratalign.toml", "[similarity]\ngoal = 0.99\n", bom)
    plain = json.loads(run("analyze", "--example", "esbjerg-2020", "--format", "json").stdout)
    result = run("analyze", "--example", "esbjerg-2020", "--format", "json", "--config", settings)
    assert result.exit_code == 0, result.stderr
    kinds = [f["kind"] for f in json.loads(result.stdout)["findings"]]
    # the setting took effect: at 0.99 the Esbjerg example's duplicate goals (0.81) are none
    assert "duplicate-goal" in [f["kind"] for f in plain["findings"]] and "duplicate-goal" not in kinds


@pytest.mark.parametrize("bom", [False, True], ids=["plain", "bom"])
def test_a_thesaurus(run, tmp_path, bom):
    thesaurus = _write(tmp_path / "t.ttl", THESAURUS, bom)
    result = run("analyze", MODEL, "--thesaurus", thesaurus, "--format", "json")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("bom", [False, True], ids=["plain", "bom"])
@pytest.mark.parametrize(
    ("option", "model", "source"),
    [
        ("--waivers", MODEL, "tests/data/check/waivers-all.yaml"),
        ("--decisions", "tests/data/decisions/model.yaml", "tests/data/decisions/merge.yaml"),
        ("--decisions", "tests/data/decisions/model.yaml", "tests/data/decisions/not-duplicate.ttl"),
    ],
    ids=["waivers", "decisions-yaml", "decisions-ttl"],
)
def test_waivers_and_decisions(run, tmp_path, bom, option, model, source):
    copy = _write(tmp_path / Path(source).name, Path(source).read_text(encoding="utf-8"), bom)
    plain = run("check", model, option, source, "--format", "json")
    result = run("check", model, option, copy, "--format", "json")
    assert result.exit_code == plain.exit_code and result.exit_code != 2, result.stderr
    assert json.loads(result.stdout)["summary"] == json.loads(plain.stdout)["summary"]
