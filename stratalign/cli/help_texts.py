"""Every ``--help`` text of the command line, in Danish and English: one registry.

``HELP[lang][command][key]``: the key ``""`` is the command's help, ``"short"``
its line in ``stratalign --help``, any other key an option's parameter name.
``"*"`` holds the options many commands share (``--example``, ``--lang``, …);
a command's own key wins over it. ``"stratalign"`` is the group itself.

The language is the user's (:func:`help_lang`): ``--lang`` on the command line,
else the POSIX locale variables, else English.

>>> help_lang(["analyze", "--lang", "da", "--help"], {})
'da'
>>> help_lang(["--help"], {"LANG": "en_US.UTF-8", "LC_ALL": "da_DK.UTF-8"})
'da'
>>> help_text("en", "analyze", "short")
'Find overlaps, conflicts and coverage gaps.'
"""
from __future__ import annotations

from typing import Mapping, Sequence, TypeVar

import click

__all__ = ["HELP", "STOCK", "LANGS", "HELP_LANG", "HelpContext", "help_lang", "help_text", "localize", "short_help"]

#: Where the group keeps the help language for its subcommands (``ctx.meta`` is shared down the chain).
HELP_LANG = "stratalign.help_lang"

LANGS = ("da", "en")

HELP: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "*": {
            "examples": "A bundled example (repeatable); see `stratalign examples`.",
            "store_dir": "Keep the triples in an on-disk Oxigraph store in DIR.",
            "endpoint": "Run against an existing SPARQL 1.1 endpoint instead of loading files.",
            "graph_iri": "With --endpoint: the named graph that holds the model.",
            "skip_bad_rows": "Spreadsheets: read the good rows and list the rejected ones on stderr (default: any rejected row is exit 2).",
            "lang": "Language of labels and messages.",
            "config_path": "Settings file (default: ./stratalign.toml if present).",
            "output": "Write to FILE (default: standard output).",
            "quiet": "Print no progress and no 'wrote' line on standard error (errors still are).",
        },
        "stratalign": {
            "": (
                "stratalign: find where strategies overlap, conflict and leave goals uncovered.\n\n"
                "Models are files (.yaml .yml .ttl .nt .jsonld .csv .xlsx, or - for standard input) or\n"
                "--example NAME for a bundled example (see `stratalign examples`)."
            ),
            "debug": "Print the traceback of an internal error.",
            "version": "Show the version and exit.",
        },
        "analyze": {
            "": (
                "Find overlaps, conflicts and coverage gaps in MODEL…\n\n"
                "\b\n"
                "  stratalign analyze --example esbjerg-2020\n"
                "  stratalign analyze plan.yaml --format json --lang en"
            ),
            "short": "Find overlaps, conflicts and coverage gaps.",
            "fmt": "Default: from the -o suffix (.json, .ttl, .csv, .md), else text; a suffix that says otherwise is an error.",
        },
        "check": {
            "": "Exit 1 when MODEL… has findings at or above --fail-on (0 otherwise, 2 on bad input).",
            "short": "Exit 1 when findings reach a severity (for CI).",
            "fail_on": "Exit 1 when a finding (SHACL violations included) has this severity or worse and is not waived.",
            "fmt": (
                "text: the failing findings as file:line lines; json; sarif (SARIF 2.1.0, for code scanning); "
                "junit (JUnit XML, for test reports). Default: from the -o suffix (.json, .sarif, .xml), else text."
            ),
            "output": "Write the findings to FILE (default: standard output).",
            "shacl": "Also validate against the SHACL shapes; each violation is an error.",
            "waivers_path": "YAML list of accepted findings ({kind, subjects, reason, expires}); they are reported as waived.",
        },
        "convert": {
            "": (
                "Convert MODEL… (merged into one graph) to another format.\n\n"
                "YAML output uses the flat form of the authoring format; triples it has no\n"
                "key for are kept as Turtle in its `rdf:` block, so nothing is lost. CSV and\n"
                "XLSX write one row per element (docs/spreadsheets.md); what has no column\n"
                "goes to the `rdf` sheet (XLSX) or an `rdf` row (CSV). XLSX needs -o FILE."
            ),
            "short": "Convert a model to Turtle, N-Triples, JSON-LD, YAML, CSV or XLSX.",
            "target": "Output format.",
        },
        "diff": {
            "": (
                "Compare OLD with NEW: goals and initiatives kept, renamed, merged, added,\n"
                "dropped or moved between plans, and target changes (value, year,\n"
                "direction, a number replaced by a vaguer aim).\n\n"
                "Elements are matched by IRI, then by the same local id, then by text\n"
                "similarity (the score is shown).\n\n"
                "\b\n"
                "  stratalign diff --old-example esbjerg-2020 --new-example esbjerg-2025\n"
                "  stratalign diff plan-2020.yaml plan-2025.xlsx --format html -o diff.html"
            ),
            "short": "Compare two versions of a model.",
            "old_example": "A bundled example as the old version (instead of OLD).",
            "new_example": "A bundled example as the new version (instead of NEW).",
            "fmt": "Default: from the -o suffix (.json, .html), else text; a suffix that says otherwise is an error.",
        },
        "examples": {
            "": "List the bundled examples, usable with --example NAME wherever a model is accepted.",
            "short": "List the bundled example models.",
            "show_path": "Also print where each example file is.",
        },
        "graph": {
            "": (
                "Write an interactive graph view of MODEL…, or export the graph.\n\n"
                "The HTML opens offline in any browser: no request leaves the page.\n\n"
                "\b\n"
                "  stratalign graph --example esbjerg-2020 --view coverage -o coverage.html\n"
                "  stratalign graph --example esbjerg-2020 --view overlap --lang en -o overlap.html\n"
                "  stratalign graph plan.yaml -o plan.graphml          # for Gephi"
            ),
            "short": "Write an interactive graph view, or export the graph.",
            "view": "Which interactive view (HTML only).",
            "fmt": "html: an interactive view; graphml, gexf, json: the whole graph for Gephi and other tools. Default: from the -o suffix, else html; a suffix that says otherwise is an error.",
            "node_limit": "Above this many elements the view groups them, then asks for a filter.",
        },
        "load": {
            "": (
                "Add MODEL… (merged into one graph) to a SPARQL 1.1 server.\n\n"
                "Uses the Graph Store Protocol (POST, so the triples are added to what the\n"
                "graph holds), else SPARQL Update INSERT DATA. Then analyse it there with\n"
                "`stratalign analyze --endpoint URL [--graph IRI]`.\n\n"
                "\b\n"
                "  stratalign load --example esbjerg-2020 --endpoint http://127.0.0.1:7878/query --graph https://example.org/esbjerg"
            ),
            "short": "Push a model into a SPARQL 1.1 server.",
            "endpoint": "The server's SPARQL query URL, e.g. http://127.0.0.1:7878/query.",
            "graph_iri": "The named graph to add to (default: the default graph).",
            "store_url": "Its Graph Store Protocol URL, when it cannot be guessed from --endpoint.",
            "update_url": "Its SPARQL Update URL, the fallback when there is no Graph Store.",
        },
        "query": {
            "": (
                "Run a SPARQL 1.1 query over MODEL…\n\n"
                "\b\n"
                "  stratalign query --example esbjerg-2020 --name goals-by-plan\n"
                "  stratalign query plan.yaml -q 'SELECT ?g WHERE { ?g a <https://w3id.org/stratalign#Goal> }' --format csv"
            ),
            "short": "Run a SPARQL query or a named query.",
            "query_text": "The SPARQL query text.",
            "query_file": "A file holding the query (.rq).",
            "query_name": "A named query from the library (see --list).",
            "list_queries": "List the named queries and exit.",
            "fmt": "SELECT/ASK output (default: from the -o suffix, else table); CONSTRUCT and DESCRIBE always give Turtle.",
        },
        "report": {
            "": (
                "Write a report on MODEL…: summary, coverage, overlap matrix, conflicts, findings and the coverage graph.\n\n"
                "The HTML is one self-contained file that opens offline.\n\n"
                "\b\n"
                "  stratalign report --example esbjerg-2020 -o report.html\n"
                "  stratalign report --example esbjerg-2020 --lang en --format md -o report.md\n"
                "  stratalign report --example esbjerg-2020 -o report.pdf"
            ),
            "short": "Write a self-contained HTML (or Markdown/JSON/PDF) report.",
            "fmt": "html, md, json or pdf (printed by Chromium). Default: from the -o suffix, else html; a suffix that says otherwise is an error.",
            "node_limit": "Above this many elements the embedded graph groups them, then asks for a filter.",
        },
        "restructure": {
            "": (
                "Propose the memo's structure for MODEL…: one common vision on top,\n"
                "shared and duplicate goals lifted to it or merged, every other goal in\n"
                "exactly one strategy, initiatives following their goals, owners kept.\n\n"
                "With -o and no --explain, the explanation is printed on standard output.\n\n"
                "\b\n"
                "  stratalign restructure --example esbjerg-2020 -o proposal.yaml --explain proposal.md\n"
                "  stratalign analyze proposal.yaml"
            ),
            "short": "Propose one common vision over the strategies.",
            "output": "Write the proposal as a YAML model (default: standard output).",
            "explain_path": "Write the explanation of every move (Markdown for .md, text for .txt or a suffix that names no format).",
            "config_path": "Settings file with the duplicate thresholds (default: ./stratalign.toml if present).",
        },
        "serve": {
            "": (
                "Serve MODEL… and its findings read-only over the SPARQL 1.1 Protocol.\n\n"
                "The query page is at / and the endpoint at /sparql. The default graph holds\n"
                "the model and the findings; the findings alone are in the named graph\n"
                "https://w3id.org/stratalign/findings. Updates and SERVICE are refused.\n\n"
                "Each query is checked (update, SERVICE, syntax) and evaluated in a worker\n"
                "process; --timeout covers both, and a query past it is stopped and gets 503.\n"
                "SIGTERM or Ctrl+C stops the server and every worker within about a second,\n"
                "also while a query runs (that query gets no answer).\n\n"
                "\b\n"
                "  stratalign serve --example esbjerg-2020\n"
                "  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/sparql"
            ),
            "short": "Serve the model read-only as a SPARQL 1.1 endpoint.",
            "host": "Address to listen on (0.0.0.0 opens it to the network).",
            "port": "Port (0: any free port).",
            "timeout": "Seconds a query may take, its checks and parsing included, before it is stopped (503).",
            "max_rows": "Rows (or triples) a result may hold; more are cut off.",
            "cors": "Allow cross-origin requests (Access-Control-Allow-Origin: *).",
            "workers": "Query worker processes [default: cores, 2 to 4].",
            "quiet": "Do not log each request to standard error.",
            "config_path": "Settings file for the analysis (default: ./stratalign.toml).",
        },
        "template": {
            "": (
                "Write a spreadsheet template to fill in (docs/spreadsheets.md).\n\n"
                "\b\n"
                ".xlsx: one workbook with the sheets 'model' (empty: fill it in),\n"
                "       'eksempel' (a filled Danish example) and 'kolonner' (every column\n"
                "       explained in Danish and English).\n"
                ".csv:  FILE.csv (empty), FILE.eksempel.csv and FILE.kolonner.csv.\n\n"
                "\b\n"
                "  stratalign template -o plan.xlsx\n"
                "  stratalign analyze plan.xlsx"
            ),
            "short": "Write an empty spreadsheet template (XLSX or CSV).",
            "output": "FILE.xlsx (one workbook) or FILE.csv (three CSV files).",
        },
        "validate": {
            "": (
                "Check MODEL… against stratalign's SHACL shapes; exit 1 when it does not conform.\n\n"
                "\b\n"
                "  stratalign validate --example horsens-2014\n"
                "  stratalign validate plan.ttl --format ttl -o report.ttl"
            ),
            "short": "Check a model against the SHACL shapes.",
            "fmt": "text: grouped by element; ttl: the standard sh:ValidationReport. Default: from the -o suffix, else text.",
        },
    },
    "da": {
        "*": {
            "examples": "Et medfølgende eksempel (kan gentages); se `stratalign examples`.",
            "store_dir": "Gem tripler i et Oxigraph-lager på disken i mappen DIR.",
            "endpoint": "Kør mod et eksisterende SPARQL 1.1-endpoint i stedet for at indlæse filer.",
            "graph_iri": "Med --endpoint: den navngivne graf, som rummer modellen.",
            "skip_bad_rows": "Regneark: læs de gode rækker og vis de afviste på stderr (standard: en afvist række giver exit 2).",
            "lang": "Sprog for etiketter og beskeder.",
            "config_path": "Indstillingsfil (standard: ./stratalign.toml, hvis den findes).",
            "output": "Skriv til FILE (standard: standardoutput).",
            "quiet": "Skriv ingen fremdrift og ingen 'skrev'-linje på stderr (fejl skrives stadig).",
        },
        "stratalign": {
            "": (
                "stratalign: find hvor strategier overlapper, er i konflikt og efterlader mål udækkede.\n\n"
                "Modeller er filer (.yaml .yml .ttl .nt .jsonld .csv .xlsx, eller - for standardinput) eller\n"
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
            "short": "Find overlap, konflikter og huller i dækningen.",
            "fmt": "Standard: efter endelsen på -o (.json, .ttl, .csv, .md), ellers tekst; en endelse, der siger noget andet, er en fejl.",
        },
        "check": {
            "": "Exit 1, når MODEL… har fund på eller over --fail-on (ellers 0, 2 ved fejl i input).",
            "short": "Exit 1, når fund når en alvorlighed (til CI).",
            "fail_on": "Exit 1, når et fund (SHACL-overtrædelser medregnet) har denne alvorlighed eller værre og ikke er undtaget.",
            "fmt": (
                "text: de fejlende fund som fil:linje-linjer; json; sarif (SARIF 2.1.0, til kodescanning); "
                "junit (JUnit XML, til testrapporter). Standard: efter endelsen på -o (.json, .sarif, .xml), ellers text."
            ),
            "output": "Skriv fundene til FIL (standard: standardoutput).",
            "shacl": "Valider også mod SHACL-formerne; hver overtrædelse er en fejl.",
            "waivers_path": "YAML-liste over accepterede fund ({kind, subjects, reason, expires}); de vises som undtaget.",
        },
        "convert": {
            "": (
                "Omsæt MODEL… (samlet i én graf) til et andet format.\n\n"
                "YAML skrives i den flade form af forfatterformatet; tripler uden egen nøgle\n"
                "gemmes som Turtle i blokken `rdf:`, så intet går tabt. CSV og XLSX skriver\n"
                "én række pr. element (docs/spreadsheets.md); hvad der ikke har en kolonne,\n"
                "kommer i arket `rdf` (XLSX) eller en `rdf`-række (CSV). XLSX kræver -o FIL."
            ),
            "short": "Omsæt en model til Turtle, N-Triples, JSON-LD, YAML, CSV eller XLSX.",
            "target": "Outputformat.",
        },
        "diff": {
            "": (
                "Sammenlign OLD med NEW: mål og indsatser, der er bevaret, omdøbt, slået sammen,\n"
                "tilføjet, fjernet eller flyttet mellem planer, og ændrede måltal (værdi, år,\n"
                "retning, et tal erstattet af en vagere hensigt).\n\n"
                "Elementer parres efter IRI, så efter samme lokale id, så efter tekstlighed\n"
                "(scoren vises).\n\n"
                "\b\n"
                "  stratalign diff --old-example esbjerg-2020 --new-example esbjerg-2025\n"
                "  stratalign diff plan-2020.yaml plan-2025.xlsx --format html -o diff.html"
            ),
            "short": "Sammenlign to versioner af en model.",
            "old_example": "Et medfølgende eksempel som den gamle version (i stedet for OLD).",
            "new_example": "Et medfølgende eksempel som den nye version (i stedet for NEW).",
            "fmt": "Standard: efter endelsen på -o (.json, .html), ellers tekst; en endelse, der siger noget andet, er en fejl.",
        },
        "examples": {
            "": "Vis de medfølgende eksempler; de kan bruges med --example NAVN overalt, hvor en model kan angives.",
            "short": "Vis de medfølgende eksempelmodeller.",
            "show_path": "Vis også, hvor hver eksempelfil ligger.",
        },
        "graph": {
            "": (
                "Skriv en interaktiv grafvisning af MODEL…, eller eksportér grafen.\n\n"
                "HTML-filen åbner uden net i enhver browser: siden sender ingen forespørgsler.\n\n"
                "\b\n"
                "  stratalign graph --example esbjerg-2020 --view coverage -o coverage.html\n"
                "  stratalign graph --example esbjerg-2020 --view overlap --lang en -o overlap.html\n"
                "  stratalign graph plan.yaml -o plan.graphml          # til Gephi"
            ),
            "short": "Skriv en interaktiv grafvisning, eller eksportér grafen.",
            "view": "Hvilken interaktiv visning (kun HTML).",
            "fmt": "html: en interaktiv visning; graphml, gexf, json: hele grafen til Gephi og andre værktøjer. Standard: efter endelsen på -o, ellers html; en endelse, der siger noget andet, er en fejl.",
            "node_limit": "Over så mange elementer grupperer visningen dem og beder derefter om et filter.",
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
            "short": "Læg en model ind i en SPARQL 1.1-server.",
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
            "short": "Kør en SPARQL-forespørgsel eller en navngiven forespørgsel.",
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
            "short": "Skriv en selvstændig rapport i HTML (eller Markdown/JSON/PDF).",
            "fmt": "html, md, json eller pdf (udskrevet af Chromium). Standard: efter endelsen på -o, ellers html; en endelse, der siger noget andet, er en fejl.",
            "node_limit": "Over så mange elementer grupperer den indlejrede graf dem og beder derefter om et filter.",
        },
        "restructure": {
            "": (
                "Foreslå notatets struktur for MODEL…: én fælles vision øverst, fælles og\n"
                "dublerede mål løftet op til den eller slået sammen, hvert andet mål i præcis\n"
                "én strategi, indsatserne følger deres mål, ejerne bevares.\n\n"
                "Med -o og uden --explain skrives forklaringen på standardoutput.\n\n"
                "\b\n"
                "  stratalign restructure --example esbjerg-2020 -o forslag.yaml --explain forslag.md\n"
                "  stratalign analyze forslag.yaml"
            ),
            "short": "Foreslå én fælles vision over strategierne.",
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
            "short": "Udbyd modellen skrivebeskyttet som et SPARQL 1.1-endpoint.",
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
            "short": "Skriv en tom regnearksskabelon (XLSX eller CSV).",
            "output": "FIL.xlsx (én projektmappe) eller FIL.csv (tre CSV-filer).",
        },
        "validate": {
            "": (
                "Kontrollér MODEL… mod stratalign's SHACL-former; exit 1, når den ikke overholder dem.\n\n"
                "\b\n"
                "  stratalign validate --example horsens-2014\n"
                "  stratalign validate plan.ttl --format ttl -o rapport.ttl"
            ),
            "short": "Kontrollér en model mod SHACL-formerne.",
            "fmt": "text: grupperet efter element; ttl: den standardiserede sh:ValidationReport. Standard: efter endelsen på -o, ellers tekst.",
        },
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
    """The help of ``key`` (an option's parameter name, "" or "short") of ``command`` in ``lang``; None if the registry has none."""
    texts = HELP[lang]
    own = texts.get(command, {})
    if key in own:
        return own[key]
    return texts["*"].get(key) if key not in ("", "short") else None


def short_help(lang: str) -> dict[str, str]:
    """Each command's line in ``stratalign --help``."""
    return {name: texts["short"] for name, texts in HELP[lang].items() if "short" in texts}


C = TypeVar("C", bound=click.Command)


def localize(command: C, name: str, lang: str) -> C:
    """Give ``command`` (registered as ``name``) and its options their help in ``lang``; returns it.

    Sets every text each time, so one process can show Danish, then English.
    An option the registry lacks keeps the help its decorator gave it.
    """
    text = help_text(lang, name, "")
    if text is not None:
        command.help = text
    for param in command.params:
        if isinstance(param, click.Option) and param.name:
            text = help_text(lang, name, param.name)
            if text is not None:
                param.help = text
    if not isinstance(command, click.Group):
        command.context_class = HelpContext
    return command


class HelpFormatter(click.HelpFormatter):
    """click's formatter with its own words (headings, --help, [default: …]) in the help language."""

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.words = STOCK[lang]

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, self.words["Usage: "] if prefix is None else prefix)

    def section(self, name: str):
        return super().section(self.words.get(name, name))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        words = self.words
        translated = []
        for term, text in rows:
            text = words.get(text, text)
            if text.endswith("]"):  # click's marks: "[default: da]", "[required]", "[default: 10; required]"
                text = text.replace("[default: ", "[" + words["default: "]).replace("required]", words["required"] + "]")
            translated.append((term, text))
        super().write_dl(translated, col_max, col_spacing)


class HelpContext(click.Context):
    """A context whose help page is in the language the group chose (``ctx.meta[HELP_LANG]``)."""

    def make_formatter(self) -> click.HelpFormatter:
        return HelpFormatter(self.meta.get(HELP_LANG, "en"), width=self.terminal_width, max_width=self.max_content_width)
