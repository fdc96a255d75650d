"""`check` for CI: findings with file and line, SHACL violations, waivers, and the CI formats.

:func:`run_check` gathers a :class:`CheckResult` (the analysis findings, the SHACL
violations as ``shacl-violation`` findings, each with the place its first
subject is defined, and the waivers applied); the renderers turn it into text,
JSON, SARIF 2.1.0 or JUnit XML.

>>> from ontology.loaders import load_model
>>> result = run_check(load_model(["tests/data/rules/invalid-period-fires.yaml"]), lang="en")  # doctest: +SKIP
>>> result.passed, result.failing[0].kind  # doctest: +SKIP
(False, 'invalid-period')
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote
from xml.etree import ElementTree as ET

from ontology import Model, Position, __version__, counted, gc_paused, one_line, without_controls

from .analyze import analyze
from .config import Config
from .context import Labels
from .duplicate_decisions import Decision
from .findings import DEFAULT_SEVERITY, GROUPS, KINDS, SEVERITIES, Finding
from .messages import CHECK_TEXT, DECISION_WORDS, GROUP_TITLES, KIND_TITLES, RULE_TITLES, SEVERITY_WORDS
from .render import ObjectRows, json_chunks, stderr_notes
from .triage import DuplicateTriage
from .waivers import CHECK_KINDS, Waiver

__all__ = ["CheckItem", "CheckResult", "run_check", "render", "render_chunks", "verdict_line", "FORMATS", "SARIF_LEVEL"]

FORMATS = ("text", "json", "sarif", "junit")
#: severity → SARIF result level
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://w3id.org/stratalign"
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class CheckItem:
    """One finding as `check` reports it: the finding's fields, where its first subject is defined, and its waiver."""

    kind: str
    group: str
    severity: str
    subjects: tuple[str, ...]
    plans: tuple[str, ...]
    message: str
    score: float | None
    location: Position | None
    waiver: Waiver | None = None
    #: what tells two findings of one kind and subjects apart (plans; SHACL: shape, path, value)
    detail: tuple[str, ...] = ()
    #: a text duplicate's matched words, as on the finding (``Finding.matched``)
    matched: tuple[tuple[str, str, str], ...] | None = None
    #: a duplicate's cluster id (alignment.triage), as in ``analyze --format json``
    cluster: str | None = None
    #: the duplicate decision that decided this finding (alignment.duplicate_decisions): it never fails
    decision: Decision | None = None

    def fingerprint(self) -> str:
        """Stable across runs, languages and line moves: a hash of the kind, the subjects and the detail."""
        text = "\x1f".join((self.kind, *self.subjects, "\x1e", *self.detail))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        """The finding object of `analyze --format json`, plus ``location``, ``waived`` and ``decided``."""
        return {
            **Finding.to_dict(self),  # type: ignore[arg-type]  # the same fields, in the same order
            **({} if self.cluster is None else {"cluster": self.cluster}),
            "location": _location_dict(self.location),
            "waived": None if self.waiver is None else _waiver_dict(self.waiver),
            "decided": None if self.decision is None else self.decision.to_dict(),
        }


