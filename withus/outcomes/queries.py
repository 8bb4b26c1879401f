"""What outcome pages read, each in a fixed number of queries."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from withus.core.pages import page_links
from withus.core.roles import has_role
from withus.cycle.ladder import bar_step

from . import evaluation as sums
from .models import Evaluation, Measure, Measurement, Participant
from .rules import SETS_UP, run_ids

SUBJECT = ("project", "pooling_group", "scheme", "contract")


def _with_subject(queryset):
    return queryset.select_related(*SUBJECT)


def area_evaluations(area, user) -> list[Evaluation]:
    """Published evaluations for everyone; every one for those who oversee the
    area; and those the person runs."""
    found = _with_subject(Evaluation.objects.filter(local_area=area)).annotate(
        people=Count("participants", filter=Q(participants__withdrawn_on__isnull=True))
    )
    if not has_role(user, area.pk, SETS_UP):
        found = found.filter(Q(published_at__isnull=False) | Q(pk__in=run_ids(user)))
    return list(found.order_by("title", "id"))


def band_labels():
    return [
        (sums.WORSE, _("Worse")),
        (sums.SAME, _("About the same")),
        (sums.BETTER, _("Better")),
    ]


def missing_labels():
    return [
        (sums.BASELINE_ONLY, _("Answered at the start only")),
        (sums.FOLLOW_UP_ONLY, _("Answered at the follow-up only")),
        (sums.NEITHER, _("Not answered yet")),
    ]


def _scores(evaluation) -> tuple[list[int], dict]:
    """Consenting people, and their scores by (person, measure, stage)."""
    people = list(
        Participant.objects.filter(evaluation=evaluation, withdrawn_on__isnull=True)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    scores = {
        (p, m, s): (score, taken)
        for p, m, s, score, taken in Measurement.objects.filter(
            participant__evaluation=evaluation, participant__withdrawn_on__isnull=True
        ).values_list("participant_id", "measure_id", "stage", "score", "taken_on")
    }
    return people, scores


def report(evaluation) -> list[dict]:
    """Each measure's aggregate report, ready for the page."""
    measures = list(evaluation.measures.all())
    people, scores = _scores(evaluation)
    labels, missing = band_labels(), missing_labels()
    out = []
    for measure in measures:
        pairs = [
            (
                (scores.get((p, measure.pk, "baseline")) or (None,))[0],
                (scores.get((p, measure.pk, "follow_up")) or (None,))[0],
            )
            for p in people
        ]
        made = sums.measure_report(
            pairs, measure.meaningful_change, measure.higher_is_better, labels, missing
        )
        out.append({"measure": measure, "report": made, **_words(measure, made)})
    return out


def _band_words(measure: Measure) -> dict[str, str]:
    step = measure.meaningful_change.normalize()
    step_text = f"{step:f}"
    if measure.higher_is_better:
        return {
            sums.WORSE: _("Score went down by %(n)s or more") % {"n": step_text},
            sums.SAME: _("Score changed by less than %(n)s") % {"n": step_text},
            sums.BETTER: _("Score went up by %(n)s or more") % {"n": step_text},
        }
    return {
        sums.WORSE: _("Score went up by %(n)s or more") % {"n": step_text},
        sums.SAME: _("Score changed by less than %(n)s") % {"n": step_text},
        sums.BETTER: _("Score went down by %(n)s or more") % {"n": step_text},
    }


