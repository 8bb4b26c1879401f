"""Peer support reach by month: worked examples, and rules that always hold.

withus.peer_support.reach is plain Python (no database), so none of these tests
touch one.
"""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from withus.peer_support import reach
from withus.peer_support.reach import (
    MonthReach,
    ReachTotals,
    SessionFact,
    hours,
    monthly_reach,
    months_between,
    reach_totals,
)


def _s(day: date, mentor: int, person: int, minutes: int) -> SessionFact:
    return SessionFact(happened_on=day, mentor_id=mentor, person_id=person, minutes=minutes)


# Worked examples.


def test_a_worked_month_with_an_empty_month_either_side():
    sessions = [
        _s(date(2026, 3, 2), mentor=1, person=10, minutes=50),
        _s(date(2026, 3, 16), mentor=2, person=10, minutes=50),  # the same person again
        _s(date(2026, 3, 31), mentor=1, person=11, minutes=45),  # the last day of the month
    ]
    result = monthly_reach(sessions, date(2026, 2, 1), date(2026, 4, 30))
    assert result == [
        MonthReach(date(2026, 2, 1), 0, 0, 0, Decimal("0.0")),
        # 145 minutes is 2.41.. hours.
        MonthReach(date(2026, 3, 1), 2, 2, 3, Decimal("2.4")),
        MonthReach(date(2026, 4, 1), 0, 0, 0, Decimal("0.0")),
    ]
    assert reach_totals(sessions, date(2026, 2, 1), date(2026, 4, 30)) == ReachTotals(
        2, 2, 3, Decimal("2.4")
    )


def test_one_person_seen_by_two_mentors_is_one_person():
    sessions = [_s(date(2026, 5, 4), 1, 7, 60), _s(date(2026, 5, 11), 2, 7, 60)]
    (may,) = monthly_reach(sessions, date(2026, 5, 1), date(2026, 5, 31))
    assert (may.mentors, may.people, may.sessions, may.hours) == (2, 1, 2, Decimal("2.0"))


def test_people_are_counted_once_over_the_range_but_once_a_month_by_month():
    sessions = [
        _s(date(2026, 1, 5), 1, 7, 30),
        _s(date(2026, 2, 5), 1, 7, 30),
        _s(date(2026, 3, 5), 1, 7, 30),
    ]
    months = monthly_reach(sessions, date(2026, 1, 1), date(2026, 3, 31))
    assert [m.people for m in months] == [1, 1, 1]
    assert [m.hours for m in months] == [Decimal("0.5")] * 3
    totals = reach_totals(sessions, date(2026, 1, 1), date(2026, 3, 31))
    assert totals == ReachTotals(mentors=1, people=1, sessions=3, hours=Decimal("1.5"))


def test_both_ends_of_the_range_are_included_and_nothing_outside():
    sessions = [
        _s(date(2026, 3, 9), 1, 1, 60),  # the day before
        _s(date(2026, 3, 10), 2, 2, 60),  # first
        _s(date(2026, 4, 20), 3, 3, 60),  # last
        _s(date(2026, 4, 21), 4, 4, 60),  # the day after
        _s(date(2025, 3, 15), 5, 5, 60),  # the same month a year before
    ]
    result = monthly_reach(sessions, date(2026, 3, 10), date(2026, 4, 20))
    assert [(m.month, m.mentors, m.sessions) for m in result] == [
        (date(2026, 3, 1), 1, 1),
        (date(2026, 4, 1), 1, 1),
    ]
    assert reach_totals(sessions, date(2026, 3, 10), date(2026, 4, 20)).mentors == 2


def test_hours_come_from_the_months_total_minutes_not_rounded_sessions():
    # Each 3 minutes alone would be 0.1; ten of them are 30 minutes, 0.5 hours, not 1.0.
    sessions = [_s(date(2026, 6, d), 1, 1, 3) for d in range(1, 11)]
    (june,) = monthly_reach(sessions, date(2026, 6, 1), date(2026, 6, 30))
    assert june.hours == Decimal("0.5")


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, "0.0"),
        (2, "0.0"),  # 0.033..
        (3, "0.1"),  # exactly 0.05: halves go up
        (9, "0.2"),  # exactly 0.15
        (145, "2.4"),
        (147, "2.5"),  # exactly 2.45
        (600, "10.0"),
    ],
)
def test_hours_round_halves_up(minutes, expected):
    assert hours(minutes) == Decimal(expected)
    assert str(hours(minutes)) == expected


