"""Lexical checks of SPARQL text, before any engine sees it: SERVICE anywhere, an update's first keyword.

The stores refuse SERVICE with :func:`refuse_remote_access`; the query workers
of `stratalign serve` run :func:`update_keyword` and :func:`check_text` on every
request before their parser. Pure text scans, each linear in the query (bounded).

>>> query_form("PREFIX s: <http://e/select#> ask {}")
'ASK'
>>> update_keyword("PREFIX ex: <http://e/#x> # comment\\r INSERT DATA { }")
'INSERT'
"""

from __future__ import annotations

import re
from typing import Iterator

from ..errors import QueryError

__all__ = [
    "MAX_NESTING",
    "MAX_GROUP",
    "MAX_CHAIN",
    "SERVICE_REFUSED",
    "shape_problem",
    "nesting_depth",
    "refuse_deep_nesting",
    "refuse_remote_access",
    "query_form",
    "update_keyword",
    "refuse_update",
    "check_text",
]

#: What a query with a federated SERVICE gets, from every store and from the server.
SERVICE_REFUSED = "SERVICE (federated query) is disabled: stratalign never fetches remote data"

# Finding SERVICE takes care: Oxigraph matches keywords without a word boundary
# (`?o.SERVICE`, `62SERVICE` and `trueSERVICE` are federated), and `<` is an IRI
# or a less-than depending on the grammar, so a string can hide SERVICE under one
# reading and not under the other. The scan therefore follows both readings of
# a `<` wherever the grammar allows both, and refuses when any reading shows the
# keyword outside a name.
_STRING_OR_COMMENT = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|#[^\n\r]*",  # the grammar ends a comment, and a short string, at CR as well as LF
)
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
#: strings, IRIs and comments, removed to find a query's form (SELECT, ASK, …)
_STRIP = re.compile(f"{_STRING_OR_COMMENT.pattern}|{_IRIREF.pattern}")
_NAME_RUN = re.compile(r"[\w.\-:%\\]*\Z")
_VARIABLE_TAIL = re.compile(r"[?$]\w*\Z")
_LOCAL_START = re.compile(r"[\w:%\\]")
_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _keyword_candidates(text: str) -> Iterator[int]:
    """Where "service" starts in query code, under every reading of each `<` the grammar allows.

    A `<` is an IRI, except inside parentheses (an expression) right after an
    operand, where it may be a less-than: there both readings are followed.
    """
    n = len(text)
    seen: set[tuple[int, tuple[str, ...]]] = set()
    reported: set[int] = set()
    branches: list[tuple[int, tuple[str, ...], bool]] = [(0, (), False)]
    budget = 64 * n + 10_000  # a query built to branch without end is refused, not scanned forever
    while branches:
        i, nesting, operand = branches.pop()
        while i < n:
            budget -= 1
            if budget < 0:
                yield -1
                return
            c = text[i]
            if c in "'\"#":
                skipped = _STRING_OR_COMMENT.match(text, i)
                if skipped is None:  # unterminated: keep reading it as code
                    i += 1
                    continue
                operand = operand if c == "#" else True
                i = skipped.end()
                continue
            if c == "<":
                iri = _IRIREF.match(text, i)
                less_than = iri is None or (operand and nesting[-1:] == ("(",))
                if iri is not None:
                    if less_than:
                        if (i, nesting) in seen:
                            break
                        seen.add((i, nesting))
                        branches.append((iri.end(), nesting, True))
                    else:
                        i, operand = iri.end(), True
                        continue
                i, operand = i + 1, False
                continue
            if c in "sS" and text[i : i + 7].lower() == "service" and i not in reported:
                reported.add(i)
                yield i
            if c in "({[":
                nesting += (c,)
            elif c in ")}]":
                nesting = nesting[:-1]
            if not c.isspace():
                operand = c.isalnum() or c in "_)]"
            i += 1


