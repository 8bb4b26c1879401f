"""What the contract pages show, read in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch
from django.db.models.functions import TruncMonth
from django.utils import timezone

from withus.cycle.ladder import bar_step

from . import kpi as kpi_rules
from .models import KPI, Contract, MonitoringReturn


@dataclass
class Point:
    period: date
    label: str
    value: Decimal | None
    status: str  # green, amber, red, or "withheld" / "missing"
    bar: int


@dataclass
class KpiView:
    kpi: KPI
    points: list[Point]
    latest: Point | None
    missing: list[str]


def share_of_good(counts: dict[int, int], minimum: int = 5) -> Decimal | None:
    """The share of ratings of 4 or 5, in %, 1 place; withheld below 5 ratings."""
    total = sum(counts.values())
    if total < minimum:
        return None
    good = sum(n for score, n in counts.items() if score >= 4)
    return (Decimal(good * 100) / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def user_reported_values(kpis: list[KPI]) -> dict[int, dict[date, dict[int, int]]]:
    """How many of each rating published stories gave each KPI's contract, by period.

    Counted in the database by month (one query, however many stories), then
    months are folded into the KPI's own periods.
    """
    from withus.stories.models import Rating, Story

    wanted = [k for k in kpis if k.source == KPI.Source.USERS]
    found: dict[int, dict[date, dict[int, int]]] = {k.pk: {} for k in wanted}
    if not wanted:
        return found
    rows = (
        Rating.objects.filter(
            story__service__contract_id__in={k.contract_id for k in wanted},
            story__status=Story.Status.PUBLISHED,
            criterion_id__in={k.criterion_id for k in wanted},
        )
        .annotate(month=TruncMonth("story__created_at"))
        .values_list("story__service__contract_id", "criterion_id", "month", "score")
        .annotate(n=Count("id"))
        .order_by()
    )
    for contract_id, criterion_id, month, score, n in rows:
        day = month.date() if hasattr(month, "date") else month
        for k in wanted:
            if k.contract_id == contract_id and k.criterion_id == criterion_id:
                counts = found[k.pk].setdefault(kpi_rules.period_start(day, k.frequency), {})
                counts[score] = counts.get(score, 0) + n
    return found


def kpi_views(contract: Contract, today: date | None = None) -> list[KpiView]:
    today = today or timezone.localdate()
    kpis = list(
        contract.kpis.select_related(
            "question", "requirement", "priority__theme", "criterion"
        ).prefetch_related(
            Prefetch("returns", queryset=MonitoringReturn.objects.order_by("period"))
        )
    )
    from_stories = user_reported_values(kpis)
    views = []
    for k in kpis:
        if k.source == KPI.Source.USERS:
            values = {
                period: share_of_good(counts)
                for period, counts in sorted(from_stories[k.pk].items())
            }
        else:
            values = {r.period: r.value for r in k.returns.all()}
        reported = [v for v in values.values() if v is not None]
        top = max([k.target, *reported]) if reported else k.target
        points = []
        for period, value in sorted(values.items()):
            status = (
                "withheld"
                if value is None
                else kpi_rules.rag(value, k.target, k.direction, k.amber_margin)
            )
            points.append(
                Point(
                    period=period,
                    label=kpi_rules.period_label(period, k.frequency),
                    value=value,
                    status=status,
                    bar=bar_step(int(value * 100), int(top * 100))
                    if value is not None and top
                    else 0,
                )
            )
        due = kpi_rules.periods_due(contract.start_date, contract.end_date, today, k.frequency)
        missing = kpi_rules.missing_periods(due, set(values))
        views.append(
            KpiView(
                kpi=k,
                points=points,
                latest=points[-1] if points else None,
                missing=[kpi_rules.period_label(p, k.frequency) for p in missing]
                if k.source != KPI.Source.USERS
                else [],
            )
        )
    return views


def contracts_for(user, area, oversees: bool):
    contracts = Contract.objects.filter(local_area=area).select_related("provider")
    if not oversees:
        from withus.tendering.rules import provider_organisation_ids

        contracts = contracts.filter(provider_id__in=provider_organisation_ids(user, area.pk))
    return list(contracts.prefetch_related("breaks"))


def warnings_for(contracts: list[Contract], today: date | None = None):
    today = today or timezone.localdate()
    found = []
    for c in contracts:
        for w in kpi_rules.warnings(today, c.end_date, [b.on for b in c.breaks.all()]):
            found.append((w, c))
    return sorted(found, key=lambda pair: (pair[0].on, pair[1].reference))
