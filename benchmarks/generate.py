"""Deterministic synthetic national corpus: municipalities × strategies × goals, as N-Triples.

    python benchmarks/generate.py M -o benchmarks/data/national-M.nt
    python benchmarks/generate.py S --observations 5 -o S-obs.nt   # five observations per indicator
    python benchmarks/generate.py M --influences 10 -o M-inf.nt    # ten scored influences per goal

Sizes: XS = 2 municipalities (for a complete rdflib run), S = 10, M = 98 (all of Denmark), L = 980 (ten times the
country, for headroom). Each municipality has a vision (9 in 10 do), 10
strategies (most realize the vision), 30 goals per strategy with 0–5
initiatives each, indicators with baselines (not all) and targets, about 10 %
of goals shared between two strategies, near-duplicate Danish labels between
strategies, and some conflicts (opposite directions, hinders, trade-offs,
late initiatives, cancelled ones). Each municipality is an ``org:Organization``
("… Kommune") with its council and business council as ``org:subOrganizationOf`` it.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

SA = "https://w3id.org/stratalign#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
BASE = "https://w3id.org/stratalign/bench/"

SIZES = {"XS": 2, "S": 10, "M": 98, "L": 980}

TOPICS = {
    "borgere": ["indbyggertallet", "bosætningen", "tilflytningen af familier", "antallet af borgere"],
    "uddannelse": [
        "antallet af studerende",
        "uddannelsesniveauet",
        "studiemiljøet",
        "søgningen til erhvervsuddannelser",
    ],
    "erhverv": ["antallet af virksomheder i vækstforløb", "eksporten", "iværksætteriet", "investeringerne"],
    "beskæftigelse": ["beskæftigelsen", "jobmulighederne", "adgangen til kvalificeret arbejdskraft", "ledigheden"],
    "klima": ["CO2-udledningen", "energiforbruget", "genanvendelsen af affald", "klimatilpasningen"],
    "turisme": ["antallet af overnatninger", "kystturismen", "kulturturismen", "antallet af krydstogtsgæster"],
    "skole": ["de faglige resultater i folkeskolen", "trivslen i skolen", "inklusionen i skolen", "fritidstilbuddene"],
    "sundhed": ["den fysiske sundhed", "den mentale sundhed", "forebyggelsen", "rehabiliteringen"],
    "digital": ["den digitale selvbetjening", "bredbåndsdækningen", "velfærdsteknologien", "datadelingen"],
    "bolig": ["boligudbuddet", "studieboligerne", "de almene boliger", "byfornyelsen"],
    "kultur": ["kulturlivet", "idrætsfaciliteterne", "biblioteksbetjeningen", "foreningslivet"],
    "ældre": ["ensomheden blandt ældre", "hjemmeplejen", "plejecentrene", "demensindsatsen"],
    "energi": ["vindenergien", "fjernvarmen", "energimetropolen", "energiarbejdspladserne"],
    "trafik": ["den kollektive trafik", "cykelstierne", "vejnettet", "trafiksikkerheden"],
    "natur": ["naturbeskyttelsen", "de grønne områder", "biodiversiteten", "vandmiljøet"],
}
VERBS = ["Øge", "Styrke", "Udvikle", "Forbedre", "Fremme", "Sikre", "Udbygge", "Reducere", "Fordoble", "Løfte"]
QUALIFIERS = [
    "for børn og unge",
    "i landdistrikterne",
    "blandt ældre",
    "i midtbyen",
    "for virksomheder",
    "gennem partnerskaber",
    "med digitale løsninger",
    "i samarbejde med erhvervslivet",
    "for udsatte borgere",
    "i hele kommunen",
    "ved havnen",
    "for nye borgere",
]
ACTIONS = [
    "Partnerskab om",
    "Kampagne for",
    "Projekt om",
    "Netværk for",
    "Pulje til",
    "Analyse af",
    "Forsøg med",
    "Handleplan for",
]
STRATEGIES = [
    "Vækst",
    "Velfærd",
    "Klima",
    "Erhverv",
    "Uddannelse",
    "Sundhed",
    "Kultur",
    "Digitalisering",
    "Bosætning",
    "Turisme",
]
TOPIC_NAMES = list(TOPICS)
PLACE_STEMS = [
    "Ribe",
    "Vejle",
    "Holste",
    "Skive",
    "Tønder",
    "Fane",
    "Sorø",
    "Vordin",
    "Nyborg",
    "Hjørring",
    "Thiste",
    "Lemvig",
    "Odder",
    "Bille",
    "Grenå",
]
PLACE_ENDINGS = ["", "bro", "rup", "sted", "lev", "bjerg", "holm"]


def _iri(local: str) -> str:
    return f"<{BASE}{local}>"


def _lit(text: str, lang: str = "da") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}'


def _typed(value: str, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def generate(municipalities: int, seed: int = 2025, observations: int = 0, influences: int = 0):
    """Yield N-Triples lines, the same for the same arguments.

    ``observations`` adds that many yearly sa:Observation nodes per indicator (2019 on), drawn
    from a random generator of their own: the rest of the corpus is the same as without them.
    ``influences`` adds that many scored sa:Influence nodes per goal, on other goals of the same
    municipality, strengths -3..+3 (a cross-impact matrix as SDG Synergies scores one), also
    from a generator of their own.
    """
    rng = random.Random(seed)
    series_rng = random.Random(seed + 1)
    influence_rng = random.Random(seed + 2)
    sa = lambda name: f"<{SA}{name}>"  # noqa: E731
    for m in range(municipalities):
        name = f"{PLACE_STEMS[m % len(PLACE_STEMS)]}{PLACE_ENDINGS[m // len(PLACE_STEMS) % len(PLACE_ENDINGS)]}{'' if m < 98 else m}"
        mid = f"k{m:03d}"
        vision = _iri(f"{mid}/vision")
        has_vision = rng.random() < 0.9
        if has_vision:
            yield f"{vision} <{RDF_TYPE}> {sa('Vision')} ."
            yield f"{vision} <{LABEL}> {_lit(f'Vision 2030 for {name}')} ."
        council = _iri(f"{mid}/byraad")
        business = _iri(f"{mid}/erhvervsraad")
        # The municipality itself, the top organisation of its two actors: what
        # `--duplicates-within municipality` follows (no random draw: the rest is unchanged).
        municipality = _iri(f"{mid}/kommune")
        yield f"{municipality} <{RDF_TYPE}> <{ORG}Organization> ."
        yield f"{municipality} <{LABEL}> {_lit(f'{name} Kommune')} ."
        for actor, label in ((council, f"Byrådet i {name}"), (business, f"Erhvervsrådet i {name}")):
            yield f"{actor} <{RDF_TYPE}> {sa('Actor')} ."
            yield f"{actor} <{LABEL}> {_lit(label)} ."
            yield f"{actor} <{ORG}subOrganizationOf> {municipality} ."
        indicators: dict[str, list[str]] = {}
        for topic, objects in TOPICS.items():
            for k, obj in enumerate(objects):
                ind = _iri(f"{mid}/indikator/{topic}-{k}")
                indicators.setdefault(topic, []).append(ind)
                yield f"{ind} <{RDF_TYPE}> {sa('Indicator')} ."
                yield f"{ind} <{LABEL}> {_lit(f'Måling af {obj} i {name}')} ."
                if rng.random() < 0.7:
                    yield f"{ind} {sa('baseline')} {_typed(str(rng.randint(100, 100000)), 'integer')} ."
                    yield f"{ind} {sa('dataSource')} <https://www.statistikbanken.dk/{topic.upper()}{k}> ."
                level = series_rng.randint(100, 100000)
                for year in range(2019, 2019 + observations):
                    obs = _iri(f"{mid}/indikator/{topic}-{k}/observation/{year}")
                    level = max(0, level + series_rng.randint(-level // 20 - 1, level // 20 + 1))
                    yield f"{ind} {sa('hasObservation')} {obs} ."
                    yield f"{obs} <{RDF_TYPE}> {sa('Observation')} ."
                    yield f"{obs} {sa('observedYear')} {_typed(str(year), 'gYear')} ."
                    yield f"{obs} {sa('observedValue')} {_typed(str(level), 'integer')} ."
        previous_goals: list[str] = []
        unused: dict[str, list[tuple[int, str]]] = {}
        for s, strategy_name in enumerate(STRATEGIES):
            strategy = _iri(f"{mid}/strategi-{s}")
            yield f"{strategy} <{RDF_TYPE}> {sa('Strategy')} ."
            yield f"{strategy} <{LABEL}> {_lit(f'Strategi for {strategy_name} i {name}')} ."
            yield f"{strategy} {sa('owner')} {council if s % 2 else business} ."
            yield f"{strategy} {sa('end')} {_typed(str(2030 if s % 3 else 2026), 'gYear')} ."
            if has_vision and rng.random() < 0.9:
                yield f"{strategy} {sa('realizes')} {vision} ."
            for g in range(30):
                if previous_goals and rng.random() < 0.1:  # shared with an earlier strategy
                    yield f"{strategy} {sa('hasGoal')} {rng.choice(previous_goals)} ."
                    continue
                goal = _iri(f"{mid}/mål/{s}-{g}")
                topic = TOPIC_NAMES[(s * 7 + g) % len(TOPIC_NAMES)]
                # Distinct wording per municipality and topic, except ~5 % deliberate near-duplicates.
                combos = unused.setdefault(
                    topic, rng.sample([(k, q) for k in range(len(TOPICS[topic])) for q in QUALIFIERS], 48)
                )
                if combos and rng.random() > 0.05:
                    k, qualifier = combos.pop()
                else:
                    k, qualifier = rng.randrange(len(TOPICS[topic])), rng.choice(QUALIFIERS)
                obj = TOPICS[topic][k]
                number = rng.choice([100, 120000, 10000, 25, 150, 50])
                # Most real goals name their place; the rest read the same in every municipality.
                place = f" i {name}" if rng.random() < 0.7 else ""
                label = f"{rng.choice(VERBS)} {obj} {qualifier}{place}"
                yield f"{goal} <{RDF_TYPE}> {sa('Goal')} ."
                yield f"{goal} <{LABEL}> {_lit(label)} ."
                yield f"{strategy} {sa('hasGoal')} {goal} ."
                previous_goals.append(goal)
                indicator = indicators[topic][k]
                if rng.random() < 0.5:
                    target = _iri(f"{mid}/mål/{s}-{g}/target")
                    yield f"{goal} {sa('hasTarget')} {target} ."
                    yield f"{target} <{RDF_TYPE}> {sa('Target')} ."
                    yield f"{target} {sa('indicator')} {indicator} ."
                    yield f"{target} {sa('targetValue')} {_typed(str(number), 'integer')} ."
                    yield f"{target} {sa('targetYear')} {_typed(str(rng.choice([2025, 2030])), 'gYear')} ."
                    direction = "Decrease" if rng.random() < 0.05 else "Increase"
                    yield f"{target} {sa('direction')} {sa(direction)} ."
                elif rng.random() < 0.4:
                    yield f"{goal} {sa('measuredBy')} {indicator} ."
                if rng.random() < 0.01 and previous_goals:
                    yield f"{goal} {sa('conflictsWith')} {rng.choice(previous_goals)} ."
                for i in range(rng.choice((0, 0, 1, 1, 1, 1, 2, 2, 3, 5))):
                    initiative = _iri(f"{mid}/indsats/{s}-{g}-{i}")
                    yield f"{initiative} <{RDF_TYPE}> {sa('Initiative')} ."
                    yield f"{initiative} <{LABEL}> {_lit(f'{rng.choice(ACTIONS)} {obj} {rng.choice(QUALIFIERS)} i {name}')} ."
                    yield f"{strategy} {sa('hasInitiative')} {initiative} ."
                    yield f"{initiative} {sa('contributesTo')} {goal} ."
                    if rng.random() < 0.8:
                        yield f"{initiative} {sa('owner')} {council if i % 2 else business} ."
                    if rng.random() < 0.6:
                        status = rng.choice(["Planned", "Ongoing", "Completed", "Cancelled"])
                        yield f"{initiative} {sa('status')} {sa(status)} ."
                    if rng.random() < 0.3:
                        yield f"{initiative} {sa('end')} {_typed(str(rng.choice([2024, 2026, 2028, 2031])), 'gYear')} ."
                    if rng.random() < 0.01:
                        yield f"{initiative} {sa('hinders')} {rng.choice(previous_goals)} ."
        own_goals = sorted(set(previous_goals))
        for goal in own_goals if influences else ():
            others = [g for g in own_goals if g != goal]
            for k, target in enumerate(influence_rng.sample(others, min(influences, len(others)))):
                node = f"{goal[:-1]}/influence/{k}>"
                yield f"{node} <{RDF_TYPE}> {sa('Influence')} ."
                yield f"{node} {sa('influencer')} {goal} ."
                yield f"{node} {sa('influenced')} {target} ."
                yield f"{node} {sa('strength')} {_typed(str(influence_rng.randint(-3, 3)), 'integer')} ."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument(
        "--observations", type=int, default=0, metavar="N", help="observations per indicator (yearly from 2019)"
    )
    parser.add_argument(
        "--influences",
        type=int,
        default=0,
        metavar="N",
        help="scored influences per goal (on goals of its municipality)",
    )
    args = parser.parse_args(argv)
    if args.observations < 0:
        parser.error("--observations must be 0 or more")
    if args.influences < 0:
        parser.error("--influences must be 0 or more")
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    count = 0
    for line in generate(SIZES[args.size], observations=args.observations, influences=args.influences):
        out.write(line + "\n")
        count += 1
    if args.output:
        out.close()
        print(f"{count} triples → {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