def _words(measure: Measure, made: sums.MeasureReport) -> dict:
    """The numbers as the page shows them, rounded once from the exact values."""
    if made.withheld or made.change is None:
        return {"bars": [], "mean": None}
    change = made.change
    mean = sums.one_place(change.mean)
    words = {
        "mean": mean,
        "size": abs(mean),
        "went": "up" if mean > 0 else "down" if mean < 0 else "same",
        "good": (mean > 0) == measure.higher_is_better and mean != 0,
        "low": sums.one_place(change.low) if change.low is not None else None,
        "high": sums.one_place(change.high) if change.high is not None else None,
        "sd": sums.one_place(change.sd) if change.sd is not None else None,
        "se": sums.one_place(change.se) if change.se is not None else None,
        "t": change.t,
        "df": change.n - 1,
        "zero_inside": change.low is not None and change.low <= 0 <= change.high,
    }
    assert made.bands is not None
    shown = [r.participants for r in made.bands.rows if not r.withheld]
    most = max((n or 0 for n in shown), default=0)
    described = _band_words(measure)
    words["bars"] = [
        {
            "row": row,
            "words": described[row.group],
            "bar": 0 if row.withheld else bar_step(row.participants or 0, most),
        }
        for row in made.bands.rows
    ]
    return words


PAGE_SIZE = 100  # people a page on the runners' list: an evaluation can have thousands


def evaluation_page(evaluation, query: str = "", page_number: str | None = None) -> dict:
    """One page of the people in the evaluation (100, by reference; those whose
    reference contains ``query`` when given) with what they have answered, for
    the runners. Five queries whatever the size: measures, the head counts,
    the page of people, their answers, and the runners.
    """
    query = " ".join(query.split())[:150]
    measures = list(evaluation.measures.all())
    everyone = Participant.objects.filter(evaluation=evaluation)
    matching = everyone.filter(reference__icontains=query) if query else everyone
    counts = everyone.aggregate(
        total=Count("id"),
        consenting=Count("id", filter=Q(withdrawn_on__isnull=True)),
        matching=Count("id", filter=Q(reference__icontains=query)) if query else Count("id"),
    )
    paginator = Paginator(matching.order_by("reference", "id"), PAGE_SIZE)
    # Counted above with the other head counts, so the paginator need not count again.
    paginator.count = counts["matching"]
    # A page number that is not a number is page 1; one past the end, the last page.
    page = paginator.get_page(page_number)
    participants = list(page.object_list)
    have = set(
        Measurement.objects.filter(participant__in=[p.pk for p in participants]).values_list(
            "participant_id", "measure_id", "stage"
        )
    )
    rows = [
        {
            "participant": p,
            "cells": [
                {
                    "measure": m,
                    "baseline": (p.pk, m.pk, "baseline") in have,
                    "follow_up": (p.pk, m.pk, "follow_up") in have,
                }
                for m in measures
            ],
        }
        for p in participants
    ]
    return {
        "measures": measures,
        "rows": rows,
        "page": page,
        "page_links": page_links(page),
        "query": query,
        "total": counts["total"],
        "matching": counts["matching"],
        "consenting": counts["consenting"],
        "runners": list(evaluation.runners.order_by("display_name", "username")),
    }


def person_scores(participants) -> list[dict]:
    """For each participant: each measure, with their baseline, follow-up and change."""
    participants = list(participants)
    ids = [p.pk for p in participants]
    measures: dict[int, list[Measure]] = {}
    for m in Measure.objects.filter(evaluation__participants__pk__in=ids).distinct():
        measures.setdefault(m.evaluation_id, []).append(m)
    scores: dict[tuple[int, int], dict[str, Measurement]] = {}
    for s in Measurement.objects.filter(participant_id__in=ids):
        scores.setdefault((s.participant_id, s.measure_id), {})[s.stage] = s
    out = []
    for p in participants:
        rows = []
        for m in sorted(measures.get(p.evaluation_id, []), key=lambda m: m.pk):
            got = scores.get((p.pk, m.pk), {})
            base, follow = got.get("baseline"), got.get("follow_up")
            change = follow.score - base.score if base and follow else None
            rows.append({"measure": m, "baseline": base, "follow_up": follow, "change": change})
        out.append({"participant": p, "rows": rows})
    return out


def my_outcomes(user) -> list[dict]:
    return person_scores(
        Participant.objects.filter(user=user)
        .select_related("evaluation__local_area", *(f"evaluation__{s}" for s in SUBJECT))
        .order_by("evaluation__title", "id")
    )