def _inside_a_name(text: str, start: int) -> bool:
    """Whether "service" at ``start`` is part of a variable or of a prefixed name's local part."""
    head = text[max(0, start - 200) : start]
    if _VARIABLE_TAIL.search(head):
        return True
    run = _NAME_RUN.search(head).group()  # type: ignore[union-attr]
    colon = run.find(":")
    if colon < 0:
        return False
    return bool(_LOCAL_START.match(run[colon + 1 :] + "s"))


def _decode_escapes(sparql: str) -> str:
    # SPARQL allows \u and \U code point escapes anywhere in a query.
    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code < 0x110000 else "?"

    return _CODEPOINT_ESCAPE.sub(char, sparql)


def refuse_remote_access(sparql: str) -> None:
    """Raise :class:`QueryError` for a federated ``SERVICE`` clause, however it is spelled.

    >>> refuse_remote_access("SELECT * WHERE { ?s <http://e/service> ?o ; sd:service ?x }")
    >>> refuse_remote_access("SELECT * WHERE { ?s ?p ?o.SERVICE <http://x/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    ontology.errors.QueryError: SERVICE (federated query) is disabled: stratalign never fetches remote data
    """
    for text in dict.fromkeys((sparql, _decode_escapes(sparql))):
        for at in _keyword_candidates(text):
            if at < 0 or not _inside_a_name(text, at):
                raise QueryError(SERVICE_REFUSED)


#: The deepest nesting of (), [] and {} a query may have. Oxigraph's parser crashes the process at
#: about 5,000 nested parentheses (a segmentation fault, exit 139) and its time grows steeply with
#: nested blank-node brackets (100 deep: 2.5 s; 200 deep: over 20 s, measured with pyoxigraph
#: 0.5); no real query nests more than a few dozen levels.
MAX_NESTING = 64
_OPEN, _CLOSE = "([{", ")]}"


def nesting_depth(sparql: str) -> int:
    """The deepest nesting of brackets in ``sparql`` outside strings, comments and IRIs: one linear pass.

    >>> nesting_depth('ASK { FILTER((1)) } # ((((')
    3
    >>> nesting_depth('SELECT * { ?s ?p "((((" , <http://e/(> }')
    1
    """
    depth = deepest = 0
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif c in "\"'#":
            m = _STRING_OR_COMMENT.match(sparql, i)
            if m is not None:
                i = m.end()
                continue
        elif c == "<":
            m = _IRIREF.match(sparql, i)  # stops at the next < or >: each character is read at most twice
            if m is not None:
                i = m.end()
                continue
        i += 1
    return deepest


#: Triple patterns, property-path steps and OPTIONAL/MINUS parts in one group ({…}, […] or (…)).
#: Oxigraph's planner grows steeply with them, even over an empty store (pyoxigraph 0.5.13: a group
#: of 96 triple patterns 0.8 s, 128 1.9–2.4 s, 256 17–63 s; a path of 256 steps 1.5 s, 5,000 steps
#: over 15 minutes; 512 OPTIONALs 25 s), and `stratalign query` has no time limit.
MAX_GROUP = 100
#: Operators in one expression or list (&&, ||, +, -, *, !, UNION): Oxigraph's parser recurses once per
#: operator and crashes the process at about 10,000 (a segmentation fault, exit 139).
MAX_CHAIN = 2000
_NUMBER = re.compile(r"[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?")
_WORD = re.compile(r"[\w\-.:%\\]*")  # a keyword, or a prefixed name with its dots (ex:a.b)
_VARIABLE_NAME = re.compile(r"\w*")
_GROUP_WORDS = frozenset({"OPTIONAL", "MINUS"})