def test_months_between_crosses_years():
    assert months_between(date(2025, 11, 30), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert months_between(date(2026, 3, 5), date(2026, 3, 5)) == [date(2026, 3, 1)]


def test_a_range_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        months_between(date(2026, 3, 2), date(2026, 3, 1))
    with pytest.raises(ValueError, match="before it starts"):
        reach_totals([], date(2026, 3, 2), date(2026, 3, 1))


def test_negative_minutes_are_refused():
    with pytest.raises(ValueError, match="negative"):
        monthly_reach([_s(date(2026, 3, 2), 1, 1, -5)], date(2026, 3, 1), date(2026, 3, 31))


def test_it_reads_the_sessions_only_once():
    # A generator can be read only once, as a streamed query would be.
    sessions = (_s(date(2026, 1, 1 + i % 28), i % 40, i % 300, 45) for i in range(2000))
    result = monthly_reach(sessions, date(2026, 1, 1), date(2026, 1, 31))
    assert result == [MonthReach(date(2026, 1, 1), 40, 300, 2000, Decimal("1500.0"))]


# Rules that always hold.

_FIRST = date(2024, 1, 1)
_LAST = date(2026, 12, 31)
_sessions = st.lists(
    st.builds(
        SessionFact,
        happened_on=st.dates(_FIRST, _LAST),
        mentor_id=st.integers(1, 6),
        person_id=st.integers(1, 15),
        minutes=st.integers(5, 600),
    ),
    max_size=80,
)
_ranges = st.tuples(st.dates(_FIRST, _LAST), st.dates(_FIRST, _LAST)).map(sorted)


@settings(max_examples=200, deadline=None)
@given(sessions=_sessions, bounds=_ranges)
def test_it_always_keeps_the_rules(sessions, bounds):
    first, last = bounds
    months = monthly_reach(sessions, first, last)
    totals = reach_totals(sessions, first, last)
    in_range = [s for s in sessions if first <= s.happened_on <= last]

    assert [m.month for m in months] == months_between(first, last)
    assert sum(m.sessions for m in months) == len(in_range) == totals.sessions
    for m in months:
        assert m.people <= m.sessions
        assert m.mentors <= m.sessions
    assert totals.people >= max(m.people for m in months)
    assert totals.mentors >= max(m.mentors for m in months)
    assert totals.people == len({s.person_id for s in in_range})
    assert totals.hours == hours(sum(s.minutes for s in in_range))
    # Each month's rounding is at most 0.05 off, so the months can drift from the total.
    assert abs(sum(m.hours for m in months) - totals.hours) <= Decimal("0.05") * (len(months) + 1)


@given(bounds=_ranges)
def test_months_between_has_one_entry_for_each_month(bounds):
    first, last = bounds
    months = months_between(first, last)
    assert len(months) == (last.year - first.year) * 12 + last.month - first.month + 1
    assert all(m.day == 1 for m in months)
    assert months == sorted(set(months))
    assert months[0] == first.replace(day=1)
    assert months[-1] == last.replace(day=1)


def test_months_from_counts_fills_the_gaps_and_rounds_minutes_as_monthly_reach_does():
    # The database counted March only: 2 mentors, 1 person, 3 sessions, 145 minutes.
    # 145 / 60 = 2.41.. -> 2.4 hours. February and April had nothing.
    counted = [reach.MonthCount(date(2026, 3, 1), mentors=2, people=1, sessions=3, minutes=145)]
    months = reach.months_from_counts(counted, date(2026, 2, 10), date(2026, 4, 2))
    assert [(m.month, m.mentors, m.people, m.sessions, m.hours) for m in months] == [
        (date(2026, 2, 1), 0, 0, 0, Decimal("0.0")),
        (date(2026, 3, 1), 2, 1, 3, Decimal("2.4")),
        (date(2026, 4, 1), 0, 0, 0, Decimal("0.0")),
    ]


@given(
    st.lists(
        st.tuples(
            st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31)),
            st.integers(1, 4),
            st.integers(1, 6),
            st.integers(5, 600),
        ),
        max_size=40,
    )
)
def test_counting_by_month_first_gives_what_counting_each_session_gives(rows):
    facts = [reach.SessionFact(d, m, p, n) for d, m, p, n in rows]
    first, last = date(2025, 1, 1), date(2025, 12, 31)
    by_month: dict[date, list[reach.SessionFact]] = {}
    for fact in facts:
        by_month.setdefault(fact.happened_on.replace(day=1), []).append(fact)
    counted = [
        reach.MonthCount(
            month=month,
            mentors=len({f.mentor_id for f in group}),
            people=len({f.person_id for f in group}),
            sessions=len(group),
            minutes=sum(f.minutes for f in group),
        )
        for month, group in by_month.items()
    ]
    assert reach.months_from_counts(counted, first, last) == reach.monthly_reach(facts, first, last)
