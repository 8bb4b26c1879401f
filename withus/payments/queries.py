"""What payment pages read, each in a fixed number of queries."""

from datetime import date

from django.db.models import Exists, OuterRef

from withus.core.models import LocalArea
from withus.core.roles import roles_of
from withus.cycle.models import InvolvementRecord

from . import sums
from .models import Claim, PaymentBatch, PaymentChoice, PaymentRate, Unit


def rate_table(area: LocalArea, on: date) -> dict:
    """The rates in force on a date, one per unit, and every rate ever published."""
    every = list(PaymentRate.objects.filter(local_area=area).order_by("unit", "-effective_from"))
    facts = [sums.Rate(r.unit, r.amount, r.effective_from) for r in every]
    in_force = []
    for unit, label in Unit.choices:
        rate = sums.rate_on(facts, unit, on)
        in_force.append({"unit": unit, "label": label, "rate": rate})
    return {
        "in_force": in_force,
        "history": every,
        "upcoming": [r for r in every if r.effective_from > on],
        "on": on,
    }


def claims_page(area: LocalArea) -> dict:
    claims = list(
        Claim.objects.filter(local_area=area)
        .exclude(status=Claim.Status.SENT)
        .select_related("claimant", "record")
        .order_by("made_at", "id")
    )
    by_status = {s: [c for c in claims if c.status == s] for s in Claim.Status.values}
    approved = by_status[Claim.Status.APPROVED]
    return {
        "submitted": by_status[Claim.Status.SUBMITTED],
        "queried": by_status[Claim.Status.QUERIED],
        "approved": approved,
        "approved_total": sum((c.total for c in approved), sums.ZERO),
        "batches": list(PaymentBatch.objects.filter(local_area=area).select_related("made_by")),
    }


def batch_rows(batch: PaymentBatch):
    return (
        Claim.objects.filter(batch=batch)
        .select_related("claimant", "record", "decided_by")
        .order_by("claimant__username", "id")
    )


def my_claims(user) -> dict:
    claims = list(
        Claim.objects.filter(claimant=user)
        .select_related("record__project", "local_area")
        .order_by("-made_at", "-id")
    )
    paid = [c for c in claims if c.status in (Claim.Status.APPROVED, Claim.Status.SENT)]
    area_ids = {a for a, _r in roles_of(user)}
    choices = dict(PaymentChoice.objects.filter(user=user).values_list("local_area_id", "choice"))
    areas = list(LocalArea.objects.filter(pk__in=area_ids))
    unclaimed = list(
        InvolvementRecord.objects.filter(participants=user)
        .annotate(claimed=Exists(Claim.objects.filter(record=OuterRef("pk"), claimant=user)))
        .filter(claimed=False)
        .select_related("project")
        .order_by("-happened_on")[:20]
    )
    labels = dict(PaymentChoice.Choice.choices)
    return {
        "claims": claims,
        "years": sums.totals_by_tax_year((c.record.happened_on, c.fee, c.expenses) for c in paid),
        "areas": [
            {"area": a, "choice": choices.get(a.pk, ""), "label": labels.get(choices.get(a.pk))}
            for a in areas
        ],
        "unclaimed": unclaimed,
    }
