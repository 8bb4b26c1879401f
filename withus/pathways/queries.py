"""What the pathway pages read: a fixed number of queries however many people."""

from datetime import date

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q

from withus.core.pages import page_links
from withus.core.split import to_pounds

from . import tariff
from .models import OutcomeMet, Pathway, PathwayPerson, Stage, StageProvider


def stages_of(pathway: Pathway) -> list[Stage]:
    """Stages with their providers (and organisations) and schemes: 2 queries."""
    return list(
        pathway.stages.select_related("scheme__organisation").prefetch_related(
            Prefetch(
                "providers",
                queryset=StageProvider.objects.select_related("organisation"),
            )
        )
    )


def plans(stages: list[Stage]) -> list[tariff.StagePlan]:
    return [
        tariff.StagePlan(
            name=s.name,
            share=s.share,
            on_outcome=s.on_outcome,
            providers=[
                tariff.ProviderPlan(p.organisation_id, p.organisation.name, p.share)
                for p in s.providers.all()
            ],
        )
        for s in stages
    ]


def pathway_page(pathway: Pathway) -> dict:
    stages = stages_of(pathway)
    found = tariff.problems(pathway.tariff, plans(stages))
    rows = []
    if not found:
        split = tariff.split_tariff(pathway.tariff, plans(stages))
        for stage, worked in zip(stages, split, strict=True):
            rows.append(
                {
                    "stage": stage,
                    "total": to_pounds(worked.total),
                    "upfront": to_pounds(worked.upfront),
                    "on_outcome": to_pounds(worked.on_outcome),
                    "providers": [
                        {
                            "name": p.name,
                            "share": p.share,
                            "total": to_pounds(p.total),
                            "upfront": to_pounds(p.upfront),
                            "on_outcome": to_pounds(p.on_outcome),
                        }
                        for p in worked.providers
                    ],
                }
            )
    by_provider = {}
    if rows:
        lines = tariff.statement(split, started=1, met=dict.fromkeys(range(len(split)), 1))
        by_provider = {
            t.name: {
                "upfront": to_pounds(t.upfront),
                "on_outcome": to_pounds(t.on_outcome),
                "total": to_pounds(t.total),
            }
            for t in tariff.provider_totals(lines)
        }
    return {
        "stages": stages,
        "problems": found,
        "rows": rows,
        "per_provider": by_provider,
    }


# People shown a page: enough to scan, small enough to load fast on a phone.
PEOPLE_PER_PAGE = 100


def people_page(pathway: Pathway, query: str = "", page: str | None = None) -> dict:
    """One page of people, newest start first, with that page's outcomes.

    ``query`` keeps the people whose case reference contains it (any case).
    The paginator counts in the database; a page number that is not a number
    gives the first page and one past the end gives the last, as Django's
    ``get_page`` does, so an old bookmark still shows something useful.
    """
    stages = list(pathway.stages.all())
    shown = pathway.people.order_by("-started_on", "-id")
    if query:
        shown = shown.filter(reference__icontains=query)
    paged = Paginator(
        shown.select_related("recorded_by").prefetch_related(
            Prefetch("outcomes", queryset=OutcomeMet.objects.select_related("recorded_by"))
        ),
        PEOPLE_PER_PAGE,
    ).get_page(page)
    # Evaluate the slice once, so the outcomes are fetched for this page only.
    paged.object_list = list(paged.object_list)
    for person in paged.object_list:
        met = {o.stage_id: o for o in person.outcomes.all()}
        person.stage_cells = [met.get(s.pk) for s in stages]
    return {
        "stages": stages,
        "people": paged.object_list,
        "page": paged,
        "page_links": page_links(paged),
        "query": query,
    }


def period_statement(
    pathway: Pathway, start: date, end: date, only: set[int] | None = None
) -> dict:
    """What each provider is owed for people who started, and outcomes met,
    from ``start`` to ``end`` (both days included). ``only`` keeps the lines of
    those organisations (a provider sees its own)."""
    stages = stages_of(pathway)
    split = tariff.split_tariff(pathway.tariff, plans(stages))
    started = PathwayPerson.objects.filter(
        pathway=pathway, started_on__gte=start, started_on__lte=end
    ).count()
    met_counts = dict(
        Stage.objects.filter(pathway=pathway)
        .annotate(
            n=Count(
                "outcomes_met",
                filter=Q(outcomes_met__met_on__gte=start, outcomes_met__met_on__lte=end),
            )
        )
        .values_list("pk", "n")
    )
    met = {i: met_counts.get(s.pk, 0) for i, s in enumerate(stages)}
    lines = tariff.statement(split, started, met)
    if only is not None:
        lines = [line for line in lines if line.key in only]
    totals = tariff.provider_totals(lines)
    return {
        "started": started,
        "met": [(s, met[i]) for i, s in enumerate(stages)],
        "lines": [
            {
                "stage": line.stage + 1,
                "stage_name": line.stage_name,
                "provider": line.name,
                "started": line.started,
                "upfront_each": to_pounds(line.upfront_each),
                "upfront": to_pounds(line.upfront),
                "met": line.met,
                "on_outcome_each": to_pounds(line.on_outcome_each),
                "on_outcome": to_pounds(line.on_outcome),
                "total": to_pounds(line.total),
            }
            for line in lines
        ],
        "totals": [
            {
                "provider": t.name,
                "upfront": to_pounds(t.upfront),
                "on_outcome": to_pounds(t.on_outcome),
                "total": to_pounds(t.total),
            }
            for t in totals
        ],
        "upfront": to_pounds(sum(t.upfront for t in totals)),
        "on_outcome": to_pounds(sum(t.on_outcome for t in totals)),
        "total": to_pounds(sum(t.total for t in totals)),
    }


def area_pathways(area, can_manage: bool) -> list[Pathway]:
    shown = Pathway.objects.filter(local_area=area)
    if not can_manage:
        shown = shown.filter(status=Pathway.Status.LIVE)
    return list(shown.annotate(people_count=Count("people")))
