"""Danish meaning in duplicate detection: compound splitting, the shipped SKOS thesaurus, heads,
direction and negation, ``--thesaurus`` and ``[similarity] thesaurus``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import DCTERMS, RDF, SKOS

from alignment import load_config
from alignment.similarity import (
    DEFAULT_THRESHOLDS,
    SAT,
    TextItem,
    explain,
    find_similar_pairs,
    load_thesaurus,
    parse_thesaurus,
    shipped_thesaurus,
    split_compound,
)
from alignment.similarity.meaning import ALIGNED_FLOOR, adjust, analyse_meaning
from alignment.similarity.vectors import _prepare
from ontology import InputError
from stratalign.cli import cli as main

DATA = Path(__file__).parent / "data" / "similarity"
SHIPPED = Path(__file__).resolve().parents[1] / "alignment" / "similarity" / "thesaurus.ttl"
SA = rdflib.Namespace("https://w3id.org/stratalign#")


# ------------------------------------------------------------------ compounds


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        pytest.param("boligbyggeri", ("bolig", "byggeri"), id="boligbyggeri"),
        pytest.param("boligbyggeriet", ("bolig", "byggeri"), id="definite-ending"),
        pytest.param("turistovernatninger", ("turist", "overnatning"), id="plural-ending"),
        pytest.param("vindmølleindustrien", ("vindmølle", "industri"), id="vindmølleindustrien"),
        pytest.param("kontanthjælpsmodtagere", ("kontanthjælp", "modtager"), id="linking-s"),
        pytest.param("arbejdsulykker", ("arbejd", "ulykke"), id="linking-s-verb-stem"),
        pytest.param("cykeltrafikken", ("cykel", "trafik"), id="doubled-consonant"),
        pytest.param("erhvervsuddannelserne", ("erhverv", "uddannelse"), id="erne"),
        pytest.param("klimatilpasningsplan", ("klima", "tilpasning", "plan"), id="three-parts"),
        pytest.param("co2udledningen", ("co2", "udledning"), id="co2"),
        pytest.param("museumsgæster", ("museum", "gæst"), id="gæst"),
        pytest.param("børnefattigdommen", ("børn", "fattigdom"), id="linking-e-fattigdom"),
        pytest.param("kompetenceløft", ("kompetence", "løft"), id="løft"),
        pytest.param("læremidler", ("lære", "midler"), id="midler"),
        pytest.param("landsbyerne", (), id="a-word-of-its-own-is-no-split"),
        pytest.param("bolig", (), id="one-part"),
        pytest.param("xyzzyplugh", (), id="unknown"),
        pytest.param("a" * 5000, (), id="very-long"),
    ],
)
def test_split_compound(word: str, parts: tuple[str, ...]) -> None:
    assert split_compound(word) == parts


def test_the_head_is_the_last_part() -> None:
    assert split_compound("vindmølleindustrien")[-1] == "industri"


# ------------------------------------------------------------------ thesaurus


@pytest.fixture(scope="module")
def skos() -> rdflib.Graph:
    """The shipped thesaurus read by a third-party reader (rdflib), not by the code under test."""
    return rdflib.Graph().parse(SHIPPED, format="turtle")


def _concepts(g: rdflib.Graph) -> list[rdflib.term.Node]:
    return sorted(g.subjects(RDF.type, SKOS.Concept))


def test_every_concept_has_one_danish_preflabel_and_a_source(skos: rdflib.Graph) -> None:
    concepts = _concepts(skos)
    assert len(concepts) >= 80
    for c in concepts:
        da = [o for o in skos.objects(c, SKOS.prefLabel) if getattr(o, "language", None) == "da"]
        assert len(da) == 1, c
        assert list(skos.objects(c, DCTERMS.source)), c
        assert (c, SKOS.inScheme, None) in skos


def test_no_altlabel_is_another_concepts_preflabel(skos: rdflib.Graph) -> None:
    pref = {str(o).casefold(): c for c in _concepts(skos) for o in skos.objects(c, SKOS.prefLabel)}
    for c in _concepts(skos):
        for alt in skos.objects(c, SKOS.altLabel):
            assert pref.get(str(alt).casefold(), c) == c, (c, alt)


def test_links_point_at_concepts_and_directions_are_the_ontologys(skos: rdflib.Graph) -> None:
    concepts = set(_concepts(skos))
    for prop in (SKOS.broader, SA.oppositeDirectionOf):
        for s, o in skos.subject_objects(prop):
            assert s in concepts and o in concepts, (s, prop, o)
    assert set(skos.objects(None, SA.signals)) == {SA.Increase, SA.Decrease, SA.Maintain}


def test_every_shipped_label_finds_its_concept() -> None:
    terms = shipped_thesaurus()
    g = rdflib.Graph().parse(SHIPPED, format="turtle")
    from alignment.similarity.lexicon import normalize

    for c in _concepts(g):
        for label in [*g.objects(c, SKOS.prefLabel), *g.objects(c, SKOS.altLabel)]:
            if getattr(label, "language", None) == "da":
                assert terms.concept_of(normalize(str(label))) == str(c), label


@pytest.mark.parametrize(
    ("ttl", "line", "problem"),
    [
        pytest.param("bad-syntax.ttl", 6, "Turtle syntax error", id="syntax"),
        pytest.param("no-preflabel.ttl", 3, "no skos:prefLabel", id="no-preflabel"),
    ],
)
def test_a_bad_thesaurus_names_file_and_line(ttl: str, line: int, problem: str) -> None:
    with pytest.raises(InputError) as err:
        load_thesaurus([DATA / ttl])
    assert err.value.line == line and problem in err.value.problem and ttl in err.value.file


def test_a_label_that_is_another_concepts_preflabel_is_refused() -> None:
    ttl = b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://e/a> a skos:Concept ; skos:prefLabel "bolig"@da .
<http://e/b> a skos:Concept ; skos:prefLabel "hus"@da ; skos:altLabel "bolig"@da ."""
    with pytest.raises(InputError, match="is the skos:prefLabel of <http://e/a>"):
        parse_thesaurus(ttl, "two.ttl")


