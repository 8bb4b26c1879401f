"""What peer support pages read, each in a fixed number of queries."""

from datetime import date

from django.db.models import Count, F, Q
from django.utils import timezone

from . import reach
from .models import Match, Mentor, MentorSession, Scheme

MONTHS_SHOWN = 12


def reach_window(today: date | None = None) -> tuple[date, date]:
    """The last 12 whole months and this one so far."""
    today = today or timezone.localdate()
    year, month = today.year, today.month - (MONTHS_SHOWN - 1)
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1), today


def reach_of(sessions, first: date, last: date):
    """Monthly figures and totals for sessions (a queryset), in one query."""
    facts = [
        reach.SessionFact(happened_on=d, mentor_id=m, person_id=p, minutes=n)
        for d, m, p, n in sessions.filter(happened_on__range=(first, last)).values_list(
            "happened_on", "match__mentor_id", "match__request_id", "minutes"
        )
    ]
    return reach.monthly_reach(facts, first, last), reach.reach_totals(facts, first, last)


def area_sessions(area):
    return MentorSession.objects.filter(match__mentor__scheme__local_area=area)


def scheme_sessions(scheme):
    return MentorSession.objects.filter(match__mentor__scheme=scheme)


def schemes_with_counts(area):
    return (
        Scheme.objects.filter(local_area=area)
        .select_related("organisation")
        .annotate(
            active_mentors=Count("mentors", filter=Q(mentors__active=True), distinct=True),
            waiting=Count("requests", filter=Q(requests__status="waiting"), distinct=True),
        )
    )


def open_counts(scheme) -> dict[int, int]:
    return dict(
        Mentor.objects.filter(scheme=scheme)
        .annotate(n=Count("matches", filter=Q(matches__closed_on__isnull=True)))
        .values_list("pk", "n")
    )


def matches_of_mentor_user(user):
    return (
        Match.objects.filter(mentor__user=user)
        .select_related("mentor__scheme", "request")
        .annotate(session_count=Count("sessions"))
        # Open matches (no closing date) first on every database: PostgreSQL would
        # otherwise put NULLs last, SQLite first.
        .order_by(F("closed_on").asc(nulls_first=True), "-started_on")
    )
