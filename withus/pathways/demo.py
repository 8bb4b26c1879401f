"""Demo data for integrated pathways in Northvale.

One live pathway, "Recovery pathway: drugs and alcohol", £4,200 a person, with
three providers: Brightpath (the ``provider`` login's organisation), an NHS
trust, and the recovery community behind the Northvale Recovery Peer Mentors,
whose stage is linked to that scheme. About 30 people started over the last 12
months, with outcomes met at various dates. Safe to run again: nothing is
added when the pathway is already there.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from withus.core.models import LocalArea, Organisation, User
from withus.peer_support.models import Scheme

from . import services
from .models import Pathway

NAME = "Recovery pathway: drugs and alcohol"
TRUST = "Northvale NHS Foundation Trust"
PEER_SCHEME = "Northvale Recovery Peer Mentors"
PEOPLE = 30

# name, outcome, how it is checked, share %, on outcome %, providers (key, share %)
STAGES = [
    (
        "Assessment and plan",
        "The person has a recovery plan they agreed with their worker.",
        "The plan is signed by the person and their key worker.",
        "15",
        "20",
        [("brightpath", "100")],
    ),
    (
        "Treatment and detox",
        "The person finished treatment or detox.",
        "A discharge summary from the trust.",
        "45",
        "30",
        [("trust", "100")],
    ),
    (
        "Peer support into recovery",
        "The person is part of a recovery community.",
        "They met a peer mentor at least 6 times, or went to the recovery café for 8 weeks.",
        "20",
        "30",
        [("peer", "100")],
    ),
    (
        "Staying well",
        "The person is still in recovery 6 months after treatment.",
        "A six-month review with the person.",
        "20",
        "50",
        [("peer", "60"), ("brightpath", "40")],
    ),
]
# For each stage: the chance its outcome is met, and how many days after the
# start it is met (from, to).
MET = [(0.9, (10, 30)), (0.65, (60, 120)), (0.55, (90, 170)), (0.4, (230, 300))]


def load(area: LocalArea, people: dict[str, User]) -> None:
    """Called by manage.py demo after every other app's demo (safe to run again)."""
    if Pathway.objects.filter(local_area=area, name=NAME).exists():
        return
    commissioner = people["commissioner"]
    scheme = Scheme.objects.select_related("organisation").get(local_area=area, name=PEER_SCHEME)
    orgs = {
        "brightpath": Organisation.objects.get(name="Brightpath Recovery CIC"),
        "trust": Organisation.objects.get_or_create(
            name=TRUST, kind=Organisation.Kind.NHS_BODY, defaults={"local_area": area}
        )[0],
        "peer": scheme.organisation,
    }
    pathway = services.pathway_create(
        area,
        commissioner,
        name=NAME,
        description=(
            "For adults who want help to stop or cut down drugs or alcohol. One amount is "
            "paid for each person, shared between the organisations that help them at each "
            "stage, with peer support from people who have been there."
        ),
        tariff=Decimal("4200.00"),
    )
    for name, outcome, check, share, on_outcome, providers in STAGES:
        services.stage_save(
            pathway,
            commissioner,
            name=name,
            outcome=outcome,
            outcome_check=check,
            share=Decimal(share),
            on_outcome=Decimal(on_outcome),
            scheme=scheme if "Peer support" in name else None,
            providers=[(i, orgs[key], Decimal(s)) for i, (key, s) in enumerate(providers, start=1)],
        )
    services.pathway_publish(pathway, commissioner)
    # The demo's people started over the last year, so the pathway went live
    # before them (a demo shortcut; the service dates publishing to now).
    Pathway.objects.filter(pk=pathway.pk).update(published_at=timezone.now() - timedelta(days=380))
    pathway.refresh_from_db()

    rng = random.Random(20261126)
    today = timezone.localdate()
    stages = list(pathway.stages.all())
    for i in range(PEOPLE):
        person = services.person_start(
            pathway,
            commissioner,
            reference=f"NV-RP-{i + 1:04d}",
            started_on=today - timedelta(days=rng.randint(3, 365)),
        )
        for stage, (chance, (low, high)) in zip(stages, MET, strict=True):
            met_on = person.started_on + timedelta(days=rng.randint(low, high))
            if rng.random() > chance or met_on > today:
                break  # people meet a stage's outcome only after the one before
            services.outcome_record(person, commissioner, stage=stage, met_on=met_on)