# ------------------------------------------------------------------ false alarms


def _pair_score(a: str, b: str, kind: str = "goal", **kw: object) -> float:
    items = [TextItem("a", a, frozenset({"p1"})), TextItem("b", b, frozenset({"p2"}))]
    found = find_similar_pairs(items, 0.0, **kw)  # type: ignore[arg-type]
    return found[0].score if found else 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            "Flere nye boliger i landsbyerne", "Flere nye arbejdspladser i landsbyerne", id="shared-frame-other-head"
        ),
        pytest.param("Bevare de grønne arealer", "Flere grønne arealer", id="bevare-vs-flere"),
        pytest.param(
            "Kommunen skal ikke bygge flere parkeringspladser i midtbyen",
            "Flere parkeringspladser i midtbyen",
            id="negation-skal-ikke",
        ),
        pytest.param(
            "Flere elever skal vælge en erhvervsuddannelse",
            "Færre elever skal vælge en erhvervsuddannelse",
            id="flere-vs-færre",
        ),
        pytest.param("Mentorordning for unge uden uddannelse", "Mentorordning for unge i uddannelse", id="uden"),
        pytest.param(
            "Flere borgere skal være selvforsørgende",
            "Flere borgere på offentlig forsørgelse",
            id="antonym-same-direction",
        ),
        pytest.param(
            "Etablering af et sundhedshus i Ribe", "Etablering af et kulturhus i Ribe", id="compound-modifier"
        ),
        pytest.param("Færre trafikulykker", "Færre arbejdsulykker", id="compound-head-shared"),
        pytest.param("120.000 borgere i 2020", "125.000 borgere i 2020", id="other-number-is-another-target"),
        pytest.param(
            "Modernisering af biblioteket i Gørding", "Lukning af biblioteket i Gørding", id="renovate-vs-close"
        ),
        pytest.param(
            "Flere lærepladser i industrien", "Flere studiepladser i industrien", id="compound-term-other-modifier"
        ),
        pytest.param("Flere praktikpladser til ledige", "Flere studiepladser til ledige", id="praktik-vs-studie"),
        # batch 3 (session 9)
        # creation vs closure, no direction word: etablering/oprettelse signal sa:Increase
        pytest.param(
            "Etablering af et værested for unge i Bramming",
            "Lukning af værestedet for unge i Bramming",
            id="etablering-vs-lukning",
        ),
        pytest.param(
            "Oprettelse af en natbus til Ribe", "Nedlæggelse af natbussen til Ribe", id="oprettelse-vs-nedlæggelse"
        ),
        pytest.param("Oprettelse af et borgerpanel", "Afvikling af borgerpanelet", id="oprettelse-vs-afvikling"),
        # a negated change says no, also against a text with no direction word
        pytest.param(
            "Legepladserne i Tjæreborg skal ikke udvides", "Nye legepladser i Tjæreborg", id="ikke-udvides-vs-nye"
        ),
        pytest.param(
            "Antallet af ladestandere skal ikke øges", "Ladestandere ved alle skoler", id="ikke-øges-vs-undirected"
        ),
        # a capitalised common noun after a place name is the head, not part of the name
        pytest.param("Renovering af Varde Rådhus", "Renovering af Varde Bibliotek", id="place-rådhus-vs-bibliotek"),
        pytest.param("Udvidelse af Kolding Sygehus", "Udvidelse af Kolding Havn", id="place-sygehus-vs-havn"),
        pytest.param(
            "Flere passagerer i Billund Lufthavn", "Flere passagerer på Billund Station", id="place-lufthavn-vs-station"
        ),
        pytest.param("Ny p-plads ved Vejle Rådhus", "Ny p-plads ved Vejle Sygehus", id="place-rådhus-vs-sygehus"),
    ],
)
def test_false_alarms_are_no_duplicates(a: str, b: str) -> None:
    assert _pair_score(a, b) < DEFAULT_THRESHOLDS["goal"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("120.000 borgere i 2020", "Øge kommunens indbyggertal til 120.000", id="esbjerg-population"),
        pytest.param(
            "Flere borgere skal være selvforsørgende", "Færre borgere på offentlig forsørgelse", id="antonym-flip"
        ),
        pytest.param(
            "Sygefraværet blandt kommunens medarbejdere skal nedbringes",
            "Lavere sygefravær blandt de kommunalt ansatte",
            id="medarbejdere-ansatte",
        ),
        pytest.param(
            "Styrke de unges digitale kompetencer", "Unge skal have bedre digitale færdigheder", id="færdigheder"
        ),
        pytest.param("Flere cyklister i Esbjerg", "Cykeltrafikken i Esbjerg skal øges", id="cyklister-cykeltrafik"),
        pytest.param("Øge boligbyggeriet i landsbyerne", "Flere nye boliger i landsbyerne", id="boligbyggeri"),
        pytest.param(
            "Flere turistovernatninger i kommunen",
            "Øge antallet af overnattende turister i kommunen",
            id="turistovernatninger",
        ),
    ],
)
def test_true_duplicates_are_found(a: str, b: str) -> None:
    assert _pair_score(a, b) >= DEFAULT_THRESHOLDS["goal"]


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        pytest.param(
            "Flere ledige skal tage en uddannelse",
            "Øge antallet af ledige, der vælger en uddannelse",
            "goal",
            id="tage-vælge-are-frame",
        ),
        pytest.param(
            "Kompetenceløft af medarbejderne i hjemmeplejen",
            "Efteruddannelse af medarbejderne i hjemmeplejen",
            "initiative",
            id="kompetenceløft-efteruddannelse",
        ),
        pytest.param("Flere gæster på museet", "Flere museumsgæster", "goal", id="museumsgæster"),
        # batch 3 (session 9)
        pytest.param(
            "Etablering af et værested for unge", "Et nyt værested for unge", "initiative", id="etablering-ny"
        ),
        pytest.param(
            "Ny cykelparkering ved Vejle Station",
            "Cykelparkering ved stationen i Vejle",
            "initiative",
            id="place-station-is-a-head-both-ways",
        ),
        pytest.param("Genbrug af møbler", "Genanvendelse af møbler", "initiative", id="thesaurus-genbrug"),
        pytest.param("Flere borgere i beskæftigelse", "Flere skal i arbejde", "goal", id="thesaurus-i-arbejde"),
        pytest.param(
            "Færre unge uden en ungdomsuddannelse",
            "Unge skal have en ungdomsuddannelse",
            "goal",
            id="double-negative-is-no-no",
        ),
    ],
)
def test_paraphrases_found_since_session_8(a: str, b: str, kind: str) -> None:
    assert _pair_score(a, b) >= DEFAULT_THRESHOLDS[kind]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a narrower term against its broader one with another modifier: two kinds of health
        pytest.param(
            "Bedre psykisk sundhed blandt ældre",
            "Bedre sundhed og motion blandt ældre",
            id="narrower-vs-broader-and-another-word",
        ),
        pytest.param("Bedre psykisk sundhed blandt ældre", "Bedre tandsundhed blandt ældre", id="two-narrower-terms"),
        # a direction word as a compound modifier is a subject word: bygge|sag is no increase
        pytest.param(
            "Kortere ventetid på byggesager", "Kortere ventetid på handicapsager", id="modifier-bygge-is-a-subject"
        ),
        pytest.param("Færre borgere i hjemløshed", "Færre unge uden bolig", id="generic-borgere-is-no-match-for-unge"),
    ],
)
def test_batch3_swapped_subjects_lose_the_aligned_score(a: str, b: str) -> None:
    assert adjust(0.6, a, b, shipped_thesaurus()) < 0.6


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Færre borgere i hjemløshed", "Nedbringe hjemløsheden", id="borgere-i"),
        pytest.param("Flere borgere i fleksjob", "Flere fleksjob", id="borgere-flere"),
    ],
)
def test_the_population_in_general_over_on_one_side_is_no_subject(a: str, b: str) -> None:
    assert adjust(0.3, a, b, shipped_thesaurus()) >= ALIGNED_FLOOR


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Færre børn skal vokse op i fattigdom", "Nedbringe børnefattigdommen", id="børne-fattigdom"),
        pytest.param("Mere idræt for børn", "Øge børneidrætten", id="børne-idræt"),
    ],
)
def test_a_modifier_the_other_text_says_as_a_frame_word_aligns(a: str, b: str) -> None:
    # "børn" is a frame word on its own (set aside in a) but a modifier of b's compound: said on both sides
    assert adjust(0.2, a, b, shipped_thesaurus()) >= ALIGNED_FLOOR
    assert ("børn", "børn", "same word") in [(m["a"], m["b"], m["via"]) for m in explain(a, b, shipped_thesaurus())]


