"""What every subcommand shares: the model options, loading, and writing output safely."""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import click

from ontology import (
    LIMIT_NAMES,
    MODEL_FORMATS,
    InputError,
    Limits,
    Model,
    Position,
    example_names,
    example_path,
    excerpt,
    load_model,
    output_suffixes,
    use_limits,
)

__all__ = [
    "model_options",
    "input_limit_option",
    "input_limits_for",
    "open_model",
    "write_output",
    "lang_option",
    "format_for",
    "Outputs",
    "SUFFIX_NAMES",
]


def model_options(func: Callable) -> Callable:
    """MODEL… arguments plus --example, --store, --endpoint and --graph."""

    @click.argument("models", nargs=-1, metavar="[MODEL]...")
    @click.option(
        "--example",
        "examples",
        multiple=True,
        metavar="NAME",
        help="A bundled example (repeatable); see `stratalign examples`.",
    )
    @click.option(
        "--store",
        "store_dir",
        type=click.Path(file_okay=False),
        help="Keep the triples in an on-disk Oxigraph store in DIR: the files named replace what it held; with no files, read what it holds.",
    )
    @click.option(
        "--endpoint", metavar="URL", help="Run against an existing SPARQL 1.1 endpoint instead of loading files."
    )
    @click.option("--graph", "graph_iri", metavar="IRI", help="With --endpoint: the named graph that holds the model.")
    @click.option(
        "--skip-bad-rows",
        is_flag=True,
        help="Spreadsheets: read the good rows and list the rejected ones on stderr (default: any rejected row is exit 2).",
    )
    @input_limit_option
    @functools.wraps(func)
    def wrapper(*args, models, examples, store_dir, endpoint, graph_iri, skip_bad_rows, **kwargs):
        kwargs["model"] = lambda: open_model(
            models, examples, store_dir=store_dir, endpoint=endpoint, graph=graph_iri, skip_bad_rows=skip_bad_rows
        )
        return func(*args, **kwargs)

    return wrapper


def input_limit_option(func: Callable) -> Callable:
    """``--input-limit NAME=N`` (repeatable): the input bounds put in force while the command runs.

    For the whole command, not only the loading: a number read under a raised
    ``digits`` bound is written out again, and str() of a 5,000-digit int fails
    under Python's default bound.
    """

    @click.option(
        "--input-limit",
        "input_limits",
        multiple=True,
        metavar="NAME=N",
        help=f"Raise an input bound (repeatable), e.g. depth=2000; names: {', '.join(LIMIT_NAMES)}.",
    )
    @functools.wraps(func)
    def wrapper(*args, input_limits, **kwargs):
        with use_limits(input_limits_for(input_limits, kwargs.get("config_path"))):
            return func(*args, **kwargs)

    return wrapper


def input_limits_for(given: Iterable[str], config_path: str | None = None) -> Limits:
    """The input bounds for a run: the environment, then ``[limits]`` of the settings file, then ``--input-limit``.

    >>> input_limits_for(["depth=2000", "digits=1_000"]).digits
    1000
    >>> input_limits_for(["depth"])
    Traceback (most recent call last):
    ontology.errors.InputError: --input-limit: expected NAME=N (e.g. depth=2000), got 'depth'
    """
    limits = Limits.from_env()
    if config_path or Path(CONFIG_FILE).is_file():
        from alignment import load_config

        limits = limits.raised(load_config(config_path).limits, source=config_path or CONFIG_FILE)
    values: dict[str, str] = {}
    for item in given:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise InputError("--input-limit", None, f"expected NAME=N (e.g. depth=2000), got {excerpt(item, 40)}")
        values[name.strip()] = value
    return limits.raised(values, source="--input-limit")


#: The settings file read from the working directory (alignment.CONFIG_NAME; named here so
#: a command that never reads settings does not import the analysis stage to look for it).
CONFIG_FILE = "stratalign.toml"


lang_option = click.option(
    "--lang", type=click.Choice(["da", "en"]), default="da", show_default=True, help="Language of labels and messages."
)


def _store_problem(err: OSError) -> str:
    """Why an on-disk store did not open or could not be replaced, in a user's words."""
    from ontology import NotAStore

    if isinstance(err, NotAStore):
        return str(err)
    if "lock" in str(err).lower():  # RocksDB: "While lock file: DIR/LOCK: Resource temporarily unavailable"
        return "another process is using the store (an analysis, serve or a load): try again when it has finished"
    return f"cannot open or write the store: {err}"


