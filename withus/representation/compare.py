"""Who took part in involvement work, set against who lives in the area.

No Django here. Each category (age, gender, ethnic group, disability, lived
experience) becomes a table with a row for each group: how many took part,
their share of those who answered, the residents' share from the population
table, and the gap between the two. :func:`biggest_gaps` names the groups
furthest from their share of residents.

Small numbers
    A group of fewer than five people (none at all included) is withheld: its
    count, percent and gap are not shown, so nobody can be picked out of a
    small group. When fewer than five answered a category, every row of it is
    withheld. In a category where each person is in only one group (all but
    lived experience), the number who answered is shown, so if just one group
    were withheld its count could be worked out by taking the others away from
    it. So when just one group is withheld, the smallest group still shown is
    withheld too (if two are as small, the one listed later). A person can be
    in several lived-experience groups, so the groups there do not add up to
    the number who answered and nothing can be worked out by subtraction: no
    second group is withheld there.

Prefer not to say
    Its row gives only a count (withheld under five, or when the category is).
    It is never compared with residents, and the people in it are not part of
    the number who answered, so they are left out of every percent.

Rounding rules
    A participant percent is of the people who answered the category, to one
    place, halves up. Each is rounded on its own, so a category's percents can
    add up to 99.9 or 100.1. A gap is the participant percent as shown less the
    resident percent, to one place, with halves rounded away from zero, so
    that a gap of 0.05 either way is the same size (0.1). In the words of a
    gap, percents are whole numbers, halves up, rounded from the percents as
    the table shows them (28.4 is said as 28%, 28.5 as 29%).

The biggest gaps
    Only gaps of at least 5 percentage points are named, biggest first; ties
    go in the order of the categories, then of the groups. A withheld group
    can still be named when the gap is certain: it has at most 4 people, so if
    4 of those who answered is still below the residents' share, the group is
    under-represented by at least the difference (rounded down to one place,
    so it stays "at least"). But where a one-group-each category has exactly
    two groups withheld and five or more people between them, one of the two
    may have been withheld only to protect the other, and so have five or more
    people. Saying which one has fewer than five would undo that protection,
    so neither is named. Everything here is worked out from what the tables
    show, so naming a gap never gives away a withheld count.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

SMALLEST_SHOWN = 5
# Gaps smaller than this are within what a few people more or less would change.
SMALLEST_GAP_NAMED = Decimal(5)
PREFER_NOT = "prefer_not_to_say"
# Categories in which a person can be in several groups at once.
MULTI_VALUED = frozenset({"experience"})

_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class GroupRow:
    """One group in a category. Only ``group``, ``label`` and ``resident_percent`` are
    given when ``withheld``; a prefer-not-to-say row never has a percent or gap."""

    group: str
    label: str
    participants: int | None
    participant_percent: Decimal | None
    resident_percent: Decimal | None
    gap: Decimal | None
    withheld: bool


@dataclass(frozen=True)
class CategoryTable:
    """``answered`` leaves out prefer not to say; under five, every row is withheld."""

    category: str
    label: str
    answered: int
    answered_withheld: bool
    rows: tuple[GroupRow, ...]


@dataclass(frozen=True)
class Gap:
    """A group far from its share of residents; ``size`` is in percentage points.

    For a withheld group ``size`` is the least the gap can be.
    """

    category: str
    group: str
    words: str
    size: Decimal


def _half_up(part: int, whole: int, places: int) -> Decimal:
    """part / whole to ``places`` decimal places, halves up; both non-negative, whole > 0."""
    scale = 10**places
    return Decimal((2 * part * scale + whole) // (2 * whole)).scaleb(-places)


def _whole_percent(percent: Decimal) -> str:
    return f"{percent.quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def compare(
    counts: Mapping[tuple[str, str], int],
    answered: Mapping[str, int],
    population: Mapping[tuple[str, str], Decimal],
    groups: Mapping[str, Sequence[tuple[str, str]]],
    category_labels: Mapping[str, str],
) -> list[CategoryTable]:
    """A table for each category in ``groups``, in that order, its rows in the order listed.

    ``counts`` and ``population`` are keyed by (category, group); a group with no
    count has nobody. A category with no label is labelled with its own name.
    25 answered gender, 7 women and 18 men, residents 51.0 and 49.0: women are
    28.0% (gap -23.0), men 72.0% (gap 23.0).
    """
    return [
        _table(
            category,
            category_labels.get(category, category),
            listed,
            counts,
            answered.get(category, 0),
            population,
        )
        for category, listed in groups.items()
    ]


def _table(
    category: str,
    label: str,
    listed: Sequence[tuple[str, str]],
    counts: Mapping[tuple[str, str], int],
    total: int,
    population: Mapping[tuple[str, str], Decimal],
) -> CategoryTable:
    if total < 0:
        raise ValueError(f"The number who answered {category} cannot be negative, not {total}.")
    people = {group: counts.get((category, group), 0) for group, _ in listed}
    for group, n in people.items():
        if n < 0:
            raise ValueError(f"The count for {category} {group} cannot be negative, not {n}.")
        if group != PREFER_NOT and n > total:
            raise ValueError(
                f"The count for {category} {group} ({n}) is more than "
                f"the {total} who answered {category}."
            )
    compared = [group for group in people if group != PREFER_NOT]
    in_groups = sum(people[group] for group in compared)
    if category not in MULTI_VALUED and in_groups > total:
        raise ValueError(
            f"The {category} groups add up to {in_groups}, more than "
            f"the {total} who answered {category}."
        )

    everything_withheld = total < SMALLEST_SHOWN
    withheld = {group for group, n in people.items() if everything_withheld or n < SMALLEST_SHOWN}
    if not everything_withheld and category not in MULTI_VALUED:
        shown = [group for group in compared if group not in withheld]
        if len(compared) - len(shown) == 1 and shown:
            # min() keeps the first of equals, so reversed() picks the one listed later.
            withheld.add(min(reversed(shown), key=people.__getitem__))

    rows: list[GroupRow] = []
    for group, group_label in listed:
        resident = None if group == PREFER_NOT else population.get((category, group))
        n = people[group]
        if group in withheld:
            rows.append(GroupRow(group, group_label, None, None, resident, None, True))
        elif group == PREFER_NOT:
            rows.append(GroupRow(group, group_label, n, None, None, None, False))
        else:
            percent = _half_up(100 * n, total, 1)
            gap = (
                None
                if resident is None
                else (percent - resident).quantize(_TENTH, rounding=ROUND_HALF_UP)
            )
            rows.append(GroupRow(group, group_label, n, percent, resident, gap, False))
    return CategoryTable(category, label, total, everything_withheld, tuple(rows))


def _withheld_are_small(table: CategoryTable) -> bool:
    """Whether every withheld group in ``table`` surely has fewer than five people.

    Only from what the table shows. With one group each, a second group is
    withheld only when exactly one was small, leaving exactly two withheld
    that share at least five people (the second one has five or more).
    """
    if table.category in MULTI_VALUED:
        return True
    compared = [row for row in table.rows if row.group != PREFER_NOT]
    withheld = [row for row in compared if row.withheld]
    between_them = table.answered - sum(row.participants or 0 for row in compared)
    return len(withheld) != 2 or between_them < SMALLEST_SHOWN


def _gap(table: CategoryTable, row: GroupRow, withheld_are_small: bool) -> Gap | None:
    resident = row.resident_percent
    if row.group == PREFER_NOT or resident is None:
        return None
    if not row.withheld:
        assert row.participant_percent is not None and row.gap is not None
        return Gap(
            table.category,
            row.group,
            f"{row.label}: {_whole_percent(row.participant_percent)} of participants, "
            f"{_whole_percent(resident)} of residents",
            abs(row.gap),
        )
    if not withheld_are_small:
        return None
    most = Fraction(100 * (SMALLEST_SHOWN - 1), table.answered)
    if most >= Fraction(resident):
        return None  # it could be as big as the residents' share, or bigger
    least_gap = Decimal(math.floor((Fraction(resident) - most) * 10)).scaleb(-1)
    return Gap(
        table.category,
        row.group,
        f"{row.label}: fewer than {SMALLEST_SHOWN} participants, "
        f"{_whole_percent(resident)} of residents",
        least_gap,
    )


def biggest_gaps(tables: Sequence[CategoryTable], limit: int = 3) -> list[Gap]:
    """Up to ``limit`` groups furthest from their share of residents, biggest first.

    Groups with no resident percent, prefer not to say, and categories withheld
    whole are left out, as are gaps under 5 points.
    """
    if limit < 0:
        raise ValueError(f"The most gaps to name cannot be negative, not {limit}.")
    found: list[tuple[Decimal, int, int, Gap]] = []
    for table_index, table in enumerate(tables):
        if table.answered_withheld:
            continue
        small = _withheld_are_small(table)
        for row_index, row in enumerate(table.rows):
            gap = _gap(table, row, small)
            if gap is not None and gap.size >= SMALLEST_GAP_NAMED:
                found.append((gap.size, table_index, row_index, gap))
    found.sort(key=lambda entry: (-entry[0], entry[1], entry[2]))
    return [gap for *_, gap in found[:limit]]