def test_a_frame_word_as_a_modifier_still_tells_two_kinds_apart() -> None:
    # neither text says "trafik" or "arbejde" on its own: the modifiers are two kinds of accidents
    assert adjust(0.5, "Færre trafikulykker", "Færre arbejdsulykker", shipped_thesaurus()) < 0.5


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Færre ledige, flere i job", "Færre ledige og flere i beskæftigelse"),
        ("Flere ledige i job", "Flere ledige i job"),
    ],
    ids=["job-and-ledige", "itself"],
)
def test_a_unit_said_on_both_sides_is_no_flip_against_its_opposite(a: str, b: str) -> None:
    """Regression: *job* matched *ledige* (its opposite) before *beskæftigelse*, so the aims came out
    opposite and the score 0, even for a text against itself."""
    assert adjust(0.3, a, b, shipped_thesaurus()) >= ALIGNED_FLOOR


def test_work_after_a_preposition_is_a_subject_not_the_frame_verb() -> None:
    t = shipped_thesaurus()
    # the destination is the subject: to work and to school are two goals (was 0.63, a duplicate)
    assert adjust(0.63, "Flere skal cykle til arbejde", "Flere skal cykle til skole", t) < 0.42
    # in work is in a job
    assert adjust(0.3, "Flere ledige i arbejde", "Flere ledige i job", t) >= ALIGNED_FLOOR
    # the verb frames the goal and says nothing of its subject
    assert [u.word for u in analyse_meaning("Vi vil arbejde for flere cykelstier", t).units] == ["cykelstier"]