def open_model(
    models: tuple[str, ...],
    examples: tuple[str, ...] = (),
    *,
    store_dir: str | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    skip_bad_rows: bool = False,
) -> Model:
    """Load the named files and examples into one model (or attach to an endpoint)."""
    from ontology import EndpointStore, OxigraphStore, replace_on_disk

    sources: list[str | Path] = list(models)
    for name in examples:
        path = example_path(name)
        if path is None:
            raise InputError("--example", None, f"no example named '{name}'; available: {', '.join(example_names())}")
        sources.append(path)
    if endpoint:
        if sources:
            raise click.UsageError(
                "with --endpoint the model is already in the server; push files with `stratalign load`"
            )
        return Model(store=EndpointStore(endpoint, graph=graph), sources=[endpoint])
    if graph:
        raise click.UsageError("--graph needs --endpoint")
    if store_dir:
        if not sources:
            try:  # only loading files creates a store
                return Model(store=OxigraphStore(store_dir, create=False), sources=[store_dir])
            except OSError as err:
                raise InputError(store_dir, None, _store_problem(err)) from None

        # The files replace what the store held (a goal deleted from the file stayed in the store,
        # and in every later analysis), all or nothing; a bad file leaves it as it was.
        def fill(new: OxigraphStore) -> tuple[dict[str, str], list[str], dict[str, Position]]:
            loaded = load_model(sources, store=new, skip_bad_rows=skip_bad_rows)
            return loaded.prefixes, loaded.sources, loaded.positions  # (not the model: it holds the new store)

        try:
            kept, (prefixes, loaded_sources, positions) = replace_on_disk(store_dir, fill)
        except OSError as err:  # not a store, another process holds it, or it cannot be written
            raise InputError(store_dir, None, _store_problem(err)) from None
        return Model(store=kept, prefixes=prefixes, sources=loaded_sources, positions=positions)
    return load_model(sources, skip_bad_rows=skip_bad_rows)


#: What a file suffix names, for saying what cannot be written ("x.pdf: cannot write PDF; …").
#: A suffix not listed here names no format: plain text may be written under it.
#: The model formats' suffixes come from the format registry (.json says JSON, .owl OWL: what a user calls them).
SUFFIX_NAMES = {
    **{suffix: f.label for f in MODEL_FORMATS for suffix in f.suffixes},
    ".html": "HTML",
    ".htm": "HTML",
    ".xhtml": "XHTML",
    ".md": "Markdown",
    ".markdown": "Markdown",
    ".txt": "text",
    ".text": "text",
    ".json": "JSON",
    ".owl": "OWL",
    ".xml": "XML",
    ".tsv": "TSV",
    ".xls": "Excel (XLS)",
    ".ods": "OpenDocument spreadsheet (ODS)",
    ".graphml": "GraphML",
    ".gexf": "GEXF",
    ".pdf": "PDF",
    ".docx": "Word (DOCX)",
    ".doc": "Word (DOC)",
    ".odt": "OpenDocument text (ODT)",
    ".rtf": "RTF",
    ".tex": "LaTeX",
    ".pptx": "PowerPoint (PPTX)",
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".gif": "GIF",
    ".svg": "SVG",
    ".webp": "WebP",
    ".zip": "ZIP",
    ".gz": "gzip",
}


@dataclass(frozen=True)
class Outputs:
    """What a command writes: each format with the suffixes it is written as (the usual one first).

    ``default`` is written to standard output and to a name without a suffix
    (None: a suffix is required). A format in ``plain`` is plain text: written
    under any suffix that names no format (``findings.log``).
    """

    command: str
    formats: dict[str, tuple[str, ...]]
    default: str | None
    plain: frozenset[str] = frozenset()
    option: str = "--format"

    @classmethod
    def of(
        cls,
        command: str,
        names: Sequence[str],
        default: str | None,
        *,
        plain: Iterable[str] = (),
        option: str = "--format",
    ) -> Outputs:
        """The outputs of ``command``, each format with its suffixes from the one format registry.

        >>> Outputs.of("validate", ["text", "ttl"], "text").formats
        {'text': ('.txt', '.text'), 'ttl': ('.ttl', '.turtle')}
        """
        return cls(command, {name: output_suffixes(name) for name in names}, default, frozenset(plain), option)

    def listing(self) -> str:
        return ", ".join(dict.fromkeys(suffixes[0] for suffixes in self.formats.values()))


