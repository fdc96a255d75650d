"""`stratalign convert`, and YAML → RDF → YAML keeping everything (graph isomorphism)."""

from __future__ import annotations

import json
import os
import stat
import threading

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from ontology.examples import example_names, example_path
from ontology.loaders import load_model
from ontology.loaders.yaml_reader import read_yaml
from ontology.serialize import serialize_model


def _graph(ntriples: bytes | str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=ntriples, format="nt")


def _yaml_sources(data):
    paths = [data / "yaml/demo.yaml", data / "yaml/tricky.yaml"]
    paths += [example_path(name) for name in example_names()]
    return paths


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"], ids=["turtle", "n-triples", "json-ld"])
def test_rdf_outputs_reload_to_the_same_graph(run, data, tmp_path, fmt):
    source = data / "yaml/tricky.yaml"
    out = tmp_path / f"model.{ {'ttl': 'ttl', 'nt': 'nt', 'jsonld': 'jsonld'}[fmt] }"
    result = run("convert", source, "--to", fmt, "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    original = _graph(load_model([source]).store.dump_ntriples())
    again = _graph(load_model([out]).store.dump_ntriples())
    assert isomorphic(original, again)


def test_jsonld_output_is_json(run, data):
    doc = json.loads(run("convert", data / "yaml/demo.yaml", "--to", "jsonld").stdout)
    assert isinstance(doc, (list, dict))


def test_yaml_round_trip_keeps_everything(data):
    for path in _yaml_sources(data):
        model = load_model([path])
        first = model.store.dump_ntriples()
        text = serialize_model(model, "yaml")
        quads, _ = read_yaml(text, "round-trip.yaml")
        second = ox.serialize(
            [ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES
        )
        assert isomorphic(_graph(first), _graph(second)), path.name


def test_yaml_writer_uses_keys_not_the_rdf_block_for_what_it_can_express(data):
    text = serialize_model(load_model([data / "yaml/tricky.yaml"]), "yaml")
    assert "mål/æøå" in text and "status: cancelled" in text and "direction: increase" in text
    rdf_block = text.split("rdf: |", 1)[1]
    # only what the format has no key for lands in the Turtle block
    assert "untagged label" in rdf_block and "in a blank node" in rdf_block
    assert "sa:status" not in rdf_block and "targetValue" not in rdf_block


def test_turtle_to_yaml_keeps_foreign_triples(data, tmp_path, run):
    result = run("convert", data / "rdf/small.ttl", "--to", "yaml", "-o", tmp_path / "m.yaml")
    assert result.exit_code == 0
    back = load_model([tmp_path / "m.yaml"]).store.dump_ntriples()
    assert isomorphic(_graph(back), _graph(load_model([data / "rdf/small.ttl"]).store.dump_ntriples()))


def test_output_file_is_replaced_atomically(run, data, tmp_path):
    out = tmp_path / "m.ttl"
    out.write_text("old")
    assert run("convert", data / "yaml/demo.yaml", "--to", "ttl", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("@prefix")
    assert [p.name for p in tmp_path.iterdir()] == ["m.ttl"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_output_to_a_named_pipe_writes_into_it_and_keeps_it(run, data, tmp_path):
    """Regression: the atomic rename replaced a special file (`-o /dev/null` turned /dev/null into a file)."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = run("analyze", "--example", "horsens-2014", "--format", "json", "-o", pipe)
    reader.join(timeout=30)
    assert result.exit_code == 0
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert json.loads(received[0])["summary"]["goals"] > 0
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_examples_are_listed(run):
    result = run("examples")
    assert result.exit_code == 0
    for name in ("esbjerg-2020", "esbjerg-2025", "horsens-2014"):
        assert name in result.stdout


def test_json_written_in_pieces_equals_standard_output_and_the_library(run, tmp_path):
    """`analyze --format json -o FILE` streams finding by finding; the bytes are those of stdout and of render()."""
    from alignment.analyze import analyze
    from alignment.render import render

    out = tmp_path / "a.json"
    assert run("analyze", "--example", "esbjerg-2020", "--format", "json", "-o", out).exit_code == 0
    stdout = run("analyze", "--example", "esbjerg-2020", "--format", "json").stdout
    library = render(analyze(load_model([example_path("esbjerg-2020")])), "json")
    assert out.read_text(encoding="utf-8") == stdout == library
    assert len(json.loads(stdout)["findings"]) > 0


def test_output_that_fails_while_written_leaves_no_file(tmp_path):
    """A failure half-way through the pieces leaves neither the target nor a temporary file."""
    from stratalign.cli._common import write_output

    def pieces():
        yield "{\n"
        raise RuntimeError("broken while rendering")

    target = tmp_path / "out.json"
    with pytest.raises(RuntimeError):
        write_output(pieces(), str(target))
    assert list(tmp_path.iterdir()) == []


DECIMALS = """base: https://e.org/d/
indicators:
  - {id: co2, label: CO2 pr. indbygger, unit: ton, baseline: 7.25, baseline_year: 2019, data_source: DST}
strategies:
  - id: s
    label: Klima
    goals:
      - id: g
        label: Mindre CO2
        targets: [{indicator: co2, value: 3.6, year: 2030, direction: decrease}]
        initiatives: [{id: i, label: Cykelstier, budget: 2500000.5}]
"""


def test_csv_export_writes_decimal_commas_as_danish_excel_reads_them(run, tmp_path):
    """Regression: the export is for Danish Excel (";" and a byte order mark) but wrote 3.6 and 7.25,
    which Danish Excel turns into dates (3 June, 25 July). The reader takes the comma back exactly."""
    import csv
    import io

    source = tmp_path / "m.yaml"
    source.write_text(DECIMALS, encoding="utf-8")
    out = tmp_path / "m.csv"
    assert run("convert", str(source), "--to", "csv", "-o", str(out)).exit_code == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";")}
    cells = {v for r in rows.values() for v in r.values() if v}
    assert {"3,6", "7,25", "2500000,5"} <= cells and not {"3.6", "7.25", "2500000.5"} & cells
    back = run("convert", str(out), "--to", "nt")
    original = run("convert", str(source), "--to", "nt")
    assert sorted(back.output.splitlines()) == sorted(original.output.splitlines())


@pytest.mark.parametrize(("lang", "score"), [("da", "0,805"), ("en", "0.805")], ids=["danish", "english"])
def test_the_findings_csv_writes_scores_in_the_language_style(run, lang, score):
    import csv
    import io

    result = run("analyze", "--example", "esbjerg-2020", "--format", "csv", "--lang", lang)
    text = result.output
    assert text.startswith("\ufeff") == (lang == "da")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";" if lang == "da" else ","))
    assert any(r["score"].startswith(score) for r in rows if r["kind"] == "duplicate-goal"), rows
