"""Analysis settings: severities per kind and similarity thresholds.

Read from ``--config FILE`` or a ``stratalign.toml`` in the working directory::

    [severity]
    shared-goal = "error"
    missing-owner = "off"      # "off" silences a kind

    [similarity]
    goal = 0.55
    initiative = 0.6
    thesaurus = ["terms.ttl"]  # SKOS thesauri added to the shipped one (relative to this file)
    duplicates_within = "municipality"  # owner, municipality, plan-family or all (see alignment.scope)

    [progress]
    tolerance = 0.1            # a target is on track up to 10 % of its distance behind the path
    stale_years = 2            # an indicator whose latest observation is more than 2 years old is stale
    [limits]
    depth = 2000       # input bounds, as --input-limit depth=2000 (README, "Hostile input")

    [decisions]
    files = ["decisions.ttl"]  # duplicate decisions (alignment.duplicate_decisions), relative to this file
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ontology import LIMIT_NAMES, InputError, Limits, excerpt

from .duplicate_decisions import Decision, load_decisions
from .findings import DEFAULT_SEVERITY, KINDS, SEVERITIES
from .scope import DEFAULT_SCOPE, SCOPES
from .similarity import DEFAULT_THRESHOLDS, Thesaurus, load_thesaurus

__all__ = ["Config", "load_config", "with_thesaurus", "with_decisions", "CONFIG_NAME"]

CONFIG_NAME = "stratalign.toml"


@dataclass
class Config:
    """Severities (a kind set to "off" is not reported) and duplicate thresholds."""

    severity: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SEVERITY))
    thresholds: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    #: how far behind the straight path a target may be and still be on track, as a share of its distance
    #: (and the band around the baseline of a maintain target, as a share of the baseline)
    tolerance: float = 0.1
    #: Input bounds raised in [limits] (name → value), put in force before the model is read.
    limits: dict[str, int] = field(default_factory=dict)
    #: how many years an indicator's latest observation may lie before the analysis year (stale-indicator)
    stale_years: int = 2
    #: the analysis year (``--as-of``); None: the current year
    as_of: int | None = None
    #: SKOS thesauri added to the shipped one ([similarity] thesaurus, --thesaurus), in order
    thesaurus: tuple[str, ...] = ()
    #: the shipped thesaurus merged with ``thesaurus``; None: the shipped one alone
    terms: Thesaurus | None = None
    #: which plans duplicates are looked for between ([similarity] duplicates_within, --duplicates-within)
    duplicates_within: str = DEFAULT_SCOPE
    #: the duplicate decisions of the decisions files ([decisions] files, --decisions), in order, read already
    decisions: tuple[Decision, ...] = ()

    def enabled(self, kind: str) -> bool:
        return self.severity[kind] != "off"


def _line_of(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(needle):
            return number
    return None


def load_config(path: str | Path | None = None, *, cwd: Path | None = None) -> Config:
    """The settings from ``path``, else ``./stratalign.toml`` if present, else the defaults."""
    if path is None:
        candidate = (cwd or Path.cwd()) / CONFIG_NAME
        if not candidate.is_file():
            return Config()
        path = candidate
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # tomllib refuses a BOM at 1:1
    except FileNotFoundError:
        raise InputError(name, None, "no such file") from None
    except UnicodeDecodeError as err:
        raise InputError(name, None, f"not valid UTF-8 text ({err.reason})") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        # Python 3.11 puts the position only in the message: "… (at line 3, column 7)".
        found = re.search(r"\(at line (\d+), column \d+\)", str(err))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))
        raise InputError(name, int(found.group(1)) if found else None, f"TOML syntax error: {message}") from None
    config = Config()
    for section in doc:
        if section not in ("severity", "similarity", "progress", "limits", "decisions"):
            raise InputError(
                name,
                _line_of(text, f"[{section}"),
                f"unknown section [{section}]; expected [severity], [similarity], [progress], [limits] or [decisions]",
            )
        if not isinstance(doc[section], dict):
            # severity = "off", [[severity]], decisions = []: a value where a table belongs (was exit 3)
            raise InputError(
                name,
                _line_of(text, section) or _line_of(text, f"[[{section}"),
                f"'{section}' must be a table ([{section}] with its settings below), got {excerpt(doc[section], 40)}",
            )
    for kind, level in doc.get("severity", {}).items():
        line = _line_of(text, kind)
        if kind not in KINDS:
            raise InputError(name, line, f"unknown finding kind '{kind}'")
        if level not in (*SEVERITIES, "off"):
            raise InputError(name, line, f"severity of '{kind}' must be error, warning, info or off, got {level!r}")
        config.severity[kind] = level
    for kind, value in doc.get("similarity", {}).items():
        line = _line_of(text, kind)
        if kind == "thesaurus":
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise InputError(name, line, f"thesaurus must be a list of Turtle file names, got {value!r}")
            base = Path(path).parent
            with_thesaurus(config, [str(base / v) for v in value])
            continue
        if kind == "duplicates_within":
            if value not in SCOPES:
                raise InputError(name, line, f"duplicates_within must be one of {', '.join(SCOPES)}, got {value!r}")
            config.duplicates_within = value
            continue
        if kind not in config.thresholds:
            raise InputError(
                name,
                line,
                f"unknown similarity setting '{kind}'; expected goal, initiative, thesaurus or duplicates_within",
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            raise InputError(name, line, f"threshold '{kind}' must be a number in (0, 1], got {value!r}")
        config.thresholds[kind] = float(value)
    for key, value in doc.get("progress", {}).items():
        line = _line_of(text, key)
        if key not in _PROGRESS_KEYS:
            raise InputError(name, line, f"unknown progress setting '{key}'; expected {' or '.join(_PROGRESS_KEYS)}")
        if key == "stale_years":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InputError(name, line, f"stale_years must be a whole number of years, 0 or more, got {value!r}")
            config.stale_years = value
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
            raise InputError(
                name, line, f"tolerance must be a number in [0, 1), a share of the distance, got {value!r}"
            )
        else:
            config.tolerance = float(value)
    for key, value in doc.get("limits", {}).items():
        line = _line_of(text, key)
        if key not in LIMIT_NAMES:
            raise InputError(
                name, line, f"unknown input limit '{key}' in [limits]; expected one of {', '.join(LIMIT_NAMES)}"
            )
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(name, line, f"input limit '{key}' must be a whole number, got {value!r}")
        config.limits[key] = getattr(Limits().raised({key: value}, source=name, line=line), key.replace("-", "_"))
    for key, value in doc.get("decisions", {}).items():
        line = _line_of(text, key)
        if key != "files":
            raise InputError(name, line, f"unknown decisions setting '{key}'; expected files")
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise InputError(name, line, f"files must be a list of decisions file names, got {value!r}")
        with_decisions(config, [str(Path(path).parent / v) for v in value])
    return config


def with_decisions(config: Config, paths: list[str] | tuple[str, ...]) -> Config:
    """``config`` with the duplicate decisions of the files ``paths`` added (read now: a bad file is exit 2).

    >>> with_decisions(Config(), []).decisions
    ()
    """
    for path in paths:
        config.decisions = (*config.decisions, *load_decisions(path))
    return config


#: the settings of [progress]
_PROGRESS_KEYS = ("tolerance", "stale_years")


def with_thesaurus(config: Config, paths: list[str] | tuple[str, ...]) -> Config:
    """``config`` with the SKOS thesauri ``paths`` added (read now: a bad file is exit 2 before any work).

    >>> with_thesaurus(Config(), []).terms is None
    True
    """
    if paths:
        config.thesaurus = (*config.thesaurus, *paths)
        config.terms = load_thesaurus(config.thesaurus)
    return config