def test_a_broader_term_without_a_word_over_still_aligns() -> None:
    # bus is narrower than kollektiv trafik, and nothing is over on either side: said more or less precisely
    a, b = "Flere passagerer i den kollektive trafik", "Flere passagerer i bybusserne"
    assert adjust(0.6, a, b, shipped_thesaurus()) == 0.6


def test_a_modifier_that_is_a_direction_word_says_no_direction() -> None:
    m = analyse_meaning("Genanvendelse af byggeaffald", shipped_thesaurus())
    assert m.direction is None
    assert "bygge" in [u.word for u in m.units]


def test_the_negated_side_without_a_direction_word_is_no_duplicate_of_a_positive() -> None:
    # "skal ikke ændres" (negated, no direction) against "Flere …" (a direction, no negation)
    assert adjust(0.8, "Busnettet skal ikke ændres", "Flere busruter i busnettet", shipped_thesaurus()) == 0.0


@pytest.mark.parametrize(
    ("text", "units"),
    [
        pytest.param("Udarbejdelse af en cykelstrategi", ["cykel"], id="udarbejdelse-af"),
        pytest.param("Indførelse af affaldssortering", ["affaldssortering"], id="indførelse-af"),
        # A project name is written in title case: its capitalised compound is content, not a name.
        pytest.param("Projekt Sund Skolemad", ["sund", "skole", "mad"], id="projekt-name"),
        pytest.param(
            "Trafiksikring af skoleveje", ["trafik", "skoleveje"], id="sikring"
        ),  # skolevej is a thesaurus term
        pytest.param(
            "Udbredelse af velfærdsteknologi i hjemmeplejen", ["velfærdsteknologi", "hjemmeplejen"], id="udbredelse"
        ),
        pytest.param("Færre ældre skal føle sig ensomme", ["ældre", "ensomme"], id="føle-sig"),
        pytest.param(
            "Skaffe arbejdskraft, så virksomhederne får lettere ved at vokse",
            ["arbejdskraft", "virksomhederne"],
            id="skaffe",
        ),
    ],
)
def test_action_frame_words_of_initiatives_are_no_subject(text: str, units: list[str]) -> None:
    assert [u.word for u in analyse_meaning(text, shipped_thesaurus()).units] == units


