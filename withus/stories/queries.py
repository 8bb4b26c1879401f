"""What the story pages and reports show, each in a fixed number of queries.

Counting is done by the database (grouped counts of each rating), so a
service with ten thousand stories costs the same queries as one with ten.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from withus.cycle.ladder import bar_step

from . import figures
from .models import Rating, RatingCriterion, Reply, Service, Story

LONDON = ZoneInfo("Europe/London")


SCORE_LABELS = {
    5: _("5 – very good"),
    4: _("4 – good"),
    3: _("3 – OK"),
    2: _("2 – poor"),
    1: _("1 – very poor"),
}


@dataclass
class CriterionSummary:
    criterion: RatingCriterion
    distribution: figures.Distribution

    @property
    def rows(self) -> list[dict]:
        d = self.distribution
        if d.withheld or d.counts is None or d.shares is None:
            return []
        return [
            {
                "label": SCORE_LABELS[score],
                "count": d.counts[score - 1],
                "share": d.shares[score - 1],
                "bar": bar_step(int(d.shares[score - 1] * 10), 1000),
            }
            for score in (5, 4, 3, 2, 1)
        ]


def criteria_of(area_id: int) -> list[RatingCriterion]:
    return list(RatingCriterion.objects.filter(local_area_id=area_id, active=True))


def _counts(ratings) -> dict[int, dict[int, int]]:
    """criterion id -> {score: how many}, counted in the database."""
    found: dict[int, dict[int, int]] = defaultdict(dict)
    for criterion_id, score, n in (
        ratings.values_list("criterion_id", "score").annotate(n=Count("id")).order_by()
    ):
        found[criterion_id][score] = n
    return found


def _distribution(counts: dict[int, int]) -> figures.Distribution:
    return figures.distribution_of_counts(counts)


def summaries(criteria, ratings) -> list[CriterionSummary]:
    counts = _counts(ratings)
    return [CriterionSummary(c, _distribution(counts.get(c.pk, {}))) for c in criteria]


def service_summary(service: Service) -> tuple[int, list[CriterionSummary]]:
    published = Story.objects.filter(service=service, status=Story.Status.PUBLISHED)
    ratings = Rating.objects.filter(story__service=service, story__status=Story.Status.PUBLISHED)
    return published.count(), summaries(criteria_of(service.local_area_id), ratings)


def change_share(replies) -> tuple[int, object]:
    """Replies to concerns (a story rating anything 2 or less) that report a change."""
    concern = Exists(Rating.objects.filter(story=OuterRef("story"), score__lte=2))
    kinds = list(
        replies.filter(concern, status=Reply.Status.PUBLISHED).values_list("change", flat=True)
    )
    return len(kinds), figures.change_share(kinds)


def area_services(area, query: str = ""):
    services = Service.objects.filter(local_area=area).select_related("provider")
    if query:
        services = services.filter(
            Q(name__icontains=query) | Q(kind__icontains=query) | Q(place__icontains=query)
        )
    # A count per service by subquery, so a page of 50 counts 50 services' stories
    # (on the service-and-status index), not every story in the area.
    published = (
        Story.objects.filter(service=OuterRef("pk"), status=Story.Status.PUBLISHED)
        .order_by()
        .values("service")
        .annotate(n=Count("id"))
        .values("n")
    )
    return services.annotate(stories_count=Coalesce(Subquery(published), 0)).order_by("name")


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, time.min, tzinfo=LONDON),
        datetime.combine(end, time.max, tzinfo=LONDON),
    )


@dataclass
class ReportRow:
    name: str
    stories: int
    summaries: list[CriterionSummary]


def report(area, start: date, end: date, by: str) -> list[ReportRow]:
    """Published stories and ratings per service or per provider in the period."""
    low, high = period_bounds(start, end)
    criteria = criteria_of(area.pk)
    key = "story__service_id" if by == "service" else "story__service__provider_id"
    story_key = "service_id" if by == "service" else "service__provider_id"
    stories = (
        Story.objects.filter(
            service__local_area=area,
            status=Story.Status.PUBLISHED,
            created_at__range=(low, high),
        )
        .values_list(story_key)
        .annotate(n=Count("id"))
        .order_by()
    )
    story_counts = dict(stories)
    counts: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for group, criterion_id, score, n in (
        Rating.objects.filter(
            story__service__local_area=area,
            story__status=Story.Status.PUBLISHED,
            story__created_at__range=(low, high),
        )
        .values_list(key, "criterion_id", "score")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[group][criterion_id][score] = n
    if by == "service":
        names = dict(Service.objects.filter(local_area=area).values_list("id", "name"))
    else:
        names = dict(
            Service.objects.filter(local_area=area).values_list("provider_id", "provider__name")
        )
    rows = [
        ReportRow(
            name=names[group],
            stories=story_counts.get(group, 0),
            summaries=[
                CriterionSummary(c, _distribution(counts[group].get(c.pk, {}))) for c in criteria
            ],
        )
        for group in names
        if story_counts.get(group)
    ]
    return sorted(rows, key=lambda r: r.name)