@dataclass
class CheckResult:
    """Everything one `check` run found, in the order reported."""

    items: list[CheckItem]
    fail_on: str
    lang: str
    labels: Labels = field(default_factory=Labels)
    expired: list[Waiver] = field(default_factory=list)
    stale: list[Waiver] = field(default_factory=list)
    severities: dict[str, str] = field(default_factory=dict)
    #: the duplicate clusters and plan pairs of the analysis (empty without duplicates)
    duplicates: DuplicateTriage = field(default_factory=DuplicateTriage)
    #: the duplicate decisions that match no finding (alignment.duplicate_decisions)
    stale_decisions: list[Decision] = field(default_factory=list)
    #: without SHACL, the notes on what the rules read as nothing (:func:`.render.stderr_notes`);
    #: with it, each is a shacl-violation item already
    note: str | None = None

    def fails(self, item: CheckItem) -> bool:
        """True when ``item`` counts for --fail-on: at or above the level, not waived and not decided."""
        return item.waiver is None and item.decision is None and _RANK[item.severity] <= _RANK[self.fail_on]

    @property
    def failing(self) -> list[CheckItem]:
        return [item for item in self.items if self.fails(item)]

    @property
    def waived(self) -> list[CheckItem]:
        return [item for item in self.items if item.waiver is not None]

    @property
    def decided(self) -> list[CheckItem]:
        return [item for item in self.items if item.decision is not None]

    @property
    def passed(self) -> bool:
        return not self.failing

    def summary(self) -> dict[str, Any]:
        """Counts per severity (waived ones included), the waived and failing counts, and the verdict."""
        by_severity = {s: 0 for s in SEVERITIES}
        for item in self.items:
            by_severity[item.severity] += 1
        return {
            "total": len(self.items),
            "by_severity": by_severity,
            "fail_on": self.fail_on,
            "failing": len(self.failing),
            "waived": len(self.waived),
            "expired_waivers": len(self.expired),
            "stale_waivers": len(self.stale),
            "decided": len(self.decided),
            "stale_decisions": len(self.stale_decisions),
            "verdict": "passed" if self.passed else "failed",
        }


def run_check(
    model: Model,
    config: Config | None = None,
    *,
    lang: str = "da",
    fail_on: str = "error",
    shacl: bool = True,
    waivers: list[Waiver] | None = None,
    today: dt.date | None = None,
) -> CheckResult:
    """Analyse ``model``, add its SHACL violations (``shacl``), place each finding and apply ``waivers``."""
    config = config or Config()
    analysis = analyze(model, config, lang=lang)
    violations = _shacl_items(model, lang) if shacl else []
    if violations:
        violations = _not_found_twice(violations, analysis.findings)
    subjects = {s for f in analysis.findings for s in f.subjects} | {s for v in violations for s in v.subjects}
    subjects |= {s for d in analysis.decided for s in d.finding.subjects}
    where = _Locator(model, subjects)
    triage = analysis.duplicates
    items = [
        CheckItem(
            f.kind,
            f.group,
            f.severity,
            f.subjects,
            f.plans,
            f.message,
            f.score,
            where(f.subjects),
            detail=f.plans,
            matched=f.matched,
            cluster=triage.cluster_id(f) if triage else None,
        )
        for f in analysis.findings
    ]
    # the decided duplicates: listed as decided, never failing (the analysis took them out of its findings)
    decided_at = len(items)
    items += [
        CheckItem(
            d.finding.kind,
            d.finding.group,
            d.finding.severity,
            d.finding.subjects,
            d.finding.plans,
            d.finding.message,
            d.finding.score,
            where(d.finding.subjects),
            detail=d.finding.plans,
            matched=d.finding.matched,
            decision=d.decision,
        )
        for d in analysis.decided
    ]
    if len(items) > decided_at:
        from .findings import sort_findings

        order = {id(f): i for i, f in enumerate(sort_findings(list(items)))}  # type: ignore[arg-type]
        items.sort(key=lambda item: order[id(item)])
    items += [replace(v, location=where(v.subjects)) for v in violations]
    today = today or dt.date.today()
    live = [w for w in waivers or () if not w.expired(today)]
    by_kind: dict[str, list[tuple[int, Waiver]]] = {}
    for number, waiver in enumerate(live):
        by_kind.setdefault(waiver.kind, []).append((number, waiver))
    used: set[int] = set()
    for index, item in enumerate(items):
        # the first waiver of the file that matches; only those of the item's kind are tried
        for number, waiver in by_kind.get(item.kind, ()):
            if waiver.matches(item.kind, item.subjects):
                items[index] = _with_waiver(item, waiver)
                used.add(number)
                break
    return CheckResult(
        items,
        fail_on,
        lang,
        analysis.labels,
        expired=[w for w in waivers or () if w.expired(today)],
        stale=[w for number, w in enumerate(live) if number not in used],
        severities={kind: config.severity.get(kind, DEFAULT_SEVERITY[kind]) for kind in KINDS},
        duplicates=triage,
        stale_decisions=analysis.stale_decisions,
        note=None if shacl else ("\n".join(stderr_notes(analysis)) or None),
    )


