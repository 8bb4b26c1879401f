"""How many mentors, people and sessions a peer support scheme reached, by month.

No Django here: the caller passes one ``SessionFact`` per logged session. These
are counts, public for every scheme, so nothing about a person is kept.

Rules
    - The range is ``first`` to ``last``, both days included. Sessions on other
      days are left out, so a range starting mid-month counts only part of
      that month.
    - Every month the range touches is listed, oldest first, with zeros for a
      month with no sessions. A month is named by its first day.
    - Mentors and people are counted once per month however many sessions
      they had; for the totals, once over the whole range. So the totals are
      not the sums of the months, except for sessions.
    - Hours are total minutes / 60 to one decimal place, halves rounded up,
      worked out from the total minutes (3 minutes is 0.05 hours, shown as 0.1;
      50 + 50 + 45 minutes is 2.4 hours), never by adding rounded hours.

Each function reads the sessions once, so a year of an area's sessions
(around 100,000) is quick.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class SessionFact:
    """One logged session."""

    happened_on: date
    mentor_id: int
    person_id: int  # the MentorRequest id: one person supported
    minutes: int


@dataclass(frozen=True)
class MonthReach:
    month: date  # its first day
    mentors: int  # different mentors who held at least one session
    people: int  # different people who had at least one session
    sessions: int
    hours: Decimal


@dataclass(frozen=True)
class ReachTotals:
    mentors: int  # different mentors over the whole range
    people: int
    sessions: int
    hours: Decimal


def hours(minutes: int) -> Decimal:
    """Minutes as hours to one place, halves up: 145 -> 2.4, 3 -> 0.1."""
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, not {minutes}")
    # Whole-number arithmetic, so 0.05 is exactly a half and goes up.
    return Decimal((2 * minutes * 10 + 60) // (2 * 60)).scaleb(-1)


def months_between(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s to ``last``'s, both included."""
    _check_range(first, last)
    count = _month_index(first, last) + 1
    return [_add_months(first.replace(day=1), n) for n in range(count)]


def monthly_reach(sessions: Iterable[SessionFact], first: date, last: date) -> list[MonthReach]:
    """Reach for each month from ``first`` to ``last``; see the module docstring."""
    months = months_between(first, last)
    mentors: list[set[int]] = [set() for _ in months]
    people: list[set[int]] = [set() for _ in months]
    counts = [0] * len(months)
    minutes = [0] * len(months)
    for session in sessions:
        day = session.happened_on
        if day < first or day > last:
            continue
        _check_minutes(session)
        i = _month_index(first, day)
        mentors[i].add(session.mentor_id)
        people[i].add(session.person_id)
        counts[i] += 1
        minutes[i] += session.minutes
    return [
        MonthReach(month, len(mentors[i]), len(people[i]), counts[i], hours(minutes[i]))
        for i, month in enumerate(months)
    ]


def reach_totals(sessions: Iterable[SessionFact], first: date, last: date) -> ReachTotals:
    """Reach over the whole of ``first`` to ``last``, each mentor and person counted once."""
    _check_range(first, last)
    mentors: set[int] = set()
    people: set[int] = set()
    count = 0
    minutes = 0
    for session in sessions:
        if session.happened_on < first or session.happened_on > last:
            continue
        _check_minutes(session)
        mentors.add(session.mentor_id)
        people.add(session.person_id)
        count += 1
        minutes += session.minutes
    return ReachTotals(len(mentors), len(people), count, hours(minutes))


def _check_range(first: date, last: date) -> None:
    if last < first:
        raise ValueError(f"the range must not end ({last}) before it starts ({first})")


def _check_minutes(session: SessionFact) -> None:
    # Checked per session: a negative one would hide inside a month's total.
    if session.minutes < 0:
        raise ValueError(f"a session's minutes must not be negative, not {session.minutes}")


def _month_index(first: date, day: date) -> int:
    """How many months ``day``'s month is after ``first``'s."""
    return (day.year - first.year) * 12 + day.month - first.month


def _add_months(month_start: date, n: int) -> date:
    index = month_start.month - 1 + n
    return date(month_start.year + index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class MonthCount:
    """One month's figures as the database counted them (distinct mentors and people)."""

    month: date  # its first day
    mentors: int
    people: int
    sessions: int
    minutes: int


def months_from_counts(counts: Iterable[MonthCount], first: date, last: date) -> list[MonthReach]:
    """Every month from ``first`` to ``last``, with zeros where the database had nothing.

    For a whole area's year of sessions the counting is done by the database;
    this only fills the gaps and turns minutes into hours by the same rule.
    """
    _check_range(first, last)
    found = {count.month: count for count in counts}
    return [
        MonthReach(
            month=month,
            mentors=found[month].mentors if month in found else 0,
            people=found[month].people if month in found else 0,
            sessions=found[month].sessions if month in found else 0,
            hours=hours(found[month].minutes if month in found else 0),
        )
        for month in months_between(first, last)
    ]
