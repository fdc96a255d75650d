"""Nothing lost (issue 8, point 3): generated models survive YAML → Turtle → YAML and XLSX → Turtle → XLSX.

Every step goes through the CLI (`stratalign convert`), and the graph after each
step must be isomorphic to the graph of the generated YAML. The models come from
test_fuzz's generator, with some labels swapped for text that spreadsheets and
YAML treat specially (formulas, a leading apostrophe, line breaks, YAML syntax).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from test_fuzz import DEEP, dump, valid_models

from stratalign.cli import cli

SETTINGS = settings(
    max_examples=DEEP or 30,
    deadline=None,
    derandomize=not DEEP,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TRICKY_LABELS = [
    '=HYPERLINK("http://x","klik")',
    "=1+1",
    "+45 12 34 56 78",
    "-3",
    "@SUM(A1)",
    "'=already quoted",
    "'",
    "første linje\nanden linje",
    "a | b ; c , d",
    "yes",
    "null",
    "~",
    "- liste",
    "# ikke en kommentar",
    "key: value",
    '"citat"',
    "<b>fed</b> & ]]>",
    "2020",
    "17-06-2019",
    "0012",
]


def _swap_labels(node, draw):
    """Replace some ``label`` values in the model with tricky text, recursively."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("label", "title") and draw(st.booleans()):
                out[key] = draw(st.sampled_from(TRICKY_LABELS))
            else:
                out[key] = _swap_labels(value, draw)
        return out
    if isinstance(node, list):
        return [_swap_labels(x, draw) for x in node]
    return node


@st.composite
def models(draw) -> dict:
    return _swap_labels(draw(valid_models()), draw)


def invoke(*args: str | Path):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, f"stratalign {' '.join(map(str, args))}: {result.stderr[:800]}"
    return result


def graph_of(path: Path) -> rdflib.Graph:
    """The model in ``path`` as an rdflib graph, read by the CLI itself."""
    return rdflib.Graph().parse(data=invoke("convert", path, "--to", "nt").stdout, format="nt")


def assert_same(expected: rdflib.Graph, path: Path) -> None:
    got = graph_of(path)
    if not isomorphic(expected, got):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(got))
        raise AssertionError(
            f"{path.suffix} lost or changed triples\nmissing:\n{missing.serialize(format='nt')}\nextra:\n{extra.serialize(format='nt')}"
        )


def convert(source: Path, target: Path) -> Path:
    invoke("convert", source, "--to", target.suffix.lstrip("."), "-o", target)
    return target


def _folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="i8-roundtrip-"))


def _cleanup(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()


@pytest.mark.slow  # 27-72 s a chain, 168 s for the three, on a loaded 2-core machine
@pytest.mark.parametrize(
    "chain",
    [
        ("ttl", "yaml"),
        ("xlsx", "ttl", "xlsx"),
        # The CSV export escapes formula-like text with a leading ' and the import removes it again.
        ("csv", "ttl", "csv"),
    ],
    ids=["yaml-turtle-yaml", "xlsx-turtle-xlsx", "csv-turtle-csv"],
)
@SETTINGS
@given(model=models())
def test_round_trip_is_isomorphic_at_every_step(chain, model):
    folder = _folder()
    try:
        current = folder / "model.yaml"
        current.write_text(dump(model), encoding="utf-8")
        original = graph_of(current)
        for step, suffix in enumerate(chain):
            current = convert(current, folder / f"step{step}.{suffix}")
            assert_same(original, current)
    finally:
        _cleanup(folder)


def test_the_check_can_fail():
    """A changed label is not isomorphic: the comparison above is not vacuous."""
    folder = _folder()
    try:
        source = folder / "model.yaml"
        source.write_text("base: https://e.org/x/\ngoals:\n  - id: g\n    label: Mål\n", encoding="utf-8")
        other = folder / "other.yaml"
        other.write_text("base: https://e.org/x/\ngoals:\n  - id: g\n    label: Mal\n", encoding="utf-8")
        try:
            assert_same(graph_of(source), other)
        except AssertionError as err:
            assert '"Mål"@da' in str(err) and '"Mal"@da' in str(err)
        else:
            raise AssertionError("different labels compared equal")
    finally:
        _cleanup(folder)
