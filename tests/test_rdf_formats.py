"""RDF input formats: RDF/XML, N-Quads and TriG load from files and standard input; what is outside the model is refused.

Named graphs (TriG, N-Quads, JSON-LD) are merged into the model's one graph.
A file in the wrong format is exit 2 with one line naming the file, the line,
the format it was read as and what it looks like. RDF-star triple terms,
numbers longer than Python converts, and JSON-LD nested deeper than the bound
are refused the same way by every command (they crashed with exit 3 or 139).
"""

from __future__ import annotations

import io
import re
import time

import pytest
import rdflib
from rdflib.compare import isomorphic

from ontology.errors import InputError
from ontology.loaders import MAX_PREFIXES, load_model, sniff_format
from ontology.loaders.rdf import MAX_DIGITS, MAX_JSON_DEPTH
from ontology.store import RdflibStore


def _graph(model) -> rdflib.Graph:
    return rdflib.Graph().parse(data=model.store.dump_ntriples(), format="nt")


@pytest.fixture
def small(data) -> rdflib.Graph:
    return _graph(load_model([data / "rdf/small.ttl"]))


NEW = ["rdf/small.rdf", "rdf/small.nq", "rdf/small.trig"]
FORMATS = [*NEW, "rdf/small.ttl", "rdf/small.nt", "rdf/small.jsonld"]


@pytest.mark.parametrize("name", NEW, ids=["rdfxml", "nquads", "trig"])
def test_rdfxml_nquads_and_trig_load_the_graph_rdflib_wrote(data, small, name):
    """rdflib wrote these from small.ttl; small.nq and small.trig spread it over the default graph and two named graphs."""
    assert isomorphic(_graph(load_model([data / name])), small)


@pytest.mark.parametrize("name", FORMATS, ids=["rdfxml", "nquads", "trig", "turtle", "ntriples", "jsonld"])
def test_every_format_loads_from_standard_input(data, name):
    model = load_model(["-"], stdin=io.BytesIO((data / name).read_bytes()))
    assert isomorphic(_graph(model), _graph(load_model([data / name])))


def test_named_graphs_are_merged_into_the_model(data):
    """Every triple of every graph is in the default graph the rules query; no named graph is left."""
    model = load_model([data / "rdf/small.trig"])
    assert len(model.store) == 6
    assert len(model.store.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")) == 0


def test_named_graphs_feed_the_rules(run, tmp_path):
    """A strategy's goal in one graph, the goal's label in another: the goal is one element with both."""
    trig = tmp_path / "plan.trig"
    trig.write_text(
        "@prefix sa: <https://w3id.org/stratalign#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix : <https://e.org/> .\n"
        ':a { :s a sa:Strategy ; rdfs:label "S"@da ; sa:hasGoal :g . }\n'
        ':b { :g a sa:Goal ; rdfs:label "Mål"@da . }\n',
        encoding="utf-8",
    )
    result = run("analyze", trig, "--format", "json", "--lang", "en")
    assert result.exit_code in (0, 1), result.stderr
    assert '"uncovered-goal"' in result.stdout and "https://e.org/g" in result.stdout


@pytest.mark.parametrize(
    ("payload", "fmt"),
    [
        (b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "rdfxml"),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "rdfxml"),
        (b"# N-Quads\n<https://e.org/a> <https://e.org/p> <https://e.org/b> <https://e.org/g> .\n", "nq"),
        (b"<urn:a> <urn:p> <urn:b> .\n", "ttl"),
        (b'<urn:a> <urn:p> "xmlns" .\n', "ttl"),
        (b'<Description xmlns="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "rdfxml"),
        (b"<https://e.org/g> { <https://e.org/a> <https://e.org/p> <https://e.org/b> }\n", "ttl"),
    ],
    ids=[
        "rdfxml-declaration",
        "rdfxml-bare",
        "nquads",
        "ntriples-urn",
        "ntriples-xmlns-label",
        "xml-default-namespace",
        "trig",
    ],
)
def test_stdin_sniffs_xml_and_quads(payload, fmt):
    assert sniff_format(payload) == fmt


def test_rdfxml_on_stdin_is_not_called_turtle(run, data):
    """It used to be refused with a misleading 'Turtle syntax error'."""
    result = run("convert", "-", "--to", "nt", input=(data / "rdf/small.rdf").read_bytes())
    assert result.exit_code == 0, result.stderr
    assert isomorphic(
        rdflib.Graph().parse(data=result.stdout, format="nt"), rdflib.Graph().parse(data / "rdf/small.rdf")
    )


WRONG = [
    ("turtle-as.nt", 1, "N-Triples syntax error", "read as N-Triples from its .nt suffix; the text looks like Turtle"),
    ("nquads-as.nt", 3, "N-Triples syntax error", "the text looks like N-Quads"),
    ("jsonld-as.ttl", 1, "Turtle syntax error", "read as Turtle from its .ttl suffix; the text looks like JSON-LD"),
    ("rdfxml-as.ttl", 1, "Turtle syntax error", "the text looks like RDF/XML"),
    ("turtle-as.rdf", 1, "RDF/XML syntax error", "read as RDF/XML from its .rdf suffix; the text looks like Turtle"),
]


@pytest.mark.parametrize(("name", "line", "problem", "note"), WRONG, ids=[w[0] for w in WRONG])
def test_a_file_in_the_wrong_format_names_file_line_and_format(run, data, name, line, problem, note):
    path = data / "rdf/bad" / name
    result = run("convert", path, "--to", "nt")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"stratalign: error: {path}:{line}: {problem}")
    assert note in lines[0]