def _with_waiver(item: CheckItem, waiver: Waiver) -> CheckItem:
    return replace(item, waiver=waiver)


#: Shapes whose violation a finding kind reports too, on the same element: one mistake, one item. An end
#: before the start was an invalid-period error and a shacl-violation error, two alerts in CI.
_SHAPE_FINDINGS = {"https://w3id.org/stratalign/shapes#StartNotAfterEndShape": "invalid-period"}


def _not_found_twice(violations: list[CheckItem], findings: list[Finding]) -> list[CheckItem]:
    """The violations without those a finding of the analysis reports already (:data:`_SHAPE_FINDINGS`)."""
    found = {(f.kind, s) for f in findings for s in f.subjects}
    return [
        v
        for v in violations
        if not (v.detail and (kind := _SHAPE_FINDINGS.get(v.detail[0])) and any((kind, s) in found for s in v.subjects))
    ]


def _shacl_items(model: Model, lang: str) -> list[CheckItem]:
    from ontology import validate

    items = []
    for issue in validate(model.to_rdflib(), lang=lang).issues:
        if issue.severity != "violation":
            continue  # SHACL warnings and infos do not fail a model (as in `validate`)
        subjects = (issue.focus,) if issue.focus else ()
        path = issue.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if issue.path else None
        message = issue.message + (f" ({path}: {issue.value})" if path and issue.value is not None else "")
        detail = (issue.shape or "", issue.path or "", issue.value or "")
        items.append(
            CheckItem("shacl-violation", "validation", "error", subjects, (), message, None, None, detail=detail)
        )
    return items


class _Locator:
    """Where the first placed subject of a finding is defined.

    YAML and spreadsheets: the line or sheet row the loader recorded. N-Triples: the
    first line with the element as subject (one pass over the file, for the subjects
    still unplaced: 0.5 s for a 65 MB file). Other RDF: the file, when it is the one
    unplaced input; with several, which one defines an element is not known without parsing.
    """

    def __init__(self, model: Model, subjects: set[str]) -> None:
        self.positions = model.positions
        placed = {position.file for position in model.positions.values()}
        files = [s for s in model.sources if s not in placed and s != "-" and Path(s).is_file()]
        self.found: dict[str, Position] = {}
        missing = {s for s in subjects if s not in self.positions}
        for file in files:
            if missing and file.lower().endswith(".nt"):
                self.found.update(_ntriples_lines(file, missing))
                missing -= self.found.keys()
        self.fallback = Position(files[0]) if len(files) == 1 else None

    def __call__(self, subjects: tuple[str, ...]) -> Position | None:
        for subject in subjects:
            position = self.positions.get(subject) or self.found.get(subject)
            if position is not None:
                return position
        return self.fallback if subjects else None


def _ntriples_lines(file: str, wanted: set[str]) -> dict[str, Position]:
    """The first line of ``file`` (N-Triples) whose subject is each of ``wanted`` (IRIs written without escapes)."""
    keys = {f"<{iri}>".encode("utf-8"): iri for iri in wanted}
    found: dict[str, Position] = {}
    with open(file, "rb") as handle:
        for number, line in enumerate(handle, 1):
            if line[:1] == b"<":
                end = line.find(b">")
                iri = keys.get(line[: end + 1]) if end > 0 else None
                if iri is not None and iri not in found:
                    found[iri] = Position(file, number)
                    if len(found) == len(keys):
                        break
    return found


def _location_dict(position: Position | None) -> dict[str, Any] | None:
    if position is None:
        return None
    if position.sheet is not None:
        return {"file": position.file, "sheet": position.sheet, "row": position.line}
    return {"file": position.file, "line": position.line}


