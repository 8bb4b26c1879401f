"""Counting dot votes and ranking themes, exactly, with a stated tie rule.

No Django here. Ties are ordered by, in turn:
1. more dots;
2. more people or rooms who gave the theme at least one dot (breadth of support);
3. more statements in the theme (more people said it in their own words);
4. the theme made first (lower id), so the order never depends on chance.
Themes with equal dots share a rank number ("joint 2nd") but are still listed
in the order above.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class BallotLine:
    ballot_id: int
    theme_id: int
    dots: int


@dataclass(frozen=True)
class ThemeResult:
    theme_id: int
    dots: int
    supporters: int
    statements: int
    rank: int  # 1 is top; themes with equal dots share a rank


def check_ballot(dots_by_theme: Mapping[int, int], allowance: int) -> list[str]:
    """Problems with one person's online ballot, in plain words; empty when it is fine."""
    problems = []
    if any(d < 0 for d in dots_by_theme.values()):
        problems.append("A theme cannot have fewer than 0 votes.")
    total = sum(d for d in dots_by_theme.values() if d > 0)
    if total > allowance:
        problems.append(f"You have {allowance} votes. You used {total}.")
    if total == 0 and not problems:
        problems.append("Give at least 1 vote to a theme.")
    return problems


def tally(
    lines: Iterable[BallotLine], statements_per_theme: Mapping[int, int]
) -> list[ThemeResult]:
    """Every theme in ``statements_per_theme`` with its dots, supporters and rank."""
    dots = dict.fromkeys(statements_per_theme, 0)
    supporters: dict[int, set[int]] = {t: set() for t in statements_per_theme}
    for line in lines:
        if line.theme_id not in dots:
            raise ValueError(f"Vote for unknown theme {line.theme_id}")
        if line.dots < 0:
            raise ValueError("Dots cannot be negative")
        dots[line.theme_id] += line.dots
        if line.dots > 0:
            supporters[line.theme_id].add(line.ballot_id)
    order = sorted(
        statements_per_theme,
        key=lambda t: (-dots[t], -len(supporters[t]), -statements_per_theme[t], t),
    )
    results: list[ThemeResult] = []
    for position, theme_id in enumerate(order, start=1):
        # Equal dots share a place ("joint 2nd").
        tied = bool(results) and results[-1].dots == dots[theme_id]
        rank = results[-1].rank if tied else position
        results.append(
            ThemeResult(
                theme_id=theme_id,
                dots=dots[theme_id],
                supporters=len(supporters[theme_id]),
                statements=statements_per_theme[theme_id],
                rank=rank,
            )
        )
    return results