def test_an_rdfxml_error_gets_the_line_oxigraph_does_not_give(run, tmp_path):
    path = tmp_path / "broken.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="https://e.org/a">\n<unclosed>\n</rdf:Description>\n</rdf:RDF>\n',
        encoding="utf-8",
    )
    result = run("convert", path, "--to", "nt")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"stratalign: error: {path}:5: RDF/XML syntax error")


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".trig"])
def test_blank_node_labels_are_scoped_to_their_file(tmp_path, suffix):
    """_:t in two Turtle or JSON-LD files is two targets (they were merged into one node with both values)."""
    for name, value in (("a", 1), ("b", 2)):
        if suffix == ".jsonld":
            text = f'{{"@id": "https://e.org/{name}", "https://e.org/p": {{"@id": "_:t", "https://e.org/v": {value}}}}}'
        else:
            text = f'<https://e.org/{name}> <https://e.org/p> _:t .\n_:t <https://e.org/v> "{value}" .\n'
        (tmp_path / f"{name}{suffix}").write_text(text)
    for store in (None, RdflibStore()):
        model = load_model([tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"], store=store)
        assert len(model.store.select("SELECT DISTINCT ?t WHERE { ?s <https://e.org/p> ?t }")) == 2
        assert len(model.store.select("SELECT ?t WHERE { ?t <https://e.org/v> ?v }")) == 2


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('{"@context": {"@vocab": 5},\n "@id": "https://e.org/a"}', 1, "@vocab value must be a string"),
        ('{"@id": "https://e.org/a",\n "https://e.org/p": {"@value": 1, "@language": "da"}}', 2, "@language"),
        ('{"@id": "https://e.org/a",\n\n "@type": 5}', 3, "@type value must be a string"),
    ],
    ids=["vocab", "language", "type"],
)
def test_json_ld_errors_name_the_line(tmp_path, text, line, problem):
    """Oxigraph gives no position for these; the line of the keyword is found."""
    path = tmp_path / "bad.jsonld"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_model([path])
    assert (caught.value.line, caught.value.file) == (line, str(path))
    assert problem in caught.value.problem


# -- constructs outside the model -----------------------------------------------------

STAR = [("star-object.ttl", 6), ("star-reifier.ttl", 7), ("star.nt", 2), ("star.trig", 5)]
COMMANDS = [("convert", "--to", "yaml"), ("convert", "--to", "nt"), ("restructure",), ("validate",), ("analyze",)]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c))
@pytest.mark.parametrize(("name", "line"), STAR, ids=[s[0] for s in STAR])
def test_rdf_star_is_refused_by_every_command_with_file_and_line(run, data, name, line, command):
    """A triple term crashed convert and restructure (exit 3, 'Triple' has no attribute 'value') and validate."""
    path = data / "rdf/bad" / name
    result = run(command[0], path, *command[1:])
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"stratalign: error: {path}:{line}: an RDF-star triple term")