def _waiver_dict(waiver: Waiver) -> dict[str, Any]:
    return {
        "kind": waiver.kind,
        "subjects": list(waiver.subjects),
        "reason": waiver.reason,
        "expires": waiver.expires.isoformat() if waiver.expires else None,
        "file": waiver.file,
        "line": waiver.line,
    }


def _where(position: Position | None, lang: str) -> str:
    """``file:line`` (YAML, RDF), or ``file:row (sheet 'S', row R)`` for a spreadsheet row."""
    if position is None:
        return ""
    if position.sheet is not None:
        return f"{position.file}:{position.line}: {CHECK_TEXT[lang]['sheet_row'].format(sheet=position.sheet, row=position.line)}: "
    return f"{position.file}:{position.line}: " if position.line else f"{position.file}: "


def _waiver_line(result: CheckResult, waiver: Waiver, what: str) -> str:
    words = CHECK_TEXT[result.lang]
    text = words[what].format(
        expires=waiver.expires.isoformat() if waiver.expires else "",
        kind=waiver.kind,
        subjects=", ".join(waiver.subjects),
        reason=one_line(waiver.reason),
    )
    return f"{waiver.file}:{waiver.line}: {text}"


# -- the formats ---------------------------------------------------------------


def render(result: CheckResult, fmt: str) -> str:
    """``result`` in one of :data:`FORMATS`."""
    return "".join(render_chunks(result, fmt))


def render_chunks(result: CheckResult, fmt: str) -> Iterator[str]:
    """``result`` in ``fmt``, in pieces to write as they come (JSON and SARIF result by result)."""
    with gc_paused():  # 112,000 findings at national scale: see ontology.gc
        if fmt == "json":
            yield from json_chunks(_json_document(result))
        elif fmt == "sarif":
            yield from _sarif_chunks(result)
        else:
            yield {"text": render_text, "junit": render_junit}[fmt](result)


def verdict_line(result: CheckResult) -> str:
    """The one-line summary `check` prints on standard error."""
    words = CHECK_TEXT[result.lang]
    waived = words["waived_count"].format(count=len(result.waived)) if result.waived else ""
    if result.decided:
        waived += ", " + DECISION_WORDS[result.lang]["count"].format(n=len(result.decided))
    failing = len(result.failing)
    key = "failed" if failing else "passed"
    # passed: every finding is below the level, waived or decided, and the counts add up to the total
    total = len(result.items) - (len(result.waived) + len(result.decided) if not failing else 0)
    # the level in the reader's language ('fejl', not 'error', in a Danish sentence)
    level = SEVERITY_WORDS[result.lang].get(result.fail_on, result.fail_on)
    return words[key].format(failing=failing, total=total, level=level, waived=waived)


def render_text(result: CheckResult) -> str:
    """The findings at or above --fail-on, one a line (``file:line: severity: kind: message``), then the waivers."""
    severity = SEVERITY_WORDS[result.lang]
    words = CHECK_TEXT[result.lang]
    lines = []
    for item in result.items:
        if _RANK[item.severity] > _RANK[result.fail_on]:
            continue
        line = f"{_where(item.location, result.lang)}{severity[item.severity]}: {_kind_word(item.kind, result.lang)}: {one_line(item.message)}"
        if item.waiver is not None:
            line += f" [{words['waived']}: {one_line(item.waiver.reason)}]"
        if item.decision is not None:
            line += f" [{_decision_note(item.decision, result.lang)}]"
        lines.append(line)
    lines += [_waiver_line(result, w, "expired") for w in result.expired]
    lines += [_waiver_line(result, w, "stale") for w in result.stale]
    if result.duplicates:  # one line: how the duplicates group, whatever --fail-on shows of them
        lines.append(duplicates_line(result.duplicates, result.lang))
    lines += [_stale_decision_line(d, result.lang) for d in result.stale_decisions]
    return "".join(line + "\n" for line in lines)


