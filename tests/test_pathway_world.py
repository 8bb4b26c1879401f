"""A small pathway world for the pathway tests, and a check that it builds.

Tariff £2,750.00 a person; stages 20 / 50 / 30; 25% of each paid on the outcome.
  Stage 1 Assessment: Brightpath 100%      -> 55000p: upfront 41250, outcome 13750
  Stage 2 Treatment: Trust 60, Brightpath 40 -> 137500p: Trust 82500 (61875 / 20625),
                                               Brightpath 55000 (41250 / 13750)
  Stage 3 Peer support: the LERO 100%, linked to its scheme -> 82500p (61875 / 20625)
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from withus.core.models import Membership, Organisation
from withus.pathways import services
from withus.pathways.models import Pathway

D = Decimal


def organisations(area, scheme) -> dict[str, Organisation]:
    return {
        "brightpath": Organisation.objects.create(
            name="Brightpath Recovery CIC", kind=Organisation.Kind.PROVIDER
        ),
        "trust": Organisation.objects.create(
            name="Northvale NHS Trust", kind=Organisation.Kind.NHS_BODY, local_area=area
        ),
        "lero": scheme.organisation,
    }


def draft(area, commissioner, scheme, orgs=None) -> Pathway:
    orgs = orgs or organisations(area, scheme)
    pathway = services.pathway_create(
        area, commissioner, name="Recovery pathway", description="", tariff=D("2750.00")
    )
    stages = [
        ("Assessment", "20", None, [("brightpath", "100")]),
        ("Treatment", "50", None, [("trust", "60"), ("brightpath", "40")]),
        ("Peer support", "30", scheme, [("lero", "100")]),
    ]
    for name, share, linked, providers in stages:
        services.stage_save(
            pathway,
            commissioner,
            name=name,
            outcome=f"{name} done",
            outcome_check="",
            share=D(share),
            on_outcome=D("25"),
            scheme=linked,
            providers=[(i, orgs[k], D(s)) for i, (k, s) in enumerate(providers, start=1)],
        )
    return pathway


def live(area, commissioner, scheme) -> Pathway:
    return services.pathway_publish(draft(area, commissioner, scheme), commissioner)


def with_people(pathway, commissioner, n: int, start: date | None = None) -> list:
    """``n`` people starting a day apart; every other one met stage 1 a week later."""
    start = start or timezone.localdate() - timedelta(days=n + 30)
    stages = list(pathway.stages.all())
    people = []
    for i in range(n):
        person = services.person_start(
            pathway, commissioner, reference=f"CASE-{i:04d}", started_on=start + timedelta(days=i)
        )
        if i % 2 == 0:
            services.outcome_record(
                person, commissioner, stage=stages[0], met_on=person.started_on + timedelta(days=7)
            )
        people.append(person)
    return people


def provider_for(provider, org) -> None:
    Membership.objects.filter(user=provider).update(organisation=org)


def test_the_world_builds_a_live_pathway_with_people(area, commissioner, scheme):
    pathway = live(area, commissioner, scheme)
    people = with_people(pathway, commissioner, 4)
    assert pathway.is_live
    assert [s.share for s in pathway.stages.all()] == [D(20), D(50), D(30)]
    assert pathway.stages.get(position=3).scheme == scheme
    assert len(people) == 4
    assert sum(p.outcomes.count() for p in people) == 2