def test_a_label_that_holds_angle_brackets_is_not_a_triple_term(data):
    """star-object.ttl's label holds '<<' on line 5: the message points past it, to line 6."""
    with pytest.raises(InputError) as caught:
        load_model([data / "rdf/bad/star-object.ttl"])
    assert caught.value.line == 6
    model = load_model(
        ["-"], stdin=io.BytesIO(b'<https://e.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "a << b" .')
    )
    assert len(model.store) == 1


def _huge_numbers(tmp_path, suffix: str, digits: int):
    """A target whose value has ``digits`` digits, written by hand (rdflib's own parser refuses such a number)."""
    number = "7" * digits
    sa, rdf_type = "https://w3id.org/stratalign#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    path = tmp_path / f"huge{suffix}"
    if suffix == ".ttl":
        path.write_text(
            "@prefix sa: <https://w3id.org/stratalign#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            "@prefix : <https://e.org/> .\n"
            ':s a sa:Strategy ; rdfs:label "S"@da ; sa:hasGoal :g .\n'
            ':g a sa:Goal ; rdfs:label "Mål"@da ; sa:hasTarget :t .\n'
            f":t a sa:Target ; sa:indicator :i ; sa:targetValue {number} ; sa:targetYear 2030 .\n"
        )
    elif suffix == ".nt":
        path.write_text(
            f"<https://e.org/g> <{rdf_type}> <{sa}Goal> .\n<https://e.org/g> <{sa}hasTarget> <https://e.org/t> .\n"
            f'<https://e.org/t> <{sa}targetValue> "{number}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        )
    elif suffix == ".rdf":
        path.write_text(
            f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:sa="{sa}">\n'
            '<sa:Target rdf:about="https://e.org/t">\n'
            f'<sa:targetValue rdf:datatype="http://www.w3.org/2001/XMLSchema#decimal">{number}.5</sa:targetValue>\n'
            "</sa:Target>\n</rdf:RDF>\n"
        )
    else:
        path.write_text(f'{{"@id": "https://e.org/t", "@type": "{sa}Target",\n "{sa}targetValue": {number}}}\n')
    return path


@pytest.mark.parametrize("command", COMMANDS + [("report",)], ids=lambda c: "-".join(c))
@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".rdf", ".jsonld"])
def test_a_number_with_thousands_of_digits_is_refused_at_load(run, tmp_path, suffix, command):
    """5,000 digits crashed convert and restructure ('Exceeds the limit (4300 digits)'), and validate."""
    path = _huge_numbers(tmp_path, suffix, MAX_DIGITS + 700)
    result = run(command[0], path, *command[1:])
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"stratalign: error: {path}:")
    assert re.search(
        rf"a number with 50\d\d digits \([0-9.]{{20}}…\); numbers may have at most {MAX_DIGITS} digits \(--input-limit rdf-digits=N raises it\)$",
        lines[0],
    )
    line = {".ttl": 5, ".nt": 3, ".rdf": 4, ".jsonld": 2}[suffix]
    assert lines[0].startswith(f"stratalign: error: {path}:{line}:")


def test_a_number_at_the_bound_and_a_long_digit_label_load(tmp_path):
    load_model([_huge_numbers(tmp_path, ".ttl", MAX_DIGITS)])
    label = tmp_path / "label.nt"
    label.write_text(f'<https://e.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "{"9" * 9000}" .\n')
    assert len(load_model([label]).store) == 1


@pytest.mark.parametrize(
    ("opening", "closing"),
    [('{"@list": [', "]}"), ("[", "]"), ('{"https://e.org/q": ', "}")],
    ids=["list", "array", "object"],
)
def test_deep_json_ld_is_refused_with_the_bound(run, tmp_path, opening, closing):
    """5,000 nested @list crashed the process (exit 139); the nesting is checked before Oxigraph parses."""
    path = tmp_path / "deep.jsonld"
    path.write_text('{"@id": "https://e.org/a", "https://e.org/p": ' + opening * 5000 + '"x"' + closing * 5000 + "}")
    result = run("convert", path, "--to", "nt")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"stratalign: error: {path}:1: JSON-LD nested more than {MAX_JSON_DEPTH} levels deep (objects and lists); a model needs a few (--input-limit json-depth=N raises it)"
    )


