"""`stratalign load`: push a model into a SPARQL 1.1 server."""

from __future__ import annotations

import click

from ._common import input_limit_option, lang_option, open_model
from ._progress import Stages, quiet_option


@click.command("load")
@click.argument("models", nargs=-1, metavar="[MODEL]...")
@click.option(
    "--example",
    "examples",
    multiple=True,
    metavar="NAME",
    help="A bundled example (repeatable); see `stratalign examples`.",
)
@click.option(
    "--endpoint", required=True, metavar="URL", help="The server's SPARQL query URL, e.g. http://127.0.0.1:7878/query."
)
@click.option("--graph", "graph_iri", metavar="IRI", help="The named graph to add to (default: the default graph).")
@click.option(
    "--store-url", metavar="URL", help="Its Graph Store Protocol URL, when it cannot be guessed from --endpoint."
)
@click.option("--update-url", metavar="URL", help="Its SPARQL Update URL, the fallback when there is no Graph Store.")
@lang_option
@quiet_option
@input_limit_option
def load(models, examples, endpoint, graph_iri, store_url, update_url, lang, quiet) -> None:
    """Add MODEL… (merged into one graph) to a SPARQL 1.1 server.

    Uses the Graph Store Protocol (POST, so the triples are added to what the
    graph holds), else SPARQL Update INSERT DATA. Then analyse it there with
    `stratalign analyze --endpoint URL [--graph IRI]`.

    \b
      stratalign load --example esbjerg-2020 --endpoint http://127.0.0.1:7878/query --graph https://example.org/esbjerg
    """
    from alignment import TEXT
    from ontology import EndpointStore, format_number

    store = EndpointStore(endpoint, graph=graph_iri, store_url=store_url, update_url=update_url)
    with Stages(quiet=quiet, lang=lang) as stage:
        stage("load")
        loaded = open_model(models, examples)
        stage("upload")
        upload = store.upload(loaded.store.dump_ntriples())
    words = TEXT[lang]
    where = f"<{graph_iri}>" if graph_iri else words["default_graph"]
    click.echo(
        words["loaded"].format(
            triples=format_number(str(upload.triples), lang),
            graph=where,
            target=upload.target,
            method=upload.method,
            total=format_number(str(store.count()), lang),
        )
    )
