"""`stratalign serve`: the model and its findings as a read-only SPARQL 1.1 endpoint."""

from __future__ import annotations

import logging
import signal
import sys

import click

from ._common import lang_option, model_options
from .analyze_cmd import analysis_config, decisions_option, duplicates_within_option, thesaurus_option


@click.command("serve")
@model_options
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 opens it to the network)."
)
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0: any free port).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds a query may take, its checks and parsing included, before it is stopped (503).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Rows (or triples) a result may hold; more are cut off.",
)
@click.option("--cors", is_flag=True, help="Allow cross-origin requests (Access-Control-Allow-Origin: *).")
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Query worker processes [default: cores, 2 to 4]."
)
@click.option("--quiet", is_flag=True, help="Do not log each request to standard error.")
@lang_option
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Settings file for the analysis (default: ./stratalign.toml).",
)
@thesaurus_option
@duplicates_within_option
@decisions_option
def serve(
    model,
    host,
    port,
    timeout,
    max_rows,
    cors,
    workers,
    quiet,
    lang,
    config_path,
    thesaurus,
    duplicates_within,
    decisions,
) -> None:
    """Serve MODEL… and its findings read-only over the SPARQL 1.1 Protocol.

    The query page is at / and the endpoint at /sparql. The default graph holds
    the model and the findings; the findings alone are in the named graph
    https://w3id.org/stratalign/findings. Updates and SERVICE are refused.

    Each query is checked (update, SERVICE, syntax) and evaluated in a worker
    process; --timeout covers both, and a query past it is stopped and gets 503.
    SIGTERM or Ctrl+C stops the server and every worker within about a second,
    also while a query runs (that query gets no answer).

    \b
      stratalign serve --example esbjerg-2020
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/sparql
    """
    from stratalign.serve import ServeSettings, SparqlServer

    settings = ServeSettings(
        host=host, port=port, timeout=timeout, max_rows=max_rows, cors=cors, workers=workers or 0, lang=lang
    )

    def stop(*_: object) -> None:
        # SIGTERM (e.g. from a service manager) stops as Ctrl+C does; a second signal does not cut the cleanup short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        config = analysis_config(config_path, None, thesaurus, duplicates_within, decisions)
        server = SparqlServer.from_model(model(), settings, config=config, lang=lang)
    except KeyboardInterrupt:  # stopped while starting: the server cleaned up after itself
        click.echo("stratalign: stopped", err=True)
        return
    if not quiet:
        logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(message)s")
    try:
        click.echo(f"stratalign: serving {server.info.model_triples} triples and {server.info.findings} findings")
        click.echo(f"  query page: {server.base_url}/")
        click.echo(f"  endpoint:   {server.endpoint_url}")
        click.echo("press Ctrl+C to stop", err=True)
        sys.stdout.flush()
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stratalign: stopped", err=True)
    finally:
        server.close()