def test_json_ld_brackets_inside_strings_do_not_count(tmp_path):
    path = tmp_path / "brackets.jsonld"
    path.write_text('{"@id": "https://e.org/a", "https://e.org/p": "' + '[{\\"' * 1000 + '"}')
    assert len(load_model([path]).store) == 1


def test_restructure_takes_json_ld_with_blank_node_ids(run, data):
    """Every element a blank node: restructure crashed ('No scheme found in an absolute IRI')."""
    result = run("restructure", data / "rdf/blank-ids.jsonld", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "sa:Vision" in result.stdout or "Vision" in result.stdout


def test_utf16_is_named_not_called_binary(run, tmp_path):
    path = tmp_path / "utf16.ttl"
    path.write_bytes('<https://e.org/a> <https://e.org/p> "x" .'.encode("utf-16"))
    result = run("convert", path, "--to", "nt")
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert line.startswith(f"stratalign: error: {path}") and "UTF-16" in line and "save it as UTF-8" in line
    assert "binary" not in line and "\n" not in line


@pytest.mark.parametrize(
    "text",
    [
        "<https://e.org/a> <https://e.org/p> " + "x" * 1_000_000 + " .",
        '<https://e.org/a> <https://e.org/p> <<( <https://e.org/a> <https://e.org/p> "' + "y" * 100_000 + '" )>> .',
    ],
    ids=["syntax-error", "triple-term"],
)
def test_a_refusal_is_one_short_line_however_long_the_value(run, tmp_path, text):
    path = tmp_path / "long.ttl"
    path.write_text(text)
    result = run("convert", path, "--to", "nt")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) <= 300 + len(str(path)), lines[0][:400]


# -- RDF/XML output ---------------------------------------------------------------------------


@pytest.mark.parametrize("example", ["esbjerg-2020", "horsens-2014"])
def test_convert_to_rdfxml_is_read_back_by_rdflib_and_by_the_loader(run, tmp_path, example):
    out = tmp_path / "model.rdf"
    assert run("convert", "--example", example, "--to", "rdfxml", "-o", out).exit_code == 0
    expected = rdflib.Graph().parse(data=run("convert", "--example", example, "--to", "nt").stdout, format="nt")
    assert isomorphic(rdflib.Graph().parse(out, format="xml"), expected)  # a third-party RDF/XML reader
    assert isomorphic(_graph(load_model([out])), expected)


def test_rdfxml_output_refuses_text_that_xml_cannot_hold(run, tmp_path):
    """A control character in a label made RDF/XML that no XML parser reads: exit 2, no file."""
    source = tmp_path / "control.nt"
    source.write_text('<https://e.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "a\\u0001b" .\n')
    out = tmp_path / "out.rdf"
    result = run("convert", source, "--to", "rdfxml", "-o", out)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "stratalign: error: --to rdfxml: <https://e.org/a> holds the control character U+0001, "
        "which XML cannot hold; write Turtle, N-Triples or JSON-LD instead"
    )
    assert not out.exists()


# -- XML entities in RDF/XML --------------------------------------------------------------------

_RDF_HEAD = '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{entities}]>\n'
_RDF_BODY = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
    '<rdf:Description rdf:about="&ex;a"><rdfs:label>{label}</rdfs:label></rdf:Description>\n</rdf:RDF>\n'
)


def test_plain_entities_of_an_owl_file_are_read(tmp_path):
    """Protégé writes namespace entities (<!ENTITY owl "…">): they expand as usual."""
    path = tmp_path / "plain.owl"
    path.write_text(
        _RDF_HEAD.format(entities='<!ENTITY ex "https://e.org/">\n<!ENTITY n "Navn">\n')
        + _RDF_BODY.format(label="&n; &n;")
    )
    quads = load_model([path]).store.quads()
    assert [(q.subject.value, q.object.value) for q in quads] == [("https://e.org/a", "Navn Navn")]


LAUGHS = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 16 if i else "ha" * 20}">\n' for i in range(8))


