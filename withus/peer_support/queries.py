"""What peer support pages read, each in a fixed number of queries."""

from datetime import date

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
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
    """Monthly figures and totals for sessions (a queryset), counted by the database in
    two queries, so a year of a busy area's sessions is never read row by row."""
    in_range = sessions.filter(happened_on__range=(first, last)).order_by()
    figures = {
        "mentors": Count("match__mentor_id", distinct=True),
        "people": Count("match__request_id", distinct=True),
        "sessions": Count("pk"),
        "minutes": Sum("minutes"),
    }
    months = reach.months_from_counts(
        (
            reach.MonthCount(
                month=row["month"],
                mentors=row["mentors"],
                people=row["people"],
                sessions=row["sessions"],
                minutes=row["minutes"] or 0,
            )
            for row in in_range.annotate(month=TruncMonth("happened_on"))
            .values("month")
            .annotate(**figures)
        ),
        first,
        last,
    )
    whole = in_range.aggregate(**figures)
    totals = reach.ReachTotals(
        mentors=whole["mentors"],
        people=whole["people"],
        sessions=whole["sessions"],
        hours=reach.hours(whole["minutes"] or 0),
    )
    return months, totals


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
