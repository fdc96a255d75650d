"""The local stores: embedded pyoxigraph (the default) and rdflib's engine (portability, benchmarks).

>>> store = OxigraphStore()
>>> store.select("SELECT (1 AS ?one) WHERE {}").values("one").__next__()
('1',)
"""

from __future__ import annotations

import ctypes
import gc
import os
import shutil
import sys
from pathlib import Path
from typing import Callable, Iterable, TypeVar

import pyoxigraph as ox

from ..errors import QueryError
from ..results import AskResult, GraphResult, QueryResult, SelectResult
from ..skolem import Named, may_hold_blank_nodes, set_aside, skolemize
from .base import SparqlStore, rdflib_triples
from .sparqltext import refuse_deep_nesting, refuse_remote_access, refuse_update

__all__ = ["OxigraphStore", "RdflibStore", "NotAStore", "foreign_files", "replace_on_disk"]

T = TypeVar("T")


class OxigraphStore(SparqlStore):
    """The embedded pyoxigraph store; ``path`` keeps it on disk (RocksDB)."""

    name = "oxigraph"

    def __init__(self, path: str | Path | None = None, *, create: bool = True) -> None:
        """``create=False`` opens only a store that is there: a missing or empty folder is :class:`NotAStore`."""
        if path is not None:
            folder = Path(path)
            _recover(folder)  # a replacement killed between its two renames (replace_on_disk)
            if not create and not (folder.is_dir() and any(folder.iterdir())):
                # reading it would make an empty store and analyse nothing: a mistyped folder passed `check`
                raise NotAStore("no store in this folder: name the files to load into it (--store DIR FILE…)")
            # before Oxigraph writes a store's files among a user's own (and a replacement removes them)
            foreign = foreign_files(folder)
            if foreign:
                shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
                raise NotAStore(
                    f"the folder holds files that are not an Oxigraph store's ({shown}): name a new or empty folder"
                )
        self._store = ox.Store(str(path)) if path is not None else ox.Store()

    def __len__(self) -> int:
        return len(self._store)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        load_into = getattr(quads, "load_into", None)  # a document Oxigraph parses itself (loaders.rdf)
        if load_into is not None and not may_hold_blank_nodes(getattr(quads, "data", b"_:")):
            load_into(self._store)
        elif isinstance(quads, Named):
            self._store.bulk_extend(quads)
        else:  # one document: its blank nodes get their stable names (ontology.skolem) at the end
            aside: list[ox.Quad] = []
            self._store.bulk_extend(set_aside(quads, aside))
            if aside:
                self._store.bulk_extend(skolemize(aside))

    def query(self, sparql: str) -> QueryResult:
        refuse_update(sparql)
        refuse_deep_nesting(sparql)
        refuse_remote_access(sparql)
        try:
            result = self._store.query(sparql)
            # Oxigraph evaluates lazily: errors can surface while the solutions are read.
            if isinstance(result, ox.QuerySolutions):
                return SelectResult.from_solutions(result)
            if isinstance(result, ox.QueryBoolean):
                return AskResult(bool(result))
            return GraphResult(result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None
        except OSError as err:
            raise QueryError(f"query failed: {err}") from None

    def dump_ntriples(self) -> bytes:
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""

    def quads(self) -> list[ox.Quad]:
        # Straight from the store: re-parsing a dump would hit the parser's 16 MiB token limit.
        return list(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def flush(self) -> None:
        self._store.flush()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not offered."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # no glibc 2.28
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system or kernel cannot
        return False
    raise OSError(errno, os.strerror(errno), str(a))


def _recover(path: Path) -> None:
    """Finish or undo a replacement a killed run left between its two renames (no RENAME_EXCHANGE)."""
    replaced = path.with_name(path.name + ".replaced")
    if replaced.exists():
        if path.exists():
            shutil.rmtree(replaced)  # the new store is in place: the old one was only not yet removed
        else:
            os.rename(replaced, path)  # killed between the renames: the old store back


class NotAStore(FileExistsError):
    """A folder that is no Oxigraph store: it holds files no store writes (never opened, never replaced),
    or, opened only to read (``create=False``), it is missing or empty."""


#: What RocksDB (under Oxigraph) keeps in a store's folder; anything else is not ours to replace.
_STORE_NAMES = frozenset({"CURRENT", "IDENTITY", "LOCK", "LOG"})
_STORE_PREFIXES = ("LOG.old.", "MANIFEST-", "OPTIONS-", "bulk-")
_STORE_SUFFIXES = (".sst", ".log", ".blob", ".dbtmp")


def foreign_files(path: str | Path) -> list[str]:
    """The entries of folder ``path`` that are not an Oxigraph store's (none for a new or empty folder).

    A store's folder is replaced whole, so a folder that holds anything else (``--store ~/Documents``)
    must never be: the caller refuses it.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "notes.txt").write_text("x") and foreign_files(folder)
    ['notes.txt']
    """
    path = Path(path)
    if not path.is_dir():
        return []
    return sorted(
        entry.name
        for entry in path.iterdir()
        if not (
            entry.is_file()
            and (
                entry.name in _STORE_NAMES
                or entry.name.startswith(_STORE_PREFIXES)
                or entry.name.endswith(_STORE_SUFFIXES)
            )
        )
    )


def replace_on_disk(path: str | Path, fill: Callable[[OxigraphStore], T]) -> tuple[OxigraphStore, T]:
    """Make the on-disk store at ``path`` hold what ``fill`` adds and nothing else: all or, killed, what it held.

    ``fill`` loads into a new store beside it (``DIR.loading``), which then takes the old one's
    place in one rename (Linux's RENAME_EXCHANGE; elsewhere two renames, which the next open
    finishes or undoes); when ``fill`` raises (a bad file), the old store stays as it was.
    Clearing the store and loading into it left it empty when the load was killed, and
    Oxigraph's transactional MOVE of a named graph took 19 s for 300,000 triples against 2.3 s
    for the bulk load. Returns the store at ``path`` and what ``fill`` returned, which must not
    hold the new store: it is closed before the rename (RocksDB names its files by the folder's path).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "store"
    >>> q = lambda o: ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal(o))
    >>> len(replace_on_disk(folder, lambda s: s.add(Named([q("1"), q("2")])))[0])
    2
    >>> len(replace_on_disk(folder, lambda s: s.add(Named([q("3")])))[0])
    1
    """
    path = Path(path)
    # The old store stays open until the swap: its RocksDB lock keeps a second replacement of the
    # same folder (another process) out of DIR.loading (it gets "cannot open the store"). Opening it
    # also finishes a killed replacement and refuses a folder that is not a store (NotAStore).
    guard = OxigraphStore(path)
    loading = path.with_name(path.name + ".loading")
    if loading.exists():
        shutil.rmtree(loading)  # what a killed load left
    new = OxigraphStore(loading)
    try:
        result = fill(new)
        new.flush()
    except BaseException:
        del new, guard
        gc.collect()
        shutil.rmtree(loading, ignore_errors=True)
        raise
    del new, guard
    gc.collect()  # a store closes (and releases RocksDB's lock) when the object is freed
    if not path.exists():
        os.rename(loading, path)
    elif _exchange(loading, path):
        shutil.rmtree(loading)  # now the old store
    else:
        replaced = path.with_name(path.name + ".replaced")
        os.rename(path, replaced)
        os.rename(loading, path)
        shutil.rmtree(replaced)
    return OxigraphStore(path), result


class RdflibStore(SparqlStore):
    """rdflib's in-memory graph and SPARQL engine."""

    name = "rdflib"

    def __init__(self) -> None:
        import rdflib
        import rdflib.plugins.sparql

        # rdflib would otherwise dereference FROM <url> (security_considerations.md).
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        # A Dataset (not a Graph) so that FROM / FROM NAMED select graphs instead of failing.
        self.dataset = rdflib.Dataset()
        self.graph = self.dataset.default_graph

    def __len__(self) -> int:
        return len(self.graph)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        quads = skolemize(quads)  # one document: stable names for its blank nodes (ontology.skolem)
        for triple in rdflib_triples(quads):
            self.graph.add(triple)

    def query(self, sparql: str) -> QueryResult:
        refuse_update(sparql)
        refuse_deep_nesting(sparql)
        refuse_remote_access(sparql)
        try:  # rdflib evaluates lazily, so errors can surface while serialising
            result = self.dataset.query(sparql)
            if result.type == "SELECT":
                return SelectResult.from_json(result.serialize(format="json") or b"")
            if result.type == "ASK":
                return AskResult(bool(result.askAnswer))
            assert result.graph is not None  # CONSTRUCT and DESCRIBE results are a graph
            return GraphResult(result.graph.serialize(format="nt", encoding="utf-8"))
        except Exception as err:  # rdflib raises pyparsing and assorted errors
            raise QueryError(f"SPARQL error: {err}") from None

    def dump_ntriples(self) -> bytes:
        return self.graph.serialize(format="nt", encoding="utf-8")
