"""`stratalign query`: ad-hoc SPARQL and the library of named queries."""

from __future__ import annotations

from pathlib import Path

import click

from ontology import AskResult, GraphResult, InputError, QueryError, SelectResult

from ._common import (
    SUFFIX_NAMES,
    Outputs,
    format_for,
    lang_option,
    model_options,
    write_output,
)
from ._progress import quiet_option, say_wrote

#: SELECT and ASK results in four formats; "ttl" stands for CONSTRUCT and DESCRIBE, always Turtle.
OUTPUTS = Outputs.of("query", ["table", "csv", "tsv", "json", "ttl"], "table", plain={"table"})


@click.command("query")
@model_options
@click.option("-q", "--query", "query_text", metavar="TEXT", help="The SPARQL query text.")
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False), help="A file holding the query (.rq).")
@click.option("-n", "--name", "query_name", metavar="NAME", help="A named query from the library (see --list).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    help="SELECT/ASK output (default: from the -o suffix, else table); CONSTRUCT and DESCRIBE always give Turtle.",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
@lang_option
@quiet_option
def query(model, query_text, query_file, query_name, list_queries, fmt, output, lang, quiet) -> None:
    """Run a SPARQL 1.1 query over MODEL…

    \b
      stratalign query --example esbjerg-2020 --name goals-by-plan
      stratalign query plan.yaml -q 'SELECT ?g WHERE { ?g a <https://w3id.org/stratalign#Goal> }' --format csv
    """
    from alignment import get_query, named_queries

    if list_queries:
        for named in named_queries():
            click.echo(f"{named.name:28} {named.describe(lang)}")
        return
    fmt = format_for(output, OUTPUTS, fmt)  # before the model loads; the result's kind is checked below
    given = [x for x in (query_text, query_file, query_name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of --query, --file or --name (or --list)")
    if query_file:
        try:
            text = Path(query_file).read_text(encoding="utf-8-sig")  # a BOM, as Notepad writes it, is no query text
        except FileNotFoundError:
            raise InputError(query_file, None, "no such file") from None
        except UnicodeDecodeError as err:
            raise InputError(query_file, None, f"not valid UTF-8 text ({err.reason})") from None
    elif query_name:
        try:
            text = get_query(query_name).text
        except KeyError as err:
            raise click.UsageError(err.args[0]) from None
    else:
        text = query_text
    loaded = model()
    try:
        result = loaded.store.query(text)
    except QueryError as err:
        where = query_file or (f"--name {query_name}" if query_name else "--query")
        raise InputError(where, None, str(err)) from None
    _check_result_suffix(result, fmt, output)
    write_output(render(result, fmt, loaded.prefixes), output)
    say_wrote(output, lang, quiet)


def _check_result_suffix(result, fmt: str, output: str | None) -> None:
    """A graph result is Turtle and a table result is not: a suffix that says otherwise is exit 2."""
    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    if isinstance(result, GraphResult):
        if suffix in SUFFIX_NAMES and suffix not in OUTPUTS.formats["ttl"]:  # (--format applies to tables only)
            raise InputError(
                output or "-",
                None,
                f"a CONSTRUCT or DESCRIBE result is Turtle, not {SUFFIX_NAMES[suffix]}: name the file with .ttl",
            )
    elif fmt == "ttl":
        table = ", ".join(suffixes[0] for name, suffixes in OUTPUTS.formats.items() if name != "ttl")
        raise InputError(output or "-", None, f"a SELECT or ASK result is not Turtle: query writes it as {table}")


def render(result, fmt: str, prefixes: dict[str, str]) -> str:
    """The result in the chosen output format."""
    if isinstance(result, GraphResult):
        return result.to_turtle(prefixes)
    if isinstance(result, AskResult):
        return result.to_json() + "\n" if fmt == "json" else ("true\n" if result.value else "false\n")
    assert isinstance(result, SelectResult)
    if fmt == "json":
        return result.to_json() + "\n"
    if fmt == "csv":
        return result.to_csv()
    if fmt == "tsv":
        return result.to_tsv()
    return result.to_table(prefixes)