def test_midtby_and_bymidte_are_one_term() -> None:
    matched = explain("Flere butikker i bymidten", "Flere butikker i midtbyen", shipped_thesaurus())
    assert {"a": "bymidten", "b": "midtbyen", "via": "bymidte"} in matched


def test_a_compound_shares_its_parts_with_the_plain_word_in_the_vectors() -> None:
    """The shipped compound parts split a word the corpus never writes apart (modtager)."""
    prep = _prepare(
        [
            TextItem("a", "Færre borgere på kontanthjælp", frozenset({"p1"})),
            TextItem("b", "Nedbringe antallet af kontanthjælpsmodtagere", frozenset({"p2"})),
        ]
    )
    # kontanthjælp is a thesaurus term: the shared feature is its concept
    assert "w:=kontanthjaelp" in prep.vector(0)
    assert "w:=kontanthjaelp" in prep.vector(1)


def test_a_thesaurus_word_is_a_compound_part_in_the_vectors() -> None:
    """'cykel' is a thesaurus term: 'cykelpolitik' shares it with 'cykeltrafik' though no text writes 'cykel' alone."""
    prep = _prepare([TextItem("a", "Udarbejdelse af en cykelpolitik", frozenset({"p1"}))])
    assert "w:=cykel" in prep.vector(0)


# ------------------------------------------------------------------ --thesaurus and stratalign.toml

STAFF = str(DATA / "staff.yaml")
USER = str(DATA / "user-thesaurus.ttl")


