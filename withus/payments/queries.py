"""What payment pages read, each in a fixed number of queries."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

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


# A queue page shows the oldest claims of each kind; the counts cover them all.
SHOWN = 100


def claims_page(area: LocalArea) -> dict:
    """Counts and the approved total from the database, and the oldest claims of each kind."""
    waiting = Claim.objects.filter(local_area=area)
    figures = waiting.aggregate(
        submitted=Count("pk", filter=Q(status=Claim.Status.SUBMITTED)),
        queried=Count("pk", filter=Q(status=Claim.Status.QUERIED)),
        approved=Count("pk", filter=Q(status=Claim.Status.APPROVED)),
        approved_total=Sum("total", filter=Q(status=Claim.Status.APPROVED)),
    )

    def oldest(status):
        return list(
            waiting.filter(status=status)
            .select_related("claimant", "record")
            .order_by("made_at", "id")[:SHOWN]
        )

    return {
        "submitted": oldest(Claim.Status.SUBMITTED),
        "queried": oldest(Claim.Status.QUERIED),
        "approved": oldest(Claim.Status.APPROVED),
        "counts": figures,
        "shown": SHOWN,
        "approved_total": figures["approved_total"] or sums.ZERO,
        "batches": list(
            PaymentBatch.objects.filter(local_area=area).select_related("made_by")[:SHOWN]
        ),
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
        # Only what has happened: a claim waits until then.
        InvolvementRecord.objects.filter(participants=user, happened_on__lte=timezone.localdate())
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
