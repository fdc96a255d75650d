"""A synthetic model of any size, for the large-view tests."""

from __future__ import annotations


def synthetic_ntriples(strategies: int, goals: int, initiatives: int) -> str:
    """A vision, its strategies, goals with one focus area each, and initiatives under them (every tenth goal bare)."""
    sa = "https://w3id.org/stratalign#"
    a = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    base = "https://example.org/big/"
    lines = [f"<{base}vision> <{a}> <{sa}Vision> .", f'<{base}vision> <{label}> "Stor vision"@da .']
    for s in range(strategies):
        strategy = f"{base}s{s}"
        lines += [
            f"<{strategy}> <{a}> <{sa}Strategy> .",
            f'<{strategy}> <{label}> "Strategi {s}"@da .',
            f"<{strategy}> <{sa}realizes> <{base}vision> .",
        ]
        for g in range(goals):
            goal, focus = f"{strategy}g{g}", f"{strategy}g{g}f"
            lines += [
                f"<{goal}> <{a}> <{sa}Goal> .",
                f'<{goal}> <{label}> "Mål {s}.{g}"@da .',
                f"<{strategy}> <{sa}hasGoal> <{goal}> .",
                f"<{focus}> <{a}> <{sa}FocusArea> .",
                f'<{focus}> <{label}> "Indsatsområde {s}.{g}"@da .',
                f"<{focus}> <{sa}contributesTo> <{goal}> .",
            ]
            for i in range(initiatives if g % 10 else 0):
                initiative = f"{goal}i{i}"
                lines += [
                    f"<{initiative}> <{a}> <{sa}Initiative> .",
                    f'<{initiative}> <{label}> "Indsats {s}.{g}.{i}"@da .',
                    f"<{initiative}> <{sa}contributesTo> <{focus}> .",
                    f"<{strategy}> <{sa}hasInitiative> <{initiative}> .",
                ]
    return "\n".join(lines) + "\n"