def duplicates_line(triage: DuplicateTriage, lang: str) -> str:
    """The one line of `check --format text` on the duplicates: clusters, plan pairs, findings, the largest cluster.

    >>> from alignment.context import Labels
    >>> from alignment.triage import duplicate_triage
    >>> t = duplicate_triage([Finding("duplicate-goal", "warning", ("ex:a", "ex:b"), ("ex:p", "ex:q"), "…", 0.8)],
    ...                      Labels({"ex:a": "Flere i job", "ex:b": "Flere i arbejde"}))
    >>> duplicates_line(t, "da")
    '1 dubletklynge på tværs af 1 planpar (1 dubletfund); den største: dup-goal-1 «Flere i arbejde» (2 elementer)'
    """
    largest = max(triage.clusters, key=lambda c: len(c.members))
    findings = sum(c.pairs for c in triage.clusters)
    return one_line(
        CHECK_TEXT[lang]["duplicates"].format(
            clusters=counted(len(triage.clusters), "duplicate_cluster", lang),
            pairs=counted(len(triage.plan_pairs), "plan_pair", lang),
            findings=counted(findings, "duplicate_finding", lang),
            label=f"{largest.id} «{largest.label}»",
            size=counted(len(largest.members), "element", lang),
        )
    )


def _decision_note(decision: Decision, lang: str) -> str:
    """``decided: not duplicate: the reason`` (the reason only when there is one)."""
    words = DECISION_WORDS[lang]
    note = f"{words['decided']}: {words[decision.verdict]}"
    return note + (f": {one_line(decision.reason)}" if decision.reason else "")


def _stale_decision_line(decision: Decision, lang: str) -> str:
    """``file:line: decision that matches no finding (…) for a, b``."""
    words = DECISION_WORDS[lang]
    text = words["stale"].format(verdict=words[decision.verdict], subjects=", ".join(decision.subjects))
    if decision.file is None:
        return f"{words['in_model']}: {one_line(text)}"
    where = f"{decision.file}:{decision.line}" if decision.line else decision.file
    return f"{where}: {one_line(text)}"


def _kind_word(kind: str, lang: str) -> str:
    """The kind as a text line shows it: its title in Danish (``modstridende måltal``); the code in English.

    The English code is kept because a waiver file and SARIF name kinds by code, and it
    reads as English already; a Danish reader meets no English code in a Danish line.
    """
    if lang == "en":
        return kind
    title = KIND_TITLES[lang].get(kind)
    return title[0] if title else RULE_TITLES[lang].get(kind, kind)


def render_json(result: CheckResult) -> str:
    """``{"summary", "findings", "waivers": {"expired", "stale"}}``, each finding as in `analyze --format json` plus location."""
    return render(result, "json")


def _json_document(result: CheckResult) -> dict[str, Any]:
    return {
        "summary": result.summary(),
        "findings": ObjectRows(result.items, CheckItem.to_dict),
        "waivers": {
            "expired": [_waiver_dict(w) for w in result.expired],
            "stale": [_waiver_dict(w) for w in result.stale],
        },
        "decisions": {"stale": [d.to_dict() for d in result.stale_decisions]},
    }


@functools.lru_cache(maxsize=256)
def _uri(file: str) -> str:
    """A file as a SARIF artifact URI: relative to the working directory when under it, else absolute.

    >>> _uri("/tmp/min plan.yaml")
    'file:///tmp/min%20plan.yaml'
    """
    path = Path(file).resolve()
    try:
        return quote(path.relative_to(Path.cwd().resolve()).as_posix(), safe="/")
    except ValueError:
        return path.as_uri()


def _sarif_level(severity: str) -> str:
    return SARIF_LEVEL.get(severity, "none")


def render_sarif(result: CheckResult) -> str:
    """One SARIF 2.1.0 run: a rule per kind, a result per finding, waivers as external suppressions."""
    return render(result, "sarif")


