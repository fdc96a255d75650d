"""stratalign's first pipeline stage: the vocabulary, the loaders and the store.

Later stages import from here only, never from a submodule: every name they use is
in ``__all__``. Most are loaded on first use (PEP 562 ``__getattr__``), so that
``import ontology`` stays cheap for a command that needs one loader.

>>> from pathlib import Path
>>> from ontology import example_path, load_model
>>> model = load_model([example_path("esbjerg-2020")])
>>> Path(model.sources[0]).name
'esbjerg-2020.yaml'
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from typing import Any

__version__ = "0.1.0"

# openpyxl parses workbooks with lxml when lxml is installed, and then leaves an XML entity
# unexpanded without a word (and words its errors differently); on its standard parser it runs
# every part through defusedxml, which refuses entities and DTDs. OPENPYXL_LXML is openpyxl's own
# switch, read once when openpyxl is first imported: set it before that, for every workbook we read.
if "openpyxl" not in sys.modules:
    os.environ["OPENPYXL_LXML"] = "False"

from .errors import InputError, QueryError
from .loaders import load_model
from .model import Model

# rdflib logs a full traceback on stderr for every literal it cannot read as a value
# ("abc"^^xsd:decimal: 12 lines each, in every command that validates); the shapes report each
# such value as a violation with its element and property, so the traceback only hides them.
logging.getLogger("rdflib.term").addFilter(
    lambda record: not str(record.msg).startswith("Failed to convert Literal lexical form")
)

#: name → the submodule that defines it (and, where the stage exports it under another name, that name)
_LAZY: dict[str, tuple[str, str]] = {
    name: (module, name)
    for module, names in {
        "errors": ("MAX_MESSAGE",),
        "loaders": ("read_source",),
        "loaders.rdf": ("iter_rdf",),
        "loaders.statbank": ("observation_entries", "observation_quads", "read_statbank"),
        "loaders.values": ("danish_date", "ValueError_"),
        "loaders.yaml_writer": ("guess_base", "write_yaml"),
        "model": ("Position",),
        "examples": ("example_names", "example_path", "example_title"),
        "limits": ("Limits", "LIMIT_NAMES", "use_limits"),
        "literals": ("well_formed",),
        "formats": ("GRAPH_RESULTS", "MODEL_FORMATS", "RDF_SYNTAXES", "WRITABLE", "output_suffixes"),
        "gc": ("gc_paused",),
        "loaders.spreadsheet_template": ("write_template_csv", "write_template_xlsx"),
        "namespaces": ("ORG", "RDF", "RDFS", "SA", "SKOS", "STANDARD_PREFIXES", "XSD"),
        "queries": ("NamedQuery", "named_queries", "named_query"),
        "results": ("AskResult", "GraphResult", "SelectResult", "term_text"),
        "sdg": ("SDG_BASE", "SdgConcept", "sdg_concepts", "sdg_iri", "sdg_notation", "sdg_turtle"),
        "serialize": ("BINARY_FORMATS", "OUTPUT_FORMATS", "serialize_model"),
        "store": (
            "EndpointStore",
            "OxigraphStore",
            "RdflibStore",
            "SparqlStore",
            "is_loopback_host",
            "replace_on_disk",
            "NotAStore",
        ),
        "store.sparqltext": (
            "MAX_NESTING",
            "MAX_GROUP",
            "MAX_CHAIN",
            "SERVICE_REFUSED",
            "check_text",
            "nesting_depth",
            "shape_problem",
            "refuse_remote_access",
            "update_keyword",
        ),
        "textsafety": (
            "html_templates",
            "link_target",
            "markdown",
            "percent",
            "shorten",
            "visible",
            "xml_text",
            "csv_line",
            "excerpt",
            "one_line",
            "without_controls",
            "script_json",
        ),
        "validation": ("focus_headings", "format_report", "ontology_terms", "validate"),
        "words": (
            "COUNT_WORDS",
            "DIRECTION_WORDS",
            "STATUS_WORDS",
            "counted",
            "format_number",
            "format_time",
            "in_language",
            "value_word",
        ),
    }.items()
    for name in names
}
_LAZY["model_format"] = ("formats", "by_name")

__all__ = ["__version__", "InputError", "QueryError", "load_model", "Model", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'ontology' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(importlib.import_module(f".{module}", __name__), attribute)
    globals()[name] = value  # once: the next use is a plain module attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
