"""The ``influence`` section of ``analyze --format json`` and its short text summary.

Present only when the model scores at least one influence (an ``sa:Influence``): a model with
only ``sa:contributesTo`` and ``sa:hinders`` links is analysed as before, byte for byte.
"""

from __future__ import annotations

from typing import Any

from ontology import counted, format_number, one_line

from ..context import Context
from ..messages import INFLUENCE_WORDS
from .edges import InfluenceEdge
from .network import analyse_influences

__all__ = ["influence_section", "format_influence"]


def influence_section(ctx: Context, edges: list[InfluenceEdge] | None = None) -> dict[str, Any] | None:
    """The network analysis with labels, or None when nothing is scored.

    >>> from ontology.loaders import load_model
    >>> from alignment.config import Config
    >>> ctx = Context.build(load_model(["tests/data/influence/small.yaml"]).store, Config(), "en")
    >>> section = influence_section(ctx)
    >>> section["scored"], section["implicit"], section["most_constraining"][0]["label"]
    (3, 2, 'More residents')
    """
    edges = ctx.influence_edges if edges is None else edges
    if not any(e.source == "influence" for e in edges):
        return None
    net = analyse_influences(edges)

    def label(iri: str) -> str:
        return ctx.labels.get(iri, ctx.lang)

    elements = net["elements"]
    return {
        "scored": sum(1 for e in edges if e.source == "influence"),
        "implicit": sum(1 for e in edges if e.source != "influence"),
        "pairs": len(net["pairs"]),
        "elements": [{"element": n, "label": label(n), **figures} for n, figures in sorted(elements.items())],
        "most_enabling": [
            {
                "element": n,
                "label": label(n),
                "direct": elements[n]["out"]["positive"],
                "second_order": elements[n]["second_order_out"]["positive"],
            }
            for n in net["most_enabling"]
        ],
        "most_constraining": [
            {
                "element": n,
                "label": label(n),
                "direct": elements[n]["out"]["negative"],
                "second_order": elements[n]["second_order_out"]["negative"],
            }
            for n in net["most_constraining"]
        ],
        "loops": net["loops"],
        "clusters": net["clusters"],
    }


_WORDS = INFLUENCE_WORDS


def format_influence(section: dict[str, Any], lang: str = "da", *, top: int = 3) -> str:
    """A short summary for the text output: counts, the top ``top`` of each ranking, loops and clusters."""
    w = _WORDS[lang]

    def n(value: int) -> str:
        return format_number(str(value), lang)

    lines = [
        w["title"],
        "  "
        + w["counts"].format(scored=n(section["scored"]), implicit=n(section["implicit"]), pairs=n(section["pairs"])),
    ]
    for key, word in (("most_enabling", "enabling"), ("most_constraining", "constraining")):
        if section[key]:
            items = ", ".join(
                f"{one_line(x['label'])} ({'+' if x['direct'] > 0 else ''}{n(x['direct'])})" for x in section[key][:top]
            )
            lines.append(f"  {w[word]}: {items}")
    loops = section["loops"]
    lines.append(
        "  "
        + w["loops"].format(
            reinforcing=n(len(loops["reinforcing"])),
            counteracting=n(len(loops["counteracting"])),
            n=n(loops["max_length"]),
            more=w["more"] if loops["truncated"] else "",
        )
    )
    if section["clusters"]:
        clusters = counted(len(section["clusters"]), "cluster", lang)  # "1 klynge", not "1 klynger"
        lines.append("  " + w["clusters"].format(n=clusters, size=n(section["clusters"][0]["size"])))
    return "\n".join(lines) + "\n"
