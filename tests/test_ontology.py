"""The OWL ontology ontology/stratalign.ttl: parses, declares every term of the core vocabulary
with Danish and English labels and definitions, and maps to BMM, ArchiMate,
W3C ORG, SKOS and DCTERMS."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ontology.validation import ontology_graph

TTL = Path(__file__).resolve().parents[1] / "ontology" / "stratalign.ttl"
SA = Namespace("https://w3id.org/stratalign#")
ONTOLOGY = URIRef("https://w3id.org/stratalign")
ORG = Namespace("http://www.w3.org/ns/org#")
BMM = Namespace("http://www.omg.org/spec/BMM#")
ARCHIMATE = Namespace("http://bp4mc2.org/def/archimate#")
QB = Namespace("http://purl.org/linked-data/cube#")
# A plain Namespace: rdflib's XSD warns when pytest probes module attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

# The core vocabulary (a contract: terms may be added, none changes meaning): term -> kind
CORE_CLASSES = ["Plan", "Vision", "Strategy", "Goal", "FocusArea", "Initiative", "Indicator", "Target", "Actor"]
CORE_OBJECT_PROPERTIES = [
    "realizes",
    "hasGoal",
    "hasInitiative",
    "contributesTo",
    "hinders",
    "conflictsWith",
    "measuredBy",
    "hasTarget",
    "indicator",
    "direction",
    "owner",
    "stakeholder",
    "status",
    "delegatedTo",
    "theme",
]
CORE_DATATYPE_PROPERTIES = ["targetValue", "targetYear", "baseline", "baselineYear", "start", "end"]
CORE_OTHER_PROPERTIES = ["dataSource", "document"]  # IRI or literal: an annotation property
CORE_INDIVIDUALS = {
    "Direction": ["Increase", "Decrease", "Maintain"],
    "Status": ["Planned", "Ongoing", "Completed", "Cancelled"],
}

# Added beyond the core.
# The second wave: observations over time.
EXTRA_CLASSES = ["Direction", "Status", "Finding", "Observation", "Evidence"]
EXTRA_OBJECT_PROPERTIES = [
    "subject",
    "plan",
    "hasObservation",
    "signals",  # this and the next: the thesauri's direction words
    "oppositeDirectionOf",
    "evidence",
]
EXTRA_DATATYPE_PROPERTIES = [
    "unit",
    "actualValue",
    "actualYear",
    "observedValue",
    "observedYear",
    "observedDate",
    "weight",
    "kind",
    "group",
    "severity",
    "message",
    "score",
    "page",
    "quote",
    "quoteStart",
    "quoteEnd",
    "confidence",
]

# Issue 20: signed influences (the Nilsson scale).
INFLUENCE_CLASSES = ["Influence"]
INFLUENCE_OBJECT_PROPERTIES = ["influencer", "influenced"]
INFLUENCE_DATATYPE_PROPERTIES = ["strength"]
EXTRA_CLASSES += INFLUENCE_CLASSES
EXTRA_OBJECT_PROPERTIES += INFLUENCE_OBJECT_PROPERTIES
EXTRA_DATATYPE_PROPERTIES += INFLUENCE_DATATYPE_PROPERTIES
# Issue 20's what-if and SDG terms (kept apart from the influence terms of the same wave).
WHATIF_OBJECT_PROPERTIES = ["alignsWith"]
WHATIF_DATATYPE_PROPERTIES = ["budget"]
# Issue 18: duplicate decisions (a plain symmetric triple, or a node that carries the reason).
DECISION_CLASSES = ["DuplicateDecision", "DuplicateVerdict"]
DECISION_OBJECT_PROPERTIES = ["notDuplicateOf", "duplicateOf", "decisionOn", "verdict"]
DECISION_INDIVIDUALS = ["NotDuplicate", "MergeAccepted"]
EXTRA_CLASSES += DECISION_CLASSES
EXTRA_OBJECT_PROPERTIES += DECISION_OBJECT_PROPERTIES

CLASSES = CORE_CLASSES + EXTRA_CLASSES
OBJECT_PROPERTIES = CORE_OBJECT_PROPERTIES + EXTRA_OBJECT_PROPERTIES + WHATIF_OBJECT_PROPERTIES
DATATYPE_PROPERTIES = CORE_DATATYPE_PROPERTIES + EXTRA_DATATYPE_PROPERTIES + WHATIF_DATATYPE_PROPERTIES
PROPERTIES = OBJECT_PROPERTIES + DATATYPE_PROPERTIES + CORE_OTHER_PROPERTIES
INDIVIDUALS = [i for members in CORE_INDIVIDUALS.values() for i in members] + DECISION_INDIVIDUALS
ALL_TERMS = CLASSES + PROPERTIES + INDIVIDUALS


@pytest.fixture(scope="module")
def g() -> Graph:
    return Graph().parse(TTL, format="turtle")


def _members(g: Graph, node) -> set:
    """The classes or datatypes named by a term, or by an owl:unionOf of them."""
    union = g.value(node, OWL.unionOf)
    if union is not None:
        return set(Collection(g, union))
    return {node}


def test_parses_with_rdflib_and_pyoxigraph(g: Graph) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(TTL), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(g) > 0


def test_packaged_copy_is_the_same_file(g: Graph) -> None:
    assert isomorphic(ontology_graph(), g)


def test_ontology_header(g: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY, OWL.versionIRI) == URIRef("https://w3id.org/stratalign/0.1.0")
    assert g.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    for prop in (DCTERMS.title, DCTERMS.description):
        assert {o.language for o in g.objects(ONTOLOGY, prop)} == {"da", "en"}
    assert g.value(ONTOLOGY, DCTERMS.license) is not None
    assert g.value(ONTOLOGY, DCTERMS.creator) is not None


@pytest.mark.parametrize("term", ALL_TERMS, ids=ALL_TERMS)
def test_term_has_labels_and_definitions_in_danish_and_english(g: Graph, term: str) -> None:
    iri = SA[term]
    for prop in (RDFS.label, SKOS.definition):
        langs = sorted(o.language or "" for o in g.objects(iri, prop))
        assert langs == ["da", "en"], f"{term} {prop}: {langs}"
    assert g.value(iri, RDFS.isDefinedBy) == ONTOLOGY


def test_every_sa_term_in_the_file_is_declared(g: Graph) -> None:
    used = {t for t in g.all_nodes() if isinstance(t, URIRef) and str(t).startswith(str(SA))}
    assert {SA[t] for t in ALL_TERMS} == used


@pytest.mark.parametrize("term", CLASSES, ids=CLASSES)
def test_classes_are_owl_classes(g: Graph, term: str) -> None:
    assert (SA[term], RDF.type, OWL.Class) in g


@pytest.mark.parametrize("term", PROPERTIES, ids=PROPERTIES)
def test_property_kind_domain_and_range(g: Graph, term: str) -> None:
    iri = SA[term]
    if term in OBJECT_PROPERTIES:
        assert (iri, RDF.type, OWL.ObjectProperty) in g
        assert (iri, RDF.type, OWL.DatatypeProperty) not in g
    elif term in DATATYPE_PROPERTIES:
        assert (iri, RDF.type, OWL.DatatypeProperty) in g
        assert (iri, RDF.type, OWL.ObjectProperty) not in g
    else:
        assert (iri, RDF.type, RDF.Property) in g
    assert g.value(iri, RDFS.domain) is not None, f"{term} has no rdfs:domain"
    assert g.value(iri, RDFS.range) is not None, f"{term} has no rdfs:range"


@pytest.mark.parametrize(
    ("term", "domain", "range_"),
    [
        ("realizes", {SA.Strategy}, {SA.Vision}),
        ("hasGoal", {SA.Plan}, {SA.Goal}),
        ("hasInitiative", {SA.Plan}, {SA.Initiative}),
        ("contributesTo", {SA.Initiative, SA.FocusArea, SA.Goal}, {SA.FocusArea, SA.Goal}),
        ("hinders", {SA.Initiative, SA.Goal}, {SA.Goal}),
        ("conflictsWith", {SA.Goal}, {SA.Goal}),
        ("measuredBy", {SA.Goal}, {SA.Indicator}),
        ("hasTarget", {SA.Goal}, {SA.Target}),
        ("indicator", {SA.Target}, {SA.Indicator}),
        ("direction", {SA.Target}, {SA.Direction}),
        ("owner", {SA.Plan, SA.Goal, SA.Initiative}, {SA.Actor, ORG.Organization}),
        ("stakeholder", {SA.Plan, SA.Initiative}, {SA.Actor, ORG.Organization}),
        ("status", {SA.Initiative}, {SA.Status}),
        ("delegatedTo", {SA.Goal}, {SA.Plan, SA.Actor, ORG.Organization}),
        ("theme", {OWL.Thing}, {SKOS.Concept}),
        ("targetValue", {SA.Target}, {XSD.integer, XSD.decimal, XSD.double}),
        ("targetYear", {SA.Target}, {XSD.gYear, XSD.integer}),
        ("baseline", {SA.Indicator}, {XSD.integer, XSD.decimal, XSD.double}),
        ("baselineYear", {SA.Indicator}, {XSD.gYear, XSD.integer}),
        ("actualValue", {SA.Indicator}, {XSD.integer, XSD.decimal, XSD.double}),
        ("actualYear", {SA.Indicator}, {XSD.gYear, XSD.integer}),
        ("hasObservation", {SA.Indicator}, {SA.Observation}),
        ("weight", {SA.Target}, {XSD.integer, XSD.decimal, XSD.double}),
        ("observedValue", {SA.Observation}, {XSD.integer, XSD.decimal, XSD.double}),
        ("observedYear", {SA.Observation}, {XSD.gYear, XSD.integer}),
        ("observedDate", {SA.Observation}, {XSD.date}),
        ("unit", {SA.Indicator, SA.Initiative}, {XSD.string, RDF.langString}),
        ("dataSource", {SA.Indicator}, {RDFS.Resource}),
        ("start", {SA.Plan, SA.Initiative}, {XSD.date, XSD.gYear}),
        ("end", {SA.Plan, SA.Initiative}, {XSD.date, XSD.gYear}),
        ("kind", {SA.Finding}, {XSD.string}),
        ("group", {SA.Finding}, {XSD.string}),
        ("severity", {SA.Finding}, {XSD.string}),
        ("message", {SA.Finding}, {RDF.langString}),
        ("score", {SA.Finding}, {XSD.decimal}),
        ("subject", {SA.Finding}, {OWL.Thing}),
        ("plan", {SA.Finding}, {SA.Plan}),
        ("budget", {SA.Initiative}, {XSD.integer, XSD.decimal, XSD.double}),
        ("alignsWith", {OWL.Thing}, {RDFS.Resource}),
    ],
)
def test_domain_and_range_match_the_spec(g: Graph, term: str, domain: set, range_: set) -> None:
    assert _members(g, g.value(SA[term], RDFS.domain)) == domain
    assert _members(g, g.value(SA[term], RDFS.range)) == range_


def test_vision_and_strategy_are_plans(g: Graph) -> None:
    assert (SA.Vision, RDFS.subClassOf, SA.Plan) in g
    assert (SA.Strategy, RDFS.subClassOf, SA.Plan) in g


def test_conflicts_with_is_symmetric_and_contributes_to_is_not_transitive(g: Graph) -> None:
    assert (SA.conflictsWith, RDF.type, OWL.SymmetricProperty) in g
    assert (SA.contributesTo, RDF.type, OWL.TransitiveProperty) not in g


@pytest.mark.parametrize(("cls", "members"), sorted(CORE_INDIVIDUALS.items()))
def test_value_lists(g: Graph, cls: str, members: list[str]) -> None:
    for member in members:
        assert (SA[member], RDF.type, SA[cls]) in g
    one_of = g.value(g.value(SA[cls], OWL.equivalentClass), OWL.oneOf)
    assert list(Collection(g, one_of)) == [SA[m] for m in members]


# ---------------------------------------------------------------------------
# Mappings

MAPPINGS = (
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.relatedMatch,
    SKOS.exactMatch,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    OWL.equivalentClass,
)


def _mapped(g: Graph, term: URIRef) -> set[URIRef]:
    return {o for p in MAPPINGS for o in g.objects(term, p)}


@pytest.mark.parametrize(
    ("term", "target"),
    [
        # OMG BMM (OSLC RDF vocabulary)
        (SA.Vision, BMM.Vision),
        (SA.Strategy, BMM.Strategy),
        (SA.Goal, BMM.Goal),
        (SA.Target, BMM.Objective),
        (SA.Initiative, BMM.Tactic),
        (SA.FocusArea, BMM.CourseOfAction),
        (SA.Actor, BMM.OrganizationUnit),
        (SA.realizes, BMM.channelsEffortsToward),
        (SA.hasGoal, BMM.amplifiedBy),
        (SA.hasTarget, BMM.quantifiedBy),
        (SA.contributesTo, BMM.enablesEnd),
        # ArchiMate motivation, strategy and implementation elements
        (SA.Goal, ARCHIMATE.Goal),
        (SA.Vision, ARCHIMATE.Goal),
        (SA.Target, ARCHIMATE.Outcome),
        (SA.Strategy, ARCHIMATE.CourseOfAction),
        (SA.Initiative, ARCHIMATE.WorkPackage),
        (SA.Actor, ARCHIMATE.BusinessActor),
        (SA.Actor, ARCHIMATE.Stakeholder),
        (SA.realizes, ARCHIMATE.realization),
        (SA.contributesTo, ARCHIMATE.influence),
        # W3C ORG
        (SA.Actor, ORG.Organization),
        # DCTERMS
        (SA.dataSource, DCTERMS.source),
        (SA.theme, DCTERMS.subject),
        # W3C Data Cube: an observation of a one-measure cube over time
        (SA.Observation, QB.Observation),
        (SA.observedValue, QB.measure),
        (SA.observedYear, QB.dimension),
    ],
    ids=lambda x: str(x).rsplit("/", 1)[-1],
)
def test_mapping(g: Graph, term: URIRef, target: URIRef) -> None:
    assert target in _mapped(g, term)


def test_actor_is_an_org_organization(g: Graph) -> None:
    assert (SA.Actor, RDFS.subClassOf, ORG.Organization) in g


def test_skos_themes(g: Graph) -> None:
    assert g.value(SA.theme, RDFS.range) == SKOS.Concept


def test_archimate_elements_without_counterpart_are_documented(g: Graph) -> None:
    comments = " ".join(str(c) for c in g.objects(ONTOLOGY, RDFS.comment))
    for word in ("Driver", "Principle", "http://www.omg.org/spec/BMM#", "http://bp4mc2.org/def/archimate#"):
        assert word in comments
