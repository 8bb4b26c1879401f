"""What SROI pages read, each in a fixed number of queries, and the sums they show."""

from decimal import Decimal

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _

from withus.contracts.models import Contract
from withus.core.models import LocalArea
from withus.cycle.ladder import bar_step
from withus.cycle.models import CommissioningProject
from withus.peer_support.models import Scheme

from . import sroi
from .models import Analysis, Input, Outcome

ZERO = Decimal("0.00")


def facts(analysis: Analysis, inputs, outcomes) -> sroi.Analysis:
    return sroi.Analysis(
        outcomes=tuple(o.facts() for o in outcomes),
        investment=sum((i.amount for i in inputs), ZERO),
        discount_rate=analysis.discount_rate,
    )


def about_choices(area: LocalArea) -> list[tuple[str, str]]:
    """What an analysis can be about: the area's schemes, projects and contracts."""
    choices = [
        (f"scheme:{s.pk}", _("Peer support: %(name)s") % {"name": s.name})
        for s in Scheme.objects.filter(local_area=area).order_by("name")
    ]
    choices += [
        (f"project:{p.pk}", _("Project: %(name)s") % {"name": p.name})
        for p in CommissioningProject.objects.filter(local_area=area).order_by("name")
    ]
    choices += [
        (f"contract:{c.pk}", _("Contract: %(name)s") % {"name": c.title})
        for c in Contract.objects.filter(local_area=area).order_by("title")
    ]
    return choices


def about_from_choice(area: LocalArea, value: str) -> dict:
    """The scheme, project or contract a choice names, as service arguments."""
    kind, _sep, pk = (value or "").partition(":")
    models = {"scheme": Scheme, "project": CommissioningProject, "contract": Contract}
    if kind not in models or not pk.isdigit():
        return {}
    found = models[kind].objects.filter(local_area=area, pk=int(pk)).first()
    return {kind: found} if found is not None else {}


def about_choice_of(analysis: Analysis) -> str:
    for kind in ("scheme", "project", "contract"):
        pk = getattr(analysis, f"{kind}_id")
        if pk:
            return f"{kind}:{pk}"
    return ""


def area_list(area: LocalArea, with_drafts: bool) -> dict:
    """Published analyses (and drafts, for their editors) with what was put in and
    the value for each £1.

    A published analysis shows the figures stored when it was published, so its
    inputs and outcomes are not read. Drafts are still changing, so theirs are
    worked out now, from the inputs and outcomes of all drafts read together:
    1 query for nobody signed in, 3 for an editor with drafts, however many.
    """
    shown = Analysis.objects.filter(local_area=area).select_related("scheme", "project", "contract")
    if not with_drafts:
        shown = shown.filter(status=Analysis.Status.PUBLISHED)
    analyses = list(shown)
    published = [
        {"analysis": a, "investment": a.investment, "ratio": a.ratio}
        for a in analyses
        if a.is_published
    ]
    drafts = [a for a in analyses if not a.is_published]
    prefetch_related_objects(
        drafts,
        Prefetch("inputs", queryset=Input.objects.only("analysis_id", "amount")),
        Prefetch("outcomes", queryset=Outcome.objects.all()),
    )
    draft_rows = []
    for a in drafts:
        result = sroi.evaluate(facts(a, a.inputs.all(), a.outcomes.all()))
        draft_rows.append({"analysis": a, "investment": result.investment, "ratio": result.ratio})
    return {"published": published, "drafts": draft_rows}


def _change_label(key: str) -> str:
    labels = {
        "deadweight_down": _("Deadweight 10 points lower"),
        "deadweight_up": _("Deadweight 10 points higher"),
        "attribution_down": _("Attribution 10 points lower"),
        "attribution_up": _("Attribution 10 points higher"),
        "displacement_down": _("Displacement 10 points lower"),
        "displacement_up": _("Displacement 10 points higher"),
        "drop_off_down": _("Drop-off 10 points lower"),
        "drop_off_up": _("Drop-off 10 points higher"),
        "duration_down": _("Every outcome lasts 1 year less"),
        "duration_up": _("Every outcome lasts 1 year more"),
        "proxy_down": _("Every value per person 25% lower"),
        "proxy_up": _("Every value per person 25% higher"),
        "discount_zero": _("Discount rate 0% (no discount)"),
        "discount_six": _("Discount rate 6%"),
    }
    return labels[key]


def percent_text(value: Decimal) -> str:
    """20.00 as "20", 12.50 as "12.5": a percentage as people write it."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def analysis_page(analysis: Analysis) -> dict:
    """Everything the analysis page shows, from 2 queries (inputs and outcomes)."""
    inputs = list(analysis.inputs.all())
    outcomes = list(analysis.outcomes.all())
    base = facts(analysis, inputs, outcomes)
    result = sroi.evaluate(base)
    span = len(result.years)
    top = max((int(v * 100) for v in result.years), default=0)
    years = [
        {
            "number": t + 1,
            "calendar": analysis.start_year + t,
            "total": result.years[t],
            "discounted": result.discounted_years[t],
            "bar": bar_step(int(result.years[t] * 100), top),
        }
        for t in range(span)
    ]
    rows = [
        {
            "outcome": o,
            "result": r,
            # One cell per year of the table; None where the outcome has ended.
            "cells": [r.years[t] if t < len(r.years) else None for t in range(span)],
            "percents": {
                name: percent_text(getattr(o, name))
                for name in ("deadweight", "attribution", "displacement", "drop_off")
            },
        }
        for o, r in zip(outcomes, result.outcomes, strict=True)
    ]
    sensitivity = [
        {
            "key": row.key,
            "label": _change_label(row.key),
            "present_value": row.present_value,
            "net_present_value": row.net_present_value,
            "ratio": row.ratio,
        }
        for row in sroi.sensitivity(base)
    ]
    by_key = {row["key"]: row for row in sensitivity}
    ratios = [row["ratio"] for row in sensitivity if row["ratio"] is not None]
    return {
        "inputs": inputs,
        "rows": rows,
        "result": result,
        "years": years,
        "sensitivity": sensitivity,
        "proxy_down": by_key["proxy_down"],
        "lowest_ratio": min(ratios, default=None),
        "highest_ratio": max(ratios, default=None),
        "break_even": sroi.break_even_proxy_fall(base),
        "people": sum(o.quantity for o in outcomes),
        "discount_rate": percent_text(analysis.discount_rate),
    }