@pytest.mark.parametrize(
    ("entities", "label", "line", "problem"),
    [
        (LAUGHS, "&l7;", 5, "the XML entity 'l1' refers to another entity, so it can expand without bound"),
        ('<!ENTITY x SYSTEM "file:///etc/passwd">\n', "&x;", 4, "the XML entity 'x' is an external entity"),
        ('<!ENTITY % p "x">\n', "p", 4, "the XML entity 'p' is a parameter entity"),
        (
            f'<!ENTITY big "{"x" * 100_000}">\n',
            "&big;" * 1000,
            3,
            "its XML entities expand to 100,000,014 bytes (at most 67,108,864; --input-limit entities=N raises it)",
        ),
    ],
    ids=["billion-laughs", "external", "parameter", "too-much-text"],
)
def test_entities_that_can_blow_up_are_refused_before_parsing(run, tmp_path, entities, label, line, problem):
    """Eight levels of 16 references aborted the process (exit 134, 2 GB); the entity is refused with its line."""
    path = tmp_path / "entities.rdf"
    path.write_text(
        _RDF_HEAD.format(entities='<!ENTITY ex "https://e.org/">\n' + entities) + _RDF_BODY.format(label=label)
    )
    result = run("convert", path, "--to", "nt")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"stratalign: error: {path}:{line}: {problem}")
    assert len(result.stderr.strip().splitlines()) == 1


# -- cost proportional to the input -------------------------------------------------------------


def _bounded(run, *args, seconds: float):
    """Run a command; a generous bound that quadratic work (minutes here) cannot meet."""
    started = time.monotonic()
    result = run(*args)
    assert time.monotonic() - started < seconds, f"{args[0]} took {time.monotonic() - started:.0f} s"
    return result


def test_validate_reads_one_huge_line_in_linear_time(run, tmp_path):
    """rdflib's N-Triples parser read a 5 MB label in over 120 s; the graph now goes to rdflib term by term."""
    path = tmp_path / "huge-line.nt"
    path.write_text('<https://e.org/g> <http://www.w3.org/2000/01/rdf-schema#label> "' + "x" * 5_000_000 + '" .\n')
    result = _bounded(run, "validate", path, seconds=60)
    assert result.exit_code in (0, 1), result.stderr


def test_a_hundred_thousand_prefixes_do_not_slow_validate_or_yaml(run, tmp_path):
    """100,000 declared prefixes made validate run past 120 s and convert --to yaml 12 s."""
    path = tmp_path / "prefixes.ttl"
    lines = [f"@prefix p{i}: <https://e.org/p{i}/> ." for i in range(100_000)]
    lines.append(
        '<https://e.org/g> a <https://w3id.org/stratalign#Goal> ; <http://www.w3.org/2000/01/rdf-schema#label> "M"@da .'
    )
    path.write_text("\n".join(lines))
    assert _bounded(run, "validate", path, seconds=60).exit_code in (0, 1)
    result = _bounded(run, "convert", path, "--to", "yaml", seconds=60)
    assert result.exit_code == 0 and "p99999" not in result.stdout
    assert len(load_model([path]).prefixes) == MAX_PREFIXES


@pytest.mark.parametrize("base", [None, "https://e.org/"], ids=["no-base", "with-base"])
def test_a_relative_json_ld_id_without_a_base_is_refused_not_dropped(run, tmp_path, base):
    """JSON-LD drops the triples of a relative @id when there is no base: the file read as 0 triples, exit 0 (fuzzing)."""
    context = {"sa": "https://w3id.org/stratalign#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    if base:
        context["@base"] = base
    import json

    doc = {"@context": context, "@id": "plan/indikator", "@type": "sa:Indicator", "rdfs:label": "Indbyggertal"}
    path = tmp_path / "plan.jsonld"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    result = run("convert", path, "--to", "nt")
    if base:
        assert result.exit_code == 0 and f"<{base}plan/indikator>" in result.stdout, result.stderr
        return
    assert result.exit_code == 2, result.output
    line = next(
        n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if '"plan/indikator"' in text
    )
    assert result.stderr.startswith(f"stratalign: error: {path}:{line}: the IRI 'plan/indikator' is relative"), (
        result.stderr
    )


def test_an_unknown_xml_encoding_is_a_syntax_error_with_the_line(run, tmp_path):
    """encoding="uNaNtf-8" (a fuzzed declaration) made the line finder itself fail: exit 3."""
    path = tmp_path / "plan.rdf"
    path.write_bytes(
        b'<?xml version="1.0" encoding="uNaNtf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
    )
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"stratalign: error: {path}:1: RDF/XML syntax error"), result.stderr