def shape_problem(sparql: str) -> str | None:
    """Why ``sparql`` would crash or stall the engine before it answers, or None: one linear pass.

    Brackets nested deeper than :data:`MAX_NESTING`, a group of more than :data:`MAX_GROUP` triple
    patterns, path steps or OPTIONAL/MINUS parts, or an expression of more than :data:`MAX_CHAIN`
    operators. Strings, IRIs, comments, numbers and names are read past whole (``1.5``, ``ex:a.b``).

    >>> shape_problem("SELECT * { ?s ?p ?o . ?o ?q 1.5 ; <http://e/a.b> ex:c.d }") is None
    True
    >>> shape_problem("ASK { ?s " + "/".join(["<http://e/p>"] * 300) + " ?o }")
    'the query has 299 triple patterns, path steps or OPTIONAL/MINUS parts in one group; at most 100 are allowed'
    """
    counts: list[list[int]] = [[0, 0]]  # per open bracket: [group parts, operators]
    kinds: list[str] = ["{"]
    deepest = group = chain = 0
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        step = 1
        part = operator = 0
        if c in _OPEN:
            counts.append([0, 0])
            kinds.append(c)
            deepest = max(deepest, len(counts) - 1)
        elif c in _CLOSE:
            if len(counts) > 1:
                counts.pop()
                kinds.pop()
        elif c in "\"'#":
            m = _STRING_OR_COMMENT.match(sparql, i)
            step = m.end() - i if m is not None else 1
        elif c == "<":
            m = _IRIREF.match(sparql, i)  # stops at the next < or >: each character is read at most twice
            step = m.end() - i if m is not None else 1
        elif c in "?$":
            step = 1 + _VARIABLE_NAME.match(sparql, i + 1).end() - (i + 1)  # type: ignore[union-attr]
        elif c.isdigit():
            step = max(1, _NUMBER.match(sparql, i).end() - i)  # type: ignore[union-attr]
        elif c.isalpha() or c == "_":
            word = _WORD.match(sparql, i).group().rstrip(".")  # type: ignore[union-attr]
            step = max(1, len(word))
            upper = word.upper()
            part = upper in _GROUP_WORDS
            operator = upper == "UNION"
        elif c in ".;" or (c == "," and kinds[-1] != "(") or c == "/":
            part = 1
        elif c in "|&":
            if sparql.startswith(c * 2, i):
                operator, step = 1, 2
            elif c == "|":
                part = 1
        elif c == "^":
            if sparql.startswith("^^", i):
                step = 2  # a literal's datatype
            else:
                part = 1
        elif c in "+-*!":
            operator = 1
            if sparql.startswith("!=", i):
                step = 2
        if part or operator:
            top = counts[-1]
            top[0] += part
            top[1] += operator
            group, chain = max(group, top[0]), max(chain, top[1])
        i += step
    if deepest > MAX_NESTING:
        return f"the query nests brackets {deepest} deep; at most {MAX_NESTING} are allowed"
    if group > MAX_GROUP:
        return (
            f"the query has {group:,} triple patterns, path steps or OPTIONAL/MINUS parts in one group; "
            f"at most {MAX_GROUP} are allowed"
        )
    if chain > MAX_CHAIN:
        return f"the query chains {chain:,} operators in one expression; at most {MAX_CHAIN:,} are allowed"
    return None


def refuse_deep_nesting(sparql: str) -> None:
    """Raise :class:`QueryError` for a query nested deeper than :data:`MAX_NESTING` (before any engine parses it).

    >>> refuse_deep_nesting("ASK { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }")
    Traceback (most recent call last):
    ...
    ontology.errors.QueryError: the query nests brackets 102 deep; at most 64 are allowed
    """
    problem = shape_problem(sparql)
    if problem is not None:
        raise QueryError(problem)


_FORM = re.compile(r"(?<![\w:?$.\-])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:.\-])", re.IGNORECASE)


