"""Reads that insight pages share; each runs a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from withus.core.models import LocalArea
from withus.core.roles import area_ids_with

from . import status, tally
from .models import Action, Exercise, Priority, PriorityUpdate, Statement, Theme, Vote
from .rules import VOTERS


def exercises_in(area: LocalArea) -> list[Exercise]:
    return list(
        Exercise.objects.filter(local_area=area)
        .select_related("project")
        .annotate(
            statement_count=Count("statements", distinct=True),
            theme_count=Count("themes", distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def kind_counts(exercise: Exercise) -> dict[str, int]:
    rows = Statement.objects.filter(exercise=exercise).values("kind").annotate(n=Count("id"))
    return {r["kind"]: r["n"] for r in rows}


def themes_with_statements(exercise: Exercise) -> list[Theme]:
    return list(
        Theme.objects.filter(exercise=exercise)
        .annotate(size=Count("statements"))
        .prefetch_related(Prefetch("statements", queryset=Statement.objects.order_by("id")))
        .order_by("name", "id")
    )


def unthemed(exercise: Exercise) -> list[Statement]:
    return list(Statement.objects.filter(exercise=exercise, theme__isnull=True).order_by("id"))


@dataclass(frozen=True)
class ResultRow:
    theme: Theme
    result: tally.ThemeResult


def results(exercise: Exercise) -> list[ResultRow]:
    themes = {
        t.pk: t for t in Theme.objects.filter(exercise=exercise).annotate(size=Count("statements"))
    }
    lines = [
        tally.BallotLine(ballot_id=b, theme_id=t, dots=d)
        for b, t, d in Vote.objects.filter(ballot__exercise=exercise).values_list(
            "ballot_id", "theme_id", "dots"
        )
    ]
    counted = tally.tally(lines, {pk: t.size for pk, t in themes.items()})
    return [ResultRow(theme=themes[r.theme_id], result=r) for r in counted]


def ballot_counts(exercise: Exercise) -> dict[str, int]:
    rows = exercise.ballots.values("method").annotate(n=Count("id"))
    return {r["method"]: r["n"] for r in rows}


@dataclass(frozen=True)
class PublicPriority:
    priority: Priority
    dots: int
    overdue: bool


def _priorities(queryset) -> list[Priority]:
    return list(
        queryset.select_related("theme", "exercise")
        .prefetch_related(
            # Only what the public may see: never a statement's source or equality details.
            Prefetch(
                "theme__statements",
                queryset=Statement.objects.filter(public=True)
                .only("id", "theme_id", "text")
                .order_by("id"),
            ),
            Prefetch("actions", queryset=Action.objects.order_by("due_on", "id")),
            Prefetch("updates", queryset=PriorityUpdate.objects.order_by("-updated_at", "-id")),
        )
        .order_by("exercise__created_at", "exercise_id", "rank", "id")
    )


def _dots(priority_ids: list[int]) -> dict[int, int]:
    # Summed in its own query: joined with the prefetches it would multiply.
    rows = (
        Priority.objects.filter(pk__in=priority_ids)
        .annotate(total=Sum("theme__votes__dots"))
        .values_list("pk", "total")
    )
    return {pk: total or 0 for pk, total in rows}


def public_priorities(area: LocalArea, now: datetime | None = None) -> list[PublicPriority]:
    """Every priority in the area, with its votes and whether an update is overdue."""
    now = now or timezone.now()
    priorities = _priorities(Priority.objects.filter(exercise__local_area=area))
    dots = _dots([p.pk for p in priorities])
    return [
        PublicPriority(
            priority=p,
            dots=dots.get(p.pk, 0),
            overdue=status.is_overdue(p.status, p.status_updated_at, now),
        )
        for p in priorities
    ]


def exercise_priorities(exercise: Exercise) -> list[Priority]:
    return list(
        Priority.objects.filter(exercise=exercise)
        .select_related("theme")
        .prefetch_related("actions")
        .order_by("rank", "id")
    )


def open_exercises(area: LocalArea) -> list[Exercise]:
    return list(
        Exercise.objects.filter(local_area=area, phase="collecting").order_by("-created_at")
    )


def voting_exercises_for(user) -> list[Exercise]:
    return list(
        Exercise.objects.filter(local_area_id__in=area_ids_with(user, VOTERS), phase="voting")
        .select_related("local_area")
        .annotate(mine=Count("ballots", filter=Q(ballots__voter=user)))
        .order_by("-created_at")
    )
