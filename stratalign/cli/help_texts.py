"""Every ``--help`` text of the command line in Danish, and each command's one-line summary.

The English help is the click commands' own (docstrings and ``help=``): one
source, which the README's command reference is generated from
(``python -m stratalign.cli.docs``). ``DANISH[command][key]`` translates it:
the key ``""`` is the command's help, any other key an option's parameter
name; ``"*"`` holds the options many commands share (``--example``, ``--lang``,
…), a command's own key wins over it, and ``"stratalign"`` is the group
itself. ``SUMMARY[lang][command]`` is each command's line in
``stratalign --help``, kept here so that list is printed without importing
(and so loading) any command.

The language is the user's (:func:`help_lang`): ``--lang`` on the command line,
else the POSIX locale variables, else English.

>>> help_lang(["analyze", "--lang", "da", "--help"], {})
'da'
>>> help_lang(["--help"], {"LANG": "en_US.UTF-8", "LC_ALL": "da_DK.UTF-8"})
'da'
>>> short_help("en")["analyze"]
'Find overlaps, conflicts and coverage gaps.'
>>> help_text("da", "analyze", "lang")
'Sprog for etiketter og beskeder.'
>>> help_text("en", "analyze", "lang") is None  # English: the command's own text stands
True
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence, TypeVar

import click

__all__ = [
    "DANISH",
    "SUMMARY",
    "STOCK",
    "LANGS",
    "HELP_LANG",
    "HelpContext",
    "help_lang",
    "help_text",
    "localize",
    "short_help",
]

#: Where the group keeps the help language for its subcommands (``ctx.meta`` is shared down the chain).
HELP_LANG = "stratalign.help_lang"

LANGS = ("da", "en")

#: Each command's line in ``stratalign --help``, in both languages: the list is printed without importing the commands.
SUMMARY: dict[str, dict[str, str]] = {
    "da": {
        "analyze": "Find overlap, konflikter og huller i dækningen.",
        "check": "Exit 1, når fund når en alvorlighed (til CI).",
        "convert": "Omsæt en model til Turtle, N-Triples, JSON-LD, YAML, CSV eller XLSX.",
        "diff": "Sammenlign to versioner af en model.",
        "examples": "Vis de medfølgende eksempelmodeller.",
        "extract": "Skriv et udkast til en model ud fra strategidokumenter (PDF, DOCX, Markdown, tekst).",
        "graph": "Skriv en interaktiv grafvisning, eller eksportér grafen.",
        "import-observations": "Læs en tabel fra Statistikbanken som et målepunkts observationer.",
        "load": "Læg en model ind i en SPARQL 1.1-server.",
        "query": "Kør en SPARQL-forespørgsel eller en navngiven forespørgsel.",
        "report": "Skriv en selvstændig rapport i HTML (eller Markdown/JSON/PDF).",
        "restructure": "Foreslå én fælles vision over strategierne.",
        "serve": "Udbyd modellen skrivebeskyttet som et SPARQL 1.1-endpoint.",
        "template": "Skriv en tom regnearksskabelon (XLSX eller CSV).",
        "validate": "Kontrollér en model mod SHACL-formerne.",
        "whatif": "Se hvad der ændrer sig, hvis indsatser annulleres, elementer slås sammen eller planer droppes.",
    },
    "en": {
        "analyze": "Find overlaps, conflicts and coverage gaps.",
        "check": "Exit 1 when findings reach a severity (for CI).",
        "convert": "Convert a model to Turtle, N-Triples, JSON-LD, YAML, CSV or XLSX.",
        "diff": "Compare two versions of a model.",
        "examples": "List the bundled example models.",
        "extract": "Write a draft model from strategy documents (PDF, DOCX, Markdown, text).",
        "graph": "Write an interactive graph view, or export the graph.",
        "import-observations": "Read a Statbank table as an indicator's observations.",
        "load": "Push a model into a SPARQL 1.1 server.",
        "query": "Run a SPARQL query or a named query.",
        "report": "Write a self-contained HTML (or Markdown/JSON/PDF) report.",
        "restructure": "Propose one common vision over the strategies.",
        "serve": "Serve the model read-only as a SPARQL 1.1 endpoint.",
        "template": "Write an empty spreadsheet template (XLSX or CSV).",
        "validate": "Check a model against the SHACL shapes.",
        "whatif": "See what changes if initiatives are cancelled, elements merged or plans dropped.",
    },
}

#: The Danish help: ``DANISH[command][key]``; the English is the click commands' own (their docstrings and ``help=``).
DANISH: dict[str, dict[str, str]] = {
    "*": {
        "examples": "Et medfølgende eksempel (kan gentages); se `stratalign examples`.",
        "store_dir": "Gem tripler i et Oxigraph-lager på disken i mappen MAPPE: de navngivne filer erstatter, hvad det rummede; uden filer læses, hvad det rummer.",
        "endpoint": "Kør mod et eksisterende SPARQL 1.1-endpoint i stedet for at indlæse filer.",
        "graph_iri": "Med --endpoint: den navngivne graf, som rummer modellen.",
        "skip_bad_rows": "Regneark: læs de gode rækker og vis de afviste på stderr (standard: en afvist række giver exit 2).",
        "input_limits": "Hæv en grænse for input (kan gentages), fx depth=2000; navne: depth, aliases, digits, rdf-digits, json-depth, entities, cell-chars, xlsx-inflated, xlsx-ratio, xlsx-parts.",
        "lang": "Sprog for etiketter og beskeder.",
        "config_path": "Indstillingsfil (standard: ./stratalign.toml, hvis den findes).",
        "as_of": "Analyseåret: en indikator, hvis seneste måling ligger mere end [progress] stale_years (standard 2) år før, er forældet (standard: indeværende år).",
        "thesaurus": "En SKOS-tesaurus i Turtle (kan gentages): dens synonymer, bredere begreber og retninger tæller, når dubletter sammenlignes, efter den medfølgende og [similarity] thesaurus.",
        "duplicates_within": (
            "Hvilke planer der ledes efter dublerede mål og indsatser imellem: "
            "owner (de to planer har samme sa:owner); "
            "municipality (planernes ejere hører til samme øverste organisation, fulgt gennem org:subOrganizationOf "
            "og org:unitOf led for led; en plan, hvis kommune ikke kan afgøres, sammenlignes med alle planer); "
            "plan-family (de to planer realiserer gennem sa:realizes samme vision eller plan, eller den ene den anden); "
            "all (alle par af planer). Et par tæller, når en plan for det ene element og en plan for det andet er inden for rammen. "
            "Standard: [similarity] duplicates_within, ellers municipality."
        ),
        "decisions": "En fil med dubletafgørelser (kan gentages): Turtle eller en anden RDF-syntaks (sa:notDuplicateOf, sa:duplicateOf, sa:DuplicateDecision) eller YAML (- id: …, not_duplicate_of/duplicate_of: …, reason: …); de afgjorte par vises som afgjort, ikke som fund. Efter [decisions] files.",
        "output": "Skriv til FIL (standard: standardoutput).",
        "quiet": "Skriv ingen fremdrift og ingen 'skrev'-linje på stderr (fejl skrives stadig).",
    },
    "stratalign": {
        "": (
            "stratalign: find hvor strategier overlapper, er i konflikt og efterlader mål udækkede.\n\n"
            "Modeller er filer (.yaml .yml .ttl .trig .nt .nq .jsonld .rdf .owl .csv .xlsx, eller - for standardinput) eller\n"
            "--example NAVN for et medfølgende eksempel (se `stratalign examples`)."
        ),
        "debug": "Vis sporet (traceback) ved en intern fejl.",
        "version": "Vis versionen og afslut.",
    },
    "analyze": {
        "": (
            "Find overlap, konflikter og huller i dækningen i MODEL…\n\n"
            "\b\n"
            "  stratalign analyze --example esbjerg-2020\n"
            "  stratalign analyze plan.yaml --format json --lang en"
        ),
        "fmt": "Standard: efter endelsen på -o (.json, .ttl, .csv, .md), ellers tekst; en endelse, der siger noget andet, er en fejl.",
    },
    "check": {
        "": (
            "Exit 1, når MODEL… har fund på eller over --fail-on (ellers 0, 2 ved fejl i input).\n\n"
            "\b\n"
            "  stratalign check plan.yaml --fail-on warning\n"
            "  stratalign check plan.yaml --format sarif -o stratalign.sarif --waivers waivers.yaml"
        ),
        "fail_on": "Exit 1, når et fund (SHACL-overtrædelser medregnet) har denne alvorlighed eller værre og ikke er undtaget.",
        "fmt": (
            "text: de fejlende fund som fil:linje-linjer; json; sarif (SARIF 2.1.0, til kodescanning); "
            "junit (JUnit XML, til testrapporter). Standard: efter endelsen på -o (.json, .sarif, .xml), ellers text."
        ),
        "output": "Skriv fundene til FIL (standard: standardoutput).",
        "shacl": "Valider også mod SHACL-formerne; hver overtrædelse er en fejl.",
        "waivers_path": "YAML-liste over accepterede fund ({kind, subjects, reason, expires}); de vises som undtaget.",
    },
    "extract": {
        "": (
            "Skriv et udkast til en model ud fra DOKUMENT… (PDF, DOCX, Markdown, tekst) i YAML-formatet.\n\n"
            'Planer kommer fra titlerne, mål fra de sætninger, der udtrykker dem ("Målet er, at …",\n'
            '"… skal …", nummererede ambitioner), måltal med værdi, år og retning, fokusområder og\n'
            "indsatser fra lister under Fokusområder, Indsatser, Projekter …, og overdragelser fra\n"
            '"i … regi". Hvert element har sin kildehenvisning (dokument, side, nøjagtigt citat) og en\n'
            "sikkerhed; et mål, der findes igen i et andet dokument, er ét mål i begge planer. Teksten skal\n"
            "være dansk. Udkastet er mærket `draft: true`: kontrollér det mod kilderne.\n\n"
            "\b\n"
            "  stratalign extract vision2020.pdf vaekststrategi.docx -o draft.yaml\n"
            "  stratalign analyze draft.yaml"
        ),
        "output": "Skriv udkastet til FIL.yaml (standard: standardoutput).",
    },
    "convert": {
        "": (
            "Omsæt MODEL… (samlet i én graf) til et andet format.\n\n"
            "YAML skrives i den flade form af forfatterformatet; tripler uden egen nøgle\n"
            "gemmes som Turtle i blokken `rdf:`, så intet går tabt. CSV og XLSX skriver\n"
            "én række pr. element (docs/spreadsheets.md); hvad der ikke har en kolonne,\n"
            "kommer i arket `rdf` (XLSX) eller en `rdf`-række (CSV). XLSX kræver -o FIL."
        ),
        "target": "Outputformat.",
    },
    "diff": {
        "": (
            "Sammenlign GAMMEL med NY: mål og indsatser, der er bevaret, omdøbt, slået sammen,\n"
            "tilføjet, fjernet eller flyttet mellem planer, og ændrede måltal (værdi, år,\n"
            "retning, et tal erstattet af en vagere hensigt).\n\n"
            "Elementer parres efter IRI, så efter samme lokale id, så efter tekstlighed\n"
            "(scoren vises).\n\n"
            "\b\n"
            "  stratalign diff --old-example esbjerg-2020 --new-example esbjerg-2025\n"
            "  stratalign diff plan-2020.yaml plan-2025.xlsx --format html -o diff.html"
        ),
        "old_example": "Et medfølgende eksempel som den gamle version (i stedet for GAMMEL).",
        "new_example": "Et medfølgende eksempel som den nye version (i stedet for NY).",
        "fmt": "Standard: efter endelsen på -o (.json, .html), ellers tekst; en endelse, der siger noget andet, er en fejl.",
    },
    "whatif": {
        "": (
            "Hvad ændrer sig, hvis indsatser annulleres, elementer slås sammen eller planer droppes i MODEL…:\n"
            "løste, nye og uændrede fund; mål, der mister al dækning; dækning og fremdrift pr.\n"
            "plan før → efter; mål, der mister deres stærkeste positive påvirkning; det\n"
            "frigjorte budget.\n\n"
            "Et ID er modellens lokale id (som i YAML eller regnearket) eller en fuld IRI.\n\n"
            "\b\n"
            "  stratalign whatif --example esbjerg-2020 --cancel initiative/education-esbjerg\n"
            "  stratalign whatif plan.yaml --merge goal-a=goal-b --drop-plan climate --format html -o whatif.html"
        ),
        "cancel": "Annullér denne indsats, dette mål eller indsatsområde (kan gentages): det og dets forbindelser udgår, budgettet frigøres.",
        "merge": "Slå indsats eller mål A ind i B (kan gentages): A's forbindelser og måltal flyttes til B, "
        "B beholder sin egen etiket, A's budget lægges til B's.",
        "drop_plan": "Drop denne plan og de mål, indsatsområder og indsatser, kun den rummer (kan gentages).",
        "fmt": "Standard: efter endelsen på -o (.json, .md, .html), ellers tekst; en endelse, der siger noget andet, er en fejl.",
    },
    "examples": {
        "": "Vis de medfølgende eksempler; de kan bruges med --example NAVN overalt, hvor en model kan angives.",
        "show_path": "Vis også, hvor hver eksempelfil ligger.",
    },
    "graph": {
        "": (
            "Skriv en interaktiv grafvisning af MODEL…, eller eksportér grafen.\n\n"
            "HTML-filen åbner uden net i enhver browser: siden sender ingen forespørgsler.\n\n"
            "\b\n"
            "  stratalign graph --example esbjerg-2020 --view coverage -o coverage.html\n"
            "  stratalign graph --example esbjerg-2020 --view overlap --lang en -o overlap.html\n"
            "  stratalign graph --example esbjerg-2020 --colour progress -o progress.html\n"
            "  stratalign graph plan.yaml --view influence -o influences.html\n"
            "  stratalign graph plan.yaml -o plan.graphml          # til Gephi"
        ),
        "view": "Hvilken interaktiv visning (kun HTML); influence: krydspåvirkningsmatricerne for de scorede påvirkninger, hvert element op til 200 rækker og 200 kolonner, derover grupperet efter plan, med en knap til de 200 med mest påvirkning.",
        "colour": "progress: farv mål og planer efter deres fremdrift (nået, på sporet, bagud, af sporet, ingen data; intet måltal, når de intet har), med forklaring og status i hvert værktøjstip og under hver etiket. Et mål har den dårligste status blandt sine egne og sine delmåls måltal, en plan den dårligste blandt sine måls måltal, en vision også de strategiers, der realiserer den. graphml, gexf, json: tilføjer nodeattributten progress.",
        "fmt": "html: en interaktiv visning; graphml, gexf, json: hele grafen til Gephi og andre værktøjer. Standard: efter endelsen på -o, ellers html; en endelse, der siger noget andet, er en fejl.",
        "node_limit": "Over så mange elementer grupperer visningen dem og beder derefter om et filter (standard 2.000); --view influence: de rækker og kolonner, der vises én for én, før en akse grupperes efter plan (standard 200).",
    },
    "import-observations": {
        "": (
            "Læs TABEL, en download af én dataserie fra Statistikbanken, som et målepunkts observationer.\n\n"
            "TABEL er Danmarks Statistiks CSV-download (';', decimalkomma, en overskriftsrække;\n"
            "en kolonne TID eller en kolonne pr. periode) eller dens JSON-stat 2.0-download.\n"
            "Tidskoderne 2019, 2019K1, 2019H1 og 2019M01 bliver et år eller periodens første\n"
            "dag. Uden --model skrives listen `observations:`, som sættes ind under\n"
            "målepunktet; med --model skrives modellen med observationerne tilføjet (et år,\n"
            "modellen har med en anden værdi, er en fejl).\n\n"
            "\b\n"
            "  stratalign import-observations folk1a.csv --indicator indicator/indbyggertal\n"
            "  stratalign import-observations folk1a.json --indicator indicator/indbyggertal \\\n"
            "      --model plan.yaml --source https://www.statistikbanken.dk/FOLK1A -o plan.yaml"
        ),
        "indicator": "Id'et (eller IRI'en) på det målepunkt, tabellen måler.",
        "model_path": "Føj observationerne til MODEL, og skriv hele modellen som YAML.",
        "source": "Hvor tallene kommer fra, på hver observation (fx https://www.statistikbanken.dk/FOLK1A).",
    },
    "load": {
        "": (
            "Tilføj MODEL… (samlet i én graf) til en SPARQL 1.1-server.\n\n"
            "Bruger Graph Store-protokollen (POST, så triplerne lægges til dem, grafen\n"
            "allerede har), ellers SPARQL Update INSERT DATA. Analysér den derefter dér med\n"
            "`stratalign analyze --endpoint URL [--graph IRI]`.\n\n"
            "\b\n"
            "  stratalign load --example esbjerg-2020 --endpoint http://127.0.0.1:7878/query --graph https://example.org/esbjerg"
        ),
        "endpoint": "Serverens SPARQL-forespørgsels-URL, fx http://127.0.0.1:7878/query.",
        "graph_iri": "Den navngivne graf, der skal tilføjes til (standard: standardgrafen).",
        "store_url": "Dens Graph Store-URL, når den ikke kan udledes af --endpoint.",
        "update_url": "Dens SPARQL Update-URL, reserven når der ikke er en Graph Store.",
    },
    "query": {
        "": (
            "Kør en SPARQL 1.1-forespørgsel over MODEL…\n\n"
            "\b\n"
            "  stratalign query --example esbjerg-2020 --name goals-by-plan\n"
            "  stratalign query plan.yaml -q 'SELECT ?g WHERE { ?g a <https://w3id.org/stratalign#Goal> }' --format csv"
        ),
        "query_text": "Forespørgslens SPARQL-tekst.",
        "query_file": "En fil med forespørgslen (.rq).",
        "query_name": "En navngiven forespørgsel fra biblioteket (se --list).",
        "list_queries": "Vis de navngivne forespørgsler og afslut.",
        "fmt": "Output for SELECT/ASK (standard: efter endelsen på -o, ellers tabel); CONSTRUCT og DESCRIBE giver altid Turtle.",
    },
    "report": {
        "": (
            "Skriv en rapport om MODEL…: overblik, dækning, overlapsmatrix, konflikter, fund og dækningsgrafen.\n\n"
            "HTML-filen er selvstændig og åbner uden net.\n\n"
            "\b\n"
            "  stratalign report --example esbjerg-2020 -o rapport.html\n"
            "  stratalign report --example esbjerg-2020 --lang en --format md -o report.md\n"
            "  stratalign report --example esbjerg-2020 -o rapport.pdf"
        ),
        "fmt": "html, md, json eller pdf (udskrevet af Chromium). Standard: efter endelsen på -o, ellers html; en endelse, der siger noget andet, er en fejl.",
        "node_limit": "Over så mange elementer grupperer den indlejrede graf dem og beder derefter om et filter.",
    },
    "restructure": {
        "": (
            "Foreslå notatets struktur for MODEL…: én fælles vision øverst, fælles og\n"
            "dublerede mål løftet op til den eller slået sammen, hvert andet mål i præcis\n"
            "én strategi, indsatserne følger deres mål, ejerne bevares. To mål, der er\n"
            "afgjort ikke at være dubletter (sa:notDuplicateOf i modellen, --decisions,\n"
            "[decisions] files), slås aldrig sammen.\n\n"
            "Med -o og uden --explain skrives forklaringen på standardoutput.\n\n"
            "\b\n"
            "  stratalign restructure --example esbjerg-2020 -o forslag.yaml --explain forslag.md\n"
            "  stratalign analyze forslag.yaml"
        ),
        "output": "Skriv forslaget som en YAML-model (standard: standardoutput).",
        "explain_path": "Skriv forklaringen på hvert træk (Markdown for .md, tekst for .txt eller en endelse, der ikke angiver et format).",
        "config_path": "Indstillingsfil med grænserne for dubletter (standard: ./stratalign.toml, hvis den findes).",
    },
    "serve": {
        "": (
            "Udbyd MODEL… og dens fund skrivebeskyttet over SPARQL 1.1-protokollen.\n\n"
            "Forespørgselssiden er på / og endpointet på /sparql. Standardgrafen rummer\n"
            "modellen og fundene; fundene alene ligger i den navngivne graf\n"
            "https://w3id.org/stratalign/findings. Opdateringer og SERVICE afvises.\n\n"
            "Hver forespørgsel kontrolleres (opdatering, SERVICE, syntaks) og køres i en\n"
            "arbejdsproces; --timeout dækker begge, og en forespørgsel ud over den stoppes og får 503.\n"
            "SIGTERM eller Ctrl+C stopper serveren og alle arbejdsprocesser inden for cirka et\n"
            "sekund, også mens en forespørgsel kører (den får intet svar).\n\n"
            "\b\n"
            "  stratalign serve --example esbjerg-2020\n"
            "  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/sparql"
        ),
        "host": "Adressen, der lyttes på (0.0.0.0 åbner den for netværket).",
        "port": "Port (0: en vilkårlig ledig port).",
        "timeout": "Sekunder en forespørgsel må tage, kontrol og fortolkning medregnet, før den stoppes (503).",
        "max_rows": "Rækker (eller tripler) et resultat må have; flere skæres fra.",
        "cors": "Tillad forespørgsler fra andre domæner (Access-Control-Allow-Origin: *).",
        "workers": "Arbejdsprocesser til forespørgsler [standard: antal kerner, 2 til 4].",
        "quiet": "Log ikke hver forespørgsel på stderr.",
        "config_path": "Indstillingsfil for analysen (standard: ./stratalign.toml).",
    },
    "template": {
        "": (
            "Skriv en regnearksskabelon, der skal udfyldes (docs/spreadsheets.md).\n\n"
            "\b\n"
            ".xlsx: én projektmappe med arkene 'model' (tom: udfyld den),\n"
            "       'eksempel' (et udfyldt dansk eksempel) og 'kolonner' (hver kolonne\n"
            "       forklaret på dansk og engelsk).\n"
            ".csv:  FIL.csv (tom), FIL.eksempel.csv og FIL.kolonner.csv.\n\n"
            "\b\n"
            "  stratalign template -o plan.xlsx\n"
            "  stratalign analyze plan.xlsx"
        ),
        "output": "FIL.xlsx (én projektmappe) eller FIL.csv (tre CSV-filer).",
    },
    "validate": {
        "": (
            "Kontrollér MODEL… mod stratalign's SHACL-former; exit 1, når den ikke overholder dem.\n\n"
            "\b\n"
            "  stratalign validate --example horsens-2014\n"
            "  stratalign validate plan.ttl --format ttl -o rapport.ttl"
        ),
        "fmt": "text: grupperet efter element; ttl: den standardiserede sh:ValidationReport. Standard: efter endelsen på -o, ellers tekst.",
    },
}

#: click's own words in a help page (its headings, its --help option, the [default: …] marks).
STOCK: dict[str, dict[str, str]] = {
    "da": {
        "Usage: ": "Brug: ",
        "Options": "Tilvalg",
        "Commands": "Kommandoer",
        "Show this message and exit.": "Vis denne hjælp og afslut.",
        "default: ": "standard: ",
        "required": "påkrævet",
    },
    "en": {
        "Usage: ": "Usage: ",
        "Options": "Options",
        "Commands": "Commands",
        "Show this message and exit.": "Show this message and exit.",
        "default: ": "default: ",
        "required": "required",
    },
}


def help_lang(args: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language of the help: ``--lang`` in ``args``, else the first set of LC_ALL, LC_MESSAGES, LANG (POSIX order)."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg[7:] if arg.startswith("--lang=") else None
        if value in LANGS:
            return value
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:  # the first one set decides, even when it is English
            return "da" if value.lower().startswith("da") else "en"
    return "en"


def help_text(lang: str, command: str, key: str) -> str | None:
    """The ``lang`` help of ``key`` (an option's parameter name, or "" for the command) of ``command``.

    None for English, and for a text Danish lacks: the command's own (English) text stands.
    """
    if lang != "da":
        return None
    own = DANISH.get(command, {})
    if key in own:
        return own[key]
    return DANISH["*"].get(key) if key else None


def short_help(lang: str) -> dict[str, str]:
    """Each command's line in ``stratalign --help``."""
    return SUMMARY[lang]


C = TypeVar("C", bound=click.Command)

#: The attribute where :func:`localize` keeps a command's own (English) texts, to put them back.
_ENGLISH = "_stratalign_english"


def localize(command: C, name: str, lang: str) -> C:
    """Give ``command`` (registered as ``name``) and its options their help in ``lang``; returns it.

    Sets every text each time, so one process can show Danish, then English:
    the command's own texts are kept on it the first time and put back for English.
    """
    english = getattr(command, _ENGLISH, None)
    if english is None:
        english = {
            "": command.help,
            **{param.name: param.help for param in command.params if isinstance(param, click.Option) and param.name},
        }
        setattr(command, _ENGLISH, english)
    command.help = help_text(lang, name, "") or english[""]
    if name in SUMMARY[lang]:
        command.short_help = SUMMARY[lang][name]
    for param in command.params:
        if isinstance(param, click.Option) and param.name:
            param.help = help_text(lang, name, param.name) or english.get(param.name)
    if not isinstance(command, click.Group):
        command.context_class = HelpContext
    return command


#: The placeholders of the usage line and the options (click's metavars) in each help language; the
#: Danish texts name them so ("Skriv fundene til FIL", "Læs TABEL"). A word not listed stays as it is
#: (MODEL, URL, IRI, ID, N).
METAVARS: dict[str, dict[str, str]] = {
    "da": {
        "OPTIONS": "TILVALG",
        "COMMAND": "KOMMANDO",
        "ARGS": "ARGUMENTER",
        "NAME": "NAVN",
        "FILE": "FIL",
        "DIRECTORY": "MAPPE",
        "TABLE": "TABEL",
        "YEAR": "ÅR",
        "TEXT": "TEKST",
        "DOCUMENT": "DOKUMENT",
        "OLD": "GAMMEL",
        "NEW": "NY",
        # click's own for a number option with bounds (--port, --timeout, --limit)
        "INTEGER RANGE": "HELTAL",
        "FLOAT RANGE": "TAL",
        "INTEGER": "HELTAL",
        "FLOAT": "TAL",
    },
    "en": {},
}
# on the program's own option names, never on input; click's two-word metavars first
_PLACEHOLDER = re.compile(r"\b(?:INTEGER RANGE|FLOAT RANGE|[A-Z]{2,})\b")


def metavars(text: str, lang: str) -> str:
    """``text`` (a usage line or an option's names) with its placeholders in ``lang``.

    >>> metavars("[OPTIONS] TABLE", "da"), metavars("-o, --output FILE.yaml", "da"), metavars("[OPTIONS]", "en")
    ('[TILVALG] TABEL', '-o, --output FIL.yaml', '[OPTIONS]')
    >>> metavars("--port INTEGER RANGE", "da"), metavars("--timeout FLOAT RANGE", "da")
    ('--port HELTAL', '--timeout TAL')
    """
    table = METAVARS.get(lang) or {}
    return _PLACEHOLDER.sub(lambda m: table.get(m.group(0), m.group(0)), text) if table else text


class HelpFormatter(click.HelpFormatter):
    """click's formatter with its own words (headings, --help, [default: …]) in the help language."""

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.words = STOCK[lang]

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, metavars(args, self.lang), self.words["Usage: "] if prefix is None else prefix)

    def section(self, name: str):
        return super().section(self.words.get(name, name))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        words = self.words
        translated = []
        for term, text in rows:
            text = words.get(text, text)
            if text.endswith("]"):  # click's marks: "[default: da]", "[required]", "[default: 10; required]"
                text = text.replace("[default: ", "[" + words["default: "]).replace(
                    "required]", words["required"] + "]"
                )
            translated.append((metavars(term, self.lang), text))
        super().write_dl(translated, col_max, col_spacing)


class HelpContext(click.Context):
    """A context whose help page is in the language the group chose (``ctx.meta[HELP_LANG]``)."""

    def make_formatter(self) -> click.HelpFormatter:
        return HelpFormatter(
            self.meta.get(HELP_LANG, "en"), width=self.terminal_width, max_width=self.max_content_width
        )
