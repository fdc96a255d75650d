"""`stratalign convert`: write a model as Turtle, N-Triples, JSON-LD or YAML."""
from __future__ import annotations

import click

from ontology.serialize import serialize_model

from ._common import model_options, write_output


@click.command("convert")
@model_options
@click.option("--to", "target", type=click.Choice(["ttl", "nt", "jsonld", "yaml"]), required=True, help="Output format.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
def convert(model, target: str, output: str | None) -> None:
    """Convert MODEL… (merged into one graph) to another format.

    YAML output uses the flat form of the authoring format; triples it has no
    key for are kept as Turtle in its `rdf:` block, so nothing is lost.
    """
    write_output(serialize_model(model(), target), output)
