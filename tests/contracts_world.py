"""Contracts and stories for tests that need them, built through the services.

- ``contract``: held by the provider's organisation ("Brightpath"), with a
  provider KPI (K1, quarterly, target 85%, higher is better), a commissioner
  KPI (K2) and a KPI from stories (K3, on "I was treated with respect").
- ``service``: run by Brightpath under that contract; ``other_service`` by
  Harbour Care, under no contract.
- ``pending``: a story waiting for moderation, with a phone number and an
  author's email; ``published``: a published story about ``service`` rating
  respect 2 (a concern); ``reply``: Brightpath's reply to another concern,
  saying a change is planned, waiting for the moderator's check.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from withus.contracts import services as contracts
from withus.core.models import Membership, Organisation, Role
from withus.stories import services as stories
from withus.stories.models import RatingCriterion, SafeguardingRoute, Service, Story

AUTHOR_EMAIL = "author.private@example.com"


def _publish(story, moderator, criticality=2):
    return stories.story_moderate(
        story,
        moderator,
        version=story.version,
        decision="publish",
        text=story.text,
        criticality=criticality,
        reason="",
    )


def build(area, commissioner, provider, moderator) -> dict:
    brightpath, _ = Organisation.objects.get_or_create(
        name="Brightpath", defaults={"kind": Organisation.Kind.PROVIDER}
    )
    Membership.objects.update_or_create(
        user=provider, local_area=area, role=Role.PROVIDER, defaults={"organisation": brightpath}
    )
    harbour = Organisation.objects.create(name="Harbour Care", kind=Organisation.Kind.PROVIDER)
    respect = RatingCriterion.objects.create(
        local_area=area, wording="I was treated with respect", position=1
    )
    help_ = RatingCriterion.objects.create(
        local_area=area, wording="I could get help when I needed it", position=2
    )
    SafeguardingRoute.objects.create(
        local_area=area, name="Northvale Safeguarding Hub", contact="hub@northvale.example"
    )
    contract = contracts.contract_create(
        area,
        commissioner,
        reference="C-1",
        title="Recovery support",
        kind="block",
        provider=brightpath,
        value=Decimal("300000.00"),
        start_date=date(2025, 4, 1),
        initial_months=36,
        extension_months=24,
    )
    k1 = contracts.kpi_add(
        contract,
        commissioner,
        code="K1",
        title="Seen within 7 days",
        unit="%",
        target=Decimal("85"),
        direction="higher",
        frequency="quarterly",
        source="provider",
        amber_margin=Decimal("10"),
    )
    k2 = contracts.kpi_add(
        contract,
        commissioner,
        code="K2",
        title="Complaints answered in time",
        unit="%",
        target=Decimal("90"),
        direction="higher",
        frequency="quarterly",
        source="commissioner",
        amber_margin=Decimal("5"),
    )
    k3 = contracts.kpi_add(
        contract,
        commissioner,
        code="K3",
        title="Treated with respect",
        unit="%",
        target=Decimal("80"),
        direction="higher",
        frequency="quarterly",
        source="users",
        criterion=respect,
        amber_margin=Decimal("10"),
    )
    service = Service.objects.create(
        local_area=area,
        name="Brightpath Recovery Hub",
        kind="Recovery",
        place="Northvale",
        provider=brightpath,
        contract=contract,
    )
    other = Service.objects.create(
        local_area=area, name="Harbour Crisis Café", kind="Crisis", provider=harbour
    )
    pending = stories.story_tell(
        service,
        text="Nobody called me back. Ring me on 07700 900123.",
        ratings={respect.pk: 2, help_.pk: 1},
        contact_email=AUTHOR_EMAIL,
    )
    published = _publish(
        stories.story_tell(service, text="I was talked down to.", ratings={respect.pk: 2}),
        moderator,
    )
    concern = _publish(
        stories.story_tell(service, text="The drop-in was cancelled.", ratings={help_.pk: 1}),
        moderator,
    )
    reply = stories.reply_write(
        concern,
        provider,
        brightpath,
        text="Sorry.",
        change="planned",
        change_description="A second evening worker from January.",
    )
    return {
        "brightpath": brightpath,
        "harbour": harbour,
        "respect": respect,
        "help": help_,
        "contract": contract,
        "k1": k1,
        "k2": k2,
        "k3": k3,
        "service": service,
        "other_service": other,
        "pending": Story.objects.get(pk=pending.pk),
        "published": published,
        "concern": concern,
        "reply": reply,
        "now": timezone.now(),
    }