def _duplicates(args: list[str]) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["analyze", STAFF, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return [f for f in json.loads(result.stdout)["findings"] if f["kind"] == "duplicate-goal"]


def test_a_user_synonym_makes_a_pair_a_duplicate() -> None:
    assert _duplicates([]) == []
    found = _duplicates(["--thesaurus", USER])
    assert len(found) == 1
    assert {"a": "hænder", "b": "medarbejdere", "via": "plejepersonale"} in found[0]["matched"]


def test_graph_draws_the_duplicate_a_user_synonym_makes(tmp_path: Path) -> None:
    def drawn(*args: str) -> bool:
        out = tmp_path / "g.json"
        result = CliRunner().invoke(main, ["graph", STAFF, "--view", "overlap", "-o", str(out), *args])
        assert result.exit_code == 0, result.output
        return "duplicate-goal" in out.read_text(encoding="utf-8")

    assert not drawn()
    assert drawn("--thesaurus", USER)


def test_the_thesaurus_setting_in_stratalign_toml(tmp_path: Path) -> None:
    (tmp_path / "terms.ttl").write_bytes(Path(USER).read_bytes())
    (tmp_path / "stratalign.toml").write_text('[similarity]\nthesaurus = ["terms.ttl"]\n', encoding="utf-8")
    assert load_config(tmp_path / "stratalign.toml").thesaurus == (str(tmp_path / "terms.ttl"),)
    assert len(_duplicates(["--config", str(tmp_path / "stratalign.toml")])) == 1


@pytest.mark.parametrize("command", ["analyze", "check", "report", "graph"])
@pytest.mark.parametrize(
    ("ttl", "where"),
    [
        pytest.param("bad-syntax.ttl", "bad-syntax.ttl:6: Turtle syntax error", id="syntax"),
        pytest.param("no-preflabel.ttl", "no-preflabel.ttl:3: the concept", id="no-preflabel"),
        pytest.param("missing.ttl", "missing.ttl: cannot read the thesaurus", id="missing"),
    ],
)
def test_a_bad_thesaurus_is_exit_2_in_one_line(command: str, ttl: str, where: str) -> None:
    result = CliRunner().invoke(main, [command, STAFF, "--thesaurus", str(DATA / ttl)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and where in lines[0] and "Traceback" not in result.output


def test_a_bad_thesaurus_setting_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "stratalign.toml").write_text('[similarity]\nthesaurus = "terms.ttl"\n', encoding="utf-8")
    with pytest.raises(InputError, match="thesaurus must be a list") as err:
        load_config(tmp_path / "stratalign.toml")
    assert err.value.line == 2


def test_the_esbjerg_duplicate_says_which_words_matched() -> None:
    result = CliRunner().invoke(main, ["analyze", "--example", "esbjerg-2020", "--format", "json"])
    assert result.exit_code == 0
    found = [f for f in json.loads(result.stdout)["findings"] if f["kind"] == "duplicate-goal"]
    population = [f for f in found if any("120000-borgere" in s for s in f["subjects"])]
    assert len(population) == 1
    assert population[0]["matched"] == [{"a": "borgere", "b": "indbyggertal", "via": "indbygger"}]


def test_a_thesaurus_synonym_is_a_shared_feature_in_the_vectors() -> None:
    """'ledige' and 'arbejdsløse' share no stem but one thesaurus concept: both vectors carry it (in place of
    the stem), so the candidate search proposes the pair though the texts share no word."""
    prep = _prepare(
        [
            TextItem("a", "Færre ledige", frozenset({"p1"})),
            TextItem("b", "Lavere arbejdsløshed", frozenset({"p2"})),
            TextItem("c", "Udarbejdelse af en ledighedsplan", frozenset({"p3"})),
        ]
    )
    assert all("w:=ledighed" in prep.vector(i) for i in range(3))
    assert "w:=oege" not in prep.vector(0) and "w:=mindske" not in prep.vector(1)  # direction words are not subjects
    assert "w:ledig" not in prep.vector(0)  # one feature a token: the concept took the stem's place
    assert _pair_score("Færre ledige", "Lavere arbejdsløshed") >= ALIGNED_FLOOR


def test_broader_terms_are_read_up_the_chain() -> None:
    """skos:broader is transitive: bybus → bus → kollektiv trafik, in the shipped thesaurus and in a user's."""
    terms = shipped_thesaurus()
    assert terms.related(SAT + "bybus", SAT + "kollektivtrafik")
    assert not terms.related(SAT + "bybus", SAT + "tog")  # siblings under one broader term are not one subject
    user = parse_thesaurus(
        b"@prefix skos: <http://www.w3.org/2004/02/skos/core#> . "
        b'<http://e/a> a skos:Concept ; skos:prefLabel "natbus"@da ; skos:broader <https://w3id.org/stratalign/thesaurus#bybus> .',
        "u.ttl",
    )
    assert terms.merged(user).related("http://e/a", SAT + "kollektivtrafik")