def _sarif_log(result: CheckResult) -> dict[str, Any]:
    lang = result.lang
    titles = RULE_TITLES[lang]
    rules = []
    for kind in CHECK_KINDS:
        severity = result.severities.get(kind, "error")
        rule: dict[str, Any] = {
            "id": kind,
            "name": "".join(part.capitalize() for part in kind.split("-")),
            "shortDescription": {"text": titles[kind]},
            "defaultConfiguration": {"level": _sarif_level(severity), "enabled": severity != "off"},
            "properties": {"group": KINDS.get(kind, "validation")},
        }
        rules.append(rule)
    index = {kind: i for i, kind in enumerate(CHECK_KINDS)}

    def sarif_result(item: CheckItem) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "ruleId": item.kind,
            "ruleIndex": index[item.kind],
            "level": _sarif_level(item.severity),
            "message": {"text": without_controls(item.message)},
            "partialFingerprints": {"stratalignFinding/v1": item.fingerprint()},
        }
        if item.cluster is not None:
            entry["properties"] = {"cluster": item.cluster}
        location: dict[str, Any] = {}
        if item.location is not None and not item.location.file.startswith("<"):  # <stdin> is no artifact
            physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(item.location.file)}}
            if item.location.line:
                physical["region"] = {"startLine": item.location.line}
            if item.location.sheet is not None:
                physical["properties"] = {"sheet": item.location.sheet, "row": item.location.line}
            location["physicalLocation"] = physical
        if item.subjects:
            location["logicalLocations"] = [
                {"fullyQualifiedName": iri, "name": result.labels.get(iri, lang), "kind": "element"}
                for iri in item.subjects
            ]
        if location:
            entry["locations"] = [location]
        if item.waiver is not None:
            entry["suppressions"] = [{"kind": "external", "status": "accepted", "justification": item.waiver.reason}]
        elif item.decision is not None:
            # a person's decision kept outside the model's text: SARIF's external suppression
            suppression: dict[str, Any] = {"kind": "external", "status": "accepted"}
            suppression["justification"] = item.decision.reason or DECISION_WORDS[lang][item.decision.verdict]
            if item.decision.file is not None and not item.decision.file.startswith("<"):
                place: dict[str, Any] = {"artifactLocation": {"uri": _uri(item.decision.file)}}
                if item.decision.line:
                    place["region"] = {"startLine": item.decision.line}
                suppression["location"] = {"physicalLocation": place}
            suppression["properties"] = {"verdict": item.decision.verdict}
            entry["suppressions"] = [suppression]
        return entry

    notifications = [
        {
            "level": "warning",
            "message": {"text": _waiver_line(result, w, what)},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": _uri(w.file)}, "region": {"startLine": w.line}}}
            ],
        }
        for what, waivers in (("expired", result.expired), ("stale", result.stale))
        for w in waivers
    ]
    notifications += [
        {
            "level": "warning",
            "message": {"text": _stale_decision_line(d, lang)},
            **(
                {
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": _uri(d.file)},
                                **({"region": {"startLine": d.line}} if d.line else {}),
                            }
                        }
                    ]
                }
                if d.file is not None
                else {}
            ),
        }
        for d in result.stale_decisions
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True, "exitCode": 0 if result.passed else 1}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "stratalign",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "language": lang,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "language": lang,
                "columnKind": "unicodeCodePoints",
                "results": ObjectRows(result.items, sarif_result),
            }
        ],
    }


_RESULTS = "\x00results\x00"


def _sarif_chunks(result: CheckResult) -> Iterator[str]:
    # The log is small but for its results: indented by the (pure-Python) indenting encoder,
    # with the results, one a line, written in its place by the C encoder (10x faster).
    log = _sarif_log(result)
    rows: ObjectRows = log["runs"][0]["results"]
    log["runs"][0]["results"] = _RESULTS
    text = json.dumps(log, ensure_ascii=False, indent=2)
    marker = json.dumps(_RESULTS)
    cut = text.index(marker)
    indent = text[text.rindex("\n", 0, cut) + 1 :].split('"', 1)[0] + "  "
    yield text[:cut]
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    separator = "[\n"
    for row in rows:
        yield separator + indent + encode(row)
        separator = ",\n"
    yield "[]" if separator == "[\n" else "\n" + indent[:-2] + "]"
    yield text[cut + len(marker) :] + "\n"