def query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword outside strings, IRIs and comments."""
    found = _FORM.search(_STRIP.sub(" ", sparql))
    return found.group(1).upper() if found else None


# -- SPARQL Update, and the text the server's checking parser reads ------------------

#: The first keyword of each SPARQL 1.1 Update operation (WITH opens a DELETE/INSERT).
_UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
_SPACE = " \t\r\n"  # SPARQL's WS: a form feed or a no-break space is no white space to it (nor to Oxigraph)
_LINE_END = re.compile(r"[\r\n]")  # a comment ends at CR as well as LF
_CODEPOINT_HEX = frozenset("0123456789abcdefABCDEF")


def _skip_space(text: str, i: int) -> int:
    """The index after the white space and comments at ``text[i:]``."""
    n = len(text)
    while i < n:
        if text[i] in _SPACE:
            i += 1
        elif text[i] == "#":
            end = _LINE_END.search(text, i)
            i = end.end() if end else n
        else:
            break
    return i


def update_keyword(sparql: str) -> str | None:
    """The update keyword a request starts with after its prologue (INSERT, DELETE, LOAD …), else None.

    One pass over the prologue (``PREFIX p: <iri>``, ``BASE <iri>``, white space,
    comments), so any number of PREFIX lines costs linear time.

    >>> update_keyword("SELECT * WHERE { ?s <http://e/delete> ?o }") is None
    True
    >>> update_keyword("BASE <http://e/> prefix : <x> drop all")
    'DROP'
    """
    i, n = 0, len(sparql)
    while True:
        i = _skip_space(sparql, i)
        end = i
        while end < n and sparql[end].isascii() and sparql[end].isalpha():
            end += 1
        word = sparql[i:end].upper()
        if word not in ("PREFIX", "BASE"):
            return word if word in _UPDATE_KEYWORDS else None
        if word == "PREFIX":  # PREFIX name: — the name has no white space, and ends at the colon
            end = sparql.find(":", end)
            if end < 0:
                return None
            end += 1
        i = _skip_space(sparql, end)
        if i >= n or sparql[i] != "<":
            return None
        close = sparql.find(">", i)
        if close < 0:
            return None
        i = close + 1


def check_text(sparql: str) -> str:
    """``sparql`` as the checking parser must read it to see the tokens Oxigraph sees.

    rdflib and Oxigraph apply two lexical rules differently, and each is made equal
    here in one pass. Oxigraph decodes a ``\\u``/``\\U`` code point escape only
    inside a string or an IRI (``\\u0053ERVICE`` in code is a syntax error to it),
    while rdflib decodes every one before parsing: each escape becomes a plain
    ``x``, which gives the same tokens inside a string or an IRI, and outside them
    Oxigraph refuses the query anyway. SPARQL ends a comment at CR as well as at
    LF, rdflib only at LF: each CR becomes an LF, which is still white space, a
    comment's end, or a long string's content. A backslash and the character after
    it are copied as a pair, as both lexers read them (``\\\\u0041`` is no escape).

    >>> check_text("SELECT * # c\\rSERVICE")
    'SELECT * # c\\nSERVICE'
    >>> check_text('"\\\\u0022" \\\\\\\\u0041')
    '"x" \\\\\\\\u0041'
    """
    if "\\" not in sparql:
        return sparql.replace("\r", "\n")
    out: list[str] = []
    i, n = 0, len(sparql)
    while i < n:
        slash = sparql.find("\\", i)
        if slash < 0:
            out.append(sparql[i:])
            break
        out.append(sparql[i:slash])
        letter = sparql[slash + 1 : slash + 2]
        width = 4 if letter == "u" else 8 if letter == "U" else 0
        digits = sparql[slash + 2 : slash + 2 + width]
        if width and len(digits) == width and all(c in _CODEPOINT_HEX for c in digits):
            out.append("x")
            i = slash + 2 + width
        else:
            out.append(sparql[slash : slash + 2])
            i = slash + 2
    return "".join(out).replace("\r", "\n")


def refuse_update(sparql: str) -> None:
    """Raise :class:`QueryError` for SPARQL Update: every store here is read through queries only.

    Oxigraph's query parser read ``INSERT DATA`` as a syntax error ("expected CONSTRUCT"),
    which sent a user looking for a typo in a request that could never run.

    >>> refuse_update("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }")
    Traceback (most recent call last):
    ...
    ontology.errors.QueryError: SPARQL Update (INSERT) is refused: queries only read the model; change its files instead
    """
    keyword = update_keyword(sparql)
    if keyword:
        raise QueryError(f"SPARQL Update ({keyword}) is refused: queries only read the model; change its files instead")