def format_for(output: str | None, outputs: Outputs, given: str | None = None) -> str:
    """The format to write ``output`` in: ``given`` (--format), else what its suffix names, else the default.

    Bad input (exit 2, nothing written): a suffix the command cannot write, one
    that contradicts ``given``, or one that two of its formats share. Checked
    before any work, so a wrong name costs nothing.

    >>> REPORT = Outputs("report", {"html": (".html",), "md": (".md",)}, "html")
    >>> format_for("r.md", REPORT), format_for("r", REPORT), format_for(None, REPORT, "md")
    ('md', 'html', 'md')
    >>> format_for("r.pdf", REPORT)
    Traceback (most recent call last):
    ontology.errors.InputError: r.pdf: cannot write PDF; report writes .html, .md
    """
    path = Path(output) if output and output != "-" else None
    if path is None or (path.exists() and not path.is_file() and not path.is_dir()):
        # standard output, or a device or pipe (-o /dev/null): no suffix to go by
        chosen = given or outputs.default
        if chosen is None:
            raise InputError(output or "-", None, f"{outputs.command} writes a file: name it with {outputs.listing()}")
        return chosen
    suffix = path.suffix.lower()
    claimed = [fmt for fmt, suffixes in outputs.formats.items() if suffix in suffixes]
    if not suffix:
        chosen = given or outputs.default
        if chosen is None:
            raise InputError(
                output or "-",
                None,
                f"{outputs.command} cannot tell what to write without a suffix: name it with {outputs.listing()}",
            )
        return chosen
    named = SUFFIX_NAMES.get(suffix)
    if given is not None:
        if given in claimed or given not in outputs.formats or (not claimed and named is None):
            return given  # its own suffix, or one that names nothing else
        usual = ", ".join(outputs.formats[given])
        raise InputError(
            output or "-",
            None,
            f"{outputs.option} {given} is not written as {suffix} ({named or ' or '.join(claimed)}); {outputs.command} writes {given} as {usual}",
        )
    if len(claimed) == 1:
        return claimed[0]
    if claimed:
        raise InputError(output or "-", None, f"{suffix} could be {' or '.join(claimed)}: choose with {outputs.option}")
    if named is None and outputs.default in outputs.plain:
        return outputs.default
    what = named or f"'{suffix}' files"
    raise InputError(output or "-", None, f"cannot write {what}; {outputs.command} writes {outputs.listing()}")


def write_output(content: str | bytes | Iterable[str], output: str | None) -> None:
    """Write to stdout, or to a file through a temporary file and a rename (never half-written).

    ``content`` may come in pieces (an iterable of str): each is written as it
    comes, so that a half-gigabyte JSON never sits in memory whole. A file that
    is replaced keeps its permission bits (a 0600 file stays 0600). Any failure
    of the system (disk full, read-only folder, ``-o`` naming a folder) is an
    :class:`InputError` naming the path and the system's reason (exit 2).
    """
    pieces: Iterable[bytes]
    if isinstance(content, (str, bytes)):
        pieces = [content.encode("utf-8") if isinstance(content, str) else content]
    else:
        pieces = (piece.encode("utf-8") for piece in content)
    if output is None or output == "-":
        try:
            if hasattr(sys.stdout, "buffer"):
                for piece in pieces:
                    sys.stdout.buffer.write(piece)
            else:
                for piece in pieces:
                    sys.stdout.write(piece.decode("utf-8"))
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as err:
            _drop_stdout()
            raise InputError("<stdout>", None, f"cannot write the output: {err.strerror or err}") from None
        return
    if not output.strip():
        raise InputError("-o", None, "the output file name is empty; name a file, or - for standard output")
    target = Path(output)
    try:
        if target.exists() and not target.is_file() and not target.is_dir():
            # /dev/null, a named pipe, a terminal: write into it. A rename would replace
            # the device itself with a regular file (as root, /dev/null for everyone).
            with open(target, "wb") as handle:
                handle.writelines(pieces)
            return
    except OSError as err:
        raise _write_error(output, err) from None
    if target.is_dir():
        raise InputError(output, None, "cannot write: it is a folder; name a file in it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(output, None, f"cannot write: the folder {folder} does not exist")
    try:
        mode = target.stat().st_mode & 0o7777 if target.is_file() else None
    except OSError:
        mode = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise _write_error(output, err) from None
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as handle:
            handle.writelines(pieces)
        if mode is None:
            # mkstemp creates 0600; give a new file the permissions a plain open() would (umask applies).
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise _write_error(output, err) from None
        raise


def _write_error(output: str, err: OSError) -> InputError:
    """``-o FILE`` failed for a reason of the system: say which file and why."""
    return InputError(output, None, f"cannot write: {err.strerror or err}")


def _drop_stdout() -> None:
    """After stdout failed (``> /dev/full``), point it at /dev/null so the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