def _testcase_name(result: CheckResult, item: CheckItem) -> str:
    names = ", ".join(result.labels.get(iri, result.lang) for iri in item.subjects) or "-"
    return one_line(f"{item.kind}: {names}")


def render_junit(result: CheckResult) -> str:
    """JUnit XML: a testsuite per group, a testcase per finding (failure at or above --fail-on, skipped when waived).

    A kind without findings is one passing testcase, so that a clean model shows what was checked.
    """
    lang = result.lang
    words = CHECK_TEXT[lang]
    titles = {**GROUP_TITLES[lang], "validation": words["validation"]}
    root = ET.Element("testsuites", name="stratalign check")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    by_group: dict[str, list[CheckItem]] = {group: [] for group in (*GROUPS, "validation")}
    for item in result.items:
        by_group[item.group].append(item)
    for group, items in by_group.items():
        suite = ET.SubElement(root, "testsuite", name=titles[group])
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        kinds = [k for k in CHECK_KINDS if KINDS.get(k, "validation") == group]
        seen = {item.kind for item in items}
        for item in items:
            case = ET.SubElement(
                suite, "testcase", name=_testcase_name(result, item), classname=f"stratalign.{item.kind}"
            )
            if item.location is not None:
                case.set("file", item.location.file)
                if item.location.line:
                    case.set("line", str(item.location.line))
            message = one_line(item.message)
            if item.waiver is not None:
                ET.SubElement(case, "skipped", message=f"{words['waived']}: {one_line(item.waiver.reason)}")
                counts["skipped"] += 1
            elif item.decision is not None:
                ET.SubElement(case, "skipped", message=_decision_note(item.decision, lang))
                counts["skipped"] += 1
            elif result.fails(item):
                failure = ET.SubElement(case, "failure", message=message, type=item.severity)
                failure.text = (
                    f"{_where(item.location, lang)}{SEVERITY_WORDS[lang][item.severity]}: {item.kind}: {message}"
                )
                counts["failures"] += 1
            ET.SubElement(case, "system-out").text = message
            counts["tests"] += 1
        for kind in kinds:
            if kind not in seen and (group == "validation" or result.severities.get(kind) != "off"):
                ET.SubElement(suite, "testcase", name=f"{kind}: {words['no_findings']}", classname=f"stratalign.{kind}")
                counts["tests"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    waivers = [(w, "expired") for w in result.expired] + [(w, "stale") for w in result.stale]
    if waivers:
        suite = ET.SubElement(
            root,
            "testsuite",
            name="waivers",
            tests=str(len(waivers)),
            failures="0",
            errors="0",
            skipped=str(len(waivers)),
        )
        for waiver, what in waivers:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{what}: {waiver.kind}: {', '.join(waiver.subjects)}",
                classname="stratalign.waivers",
                file=waiver.file,
                line=str(waiver.line),
            )
            ET.SubElement(case, "skipped", message=_waiver_line(result, waiver, what))
        totals["tests"] += len(waivers)
        totals["skipped"] += len(waivers)
    if result.stale_decisions:
        suite = ET.SubElement(
            root,
            "testsuite",
            name="decisions",
            tests=str(len(result.stale_decisions)),
            failures="0",
            errors="0",
            skipped=str(len(result.stale_decisions)),
        )
        for decision in result.stale_decisions:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"stale: {', '.join(decision.subjects)}",
                classname="stratalign.decisions",
            )
            if decision.file is not None:
                case.set("file", decision.file)
                if decision.line:
                    case.set("line", str(decision.line))
            ET.SubElement(case, "skipped", message=_stale_decision_line(decision, lang))
        totals["tests"] += len(result.stale_decisions)
        totals["skipped"] += len(result.stale_decisions)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
