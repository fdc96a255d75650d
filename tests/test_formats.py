"""The format registry (ontology/formats.py) is the one place that knows formats: loaders, convert, serve and the CLI agree with it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from ontology.errors import InputError
from ontology.formats import (
    GRAPH_RESULTS,
    INPUTS,
    MODEL_FORMATS,
    RDF_SYNTAXES,
    WRITABLE,
    by_name,
    by_suffix,
    input_suffixes,
)
from ontology.loaders import load_model, read_source
from ontology.serialize import serialize_model
from stratalign.cli._common import SUFFIX_NAMES
from stratalign.cli.convert_cmd import OUTPUTS, convert
from stratalign.serve.formats import GRAPH_FORMATS
from stratalign.serve.formats import by_name as served

EXAMPLE = Path("ontology/examples/horsens-2014.yaml")


def test_each_name_and_input_suffix_is_declared_once():
    names = [f.name for f in MODEL_FORMATS]
    suffixes = [suffix for f in INPUTS for suffix in f.suffixes]
    assert len(set(names)) == len(names)
    assert len(set(suffixes)) == len(suffixes)
    assert input_suffixes().split() == suffixes
    assert all(s == s.lower() and s.startswith(".") for s in suffixes)


@pytest.mark.parametrize("fmt", RDF_SYNTAXES, ids=lambda f: f.name)
def test_each_rdf_syntax_is_a_pyoxigraph_format_with_its_media_type(fmt):
    assert fmt.rdf_format.media_type == fmt.media_type
    assert by_suffix(fmt.suffixes[0].upper()) is fmt


@pytest.mark.parametrize("name", ["yaml", "csv", "xlsx"])
def test_a_format_that_is_no_rdf_syntax_has_no_pyoxigraph_format(name):
    with pytest.raises(ValueError):
        by_name(name).rdf_format  # noqa: B018


def test_convert_offers_exactly_the_writable_formats_in_registry_order():
    choices = next(p for p in convert.params if p.name == "target").type.choices
    assert list(choices) == [f.name for f in WRITABLE]
    assert set(OUTPUTS.formats) == {f.name for f in WRITABLE if not f.any_name}
    for name, suffixes in OUTPUTS.formats.items():
        assert suffixes == by_name(name).suffixes


def test_the_cli_names_every_model_suffix():
    assert {suffix for f in MODEL_FORMATS for suffix in f.suffixes} <= set(SUFFIX_NAMES)


def test_the_server_offers_the_graph_results_with_their_media_types():
    assert [(f.name, f.media_type) for f in GRAPH_FORMATS] == [(f.name, f.media_type) for f in GRAPH_RESULTS]
    for fmt in GRAPH_RESULTS:
        assert served(fmt.media_type, GRAPH_FORMATS).name == fmt.name
        assert fmt.w3c  # named in the service description


@pytest.mark.parametrize("fmt", [f for f in WRITABLE if f.reader], ids=lambda f: f.name)
def test_what_convert_writes_reads_back_through_its_suffix(fmt, tmp_path):
    model = load_model([EXAMPLE])
    written = serialize_model(model, fmt.name)
    assert isinstance(written, bytes) == fmt.binary
    path = tmp_path / f"model{fmt.suffixes[0]}"
    path.write_bytes(written if isinstance(written, bytes) else written.encode("utf-8"))
    again = load_model([path])
    assert {str(q) for q in again.store.quads()} == {str(q) for q in model.store.quads()}


def test_an_unknown_suffix_lists_every_input_suffix(tmp_path):
    path = tmp_path / "model.pdf"
    path.write_text("x")
    with pytest.raises(InputError) as err:
        read_source(path)
    assert str(err.value).endswith("use " + input_suffixes())


def test_an_unknown_format_is_refused_by_the_serializer():
    with pytest.raises(ValueError, match="choose one of ttl, nt"):
        serialize_model(load_model([EXAMPLE]), "trig")


def test_graph_results_are_written_by_pyoxigraph():
    triple = ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"))
    for fmt in GRAPH_RESULTS:
        assert ox.serialize([triple], format=fmt.rdf_format)
