"""Northvale's contracts: one running for two years with KPIs in every status,
one made from the awarded tender, and a framework ending soon.

Monitoring returns go straight into the table (two years of them through the
service would only repeat the same audit entry many times); everything else
goes through the services.
"""

import random
from decimal import Decimal

from django.utils import timezone

from withus.core.models import LocalArea, Organisation, User
from withus.stories.models import RatingCriterion, Service
from withus.tendering.demo import EVALUATED
from withus.tendering.models import Tender

from . import kpi as kpi_rules
from . import services
from .models import Contract, MonitoringReturn

RUNNING = "NV-2024-007"
FROM_AWARD = f"{EVALUATED}-C"
ENDING = "NV-2025-012"


def _quarter_months_ago(today, months):
    return kpi_rules.period_start(kpi_rules.add_months(today, -months), "quarterly")


def load(area: LocalArea, people: dict[str, User]) -> None:
    if Contract.objects.filter(reference=RUNNING).exists():
        return
    rng = random.Random(2024007)
    commissioner = people["commissioner"]
    today = timezone.localdate()
    harbour = Organisation.objects.get(name="Harbour Care Ltd")
    lero = Organisation.objects.get(name="Northvale Recovery Community")
    brightpath = Organisation.objects.get(name="Brightpath Recovery CIC")

    running = services.contract_create(
        area,
        commissioner,
        reference=RUNNING,
        title="Community mental health support",
        kind="block",
        provider=harbour,
        value=Decimal("1200000.00"),
        start_date=_quarter_months_ago(today, 26),
        initial_months=36,
        extension_months=24,
    )
    services.break_clause_add(
        running,
        commissioner,
        kpi_rules.add_months(today, 4),
        "Either side may end the contract with 3 months' notice.",
    )
    services.ring_fence_add(
        running,
        commissioner,
        Decimal("120000.00"),
        "Peer support run by the local recovery organisation",
        lero,
    )
    respect = RatingCriterion.objects.get(local_area=area, wording="I was treated with respect")
    k1 = services.kpi_add(
        running,
        commissioner,
        code="K1",
        title="People seen within 7 days of referral",
        unit="%",
        target=Decimal("85"),
        direction="higher",
        frequency="quarterly",
        source="provider",
        amber_margin=Decimal("10"),
    )
    k2 = services.kpi_add(
        running,
        commissioner,
        code="K2",
        title="Average wait for a first appointment",
        unit="days",
        target=Decimal("10"),
        direction="lower",
        frequency="monthly",
        source="provider",
        amber_margin=Decimal("20"),
    )
    services.kpi_add(
        running,
        commissioner,
        code="K3",
        title="People who say they were treated with respect",
        unit="%",
        target=Decimal("80"),
        direction="higher",
        frequency="quarterly",
        source="users",
        criterion=respect,
        amber_margin=Decimal("10"),
    )
    k4 = services.kpi_add(
        running,
        commissioner,
        code="K4",
        title="Complaints answered within 20 working days",
        unit="%",
        target=Decimal("90"),
        direction="higher",
        frequency="quarterly",
        source="commissioner",
        amber_margin=Decimal("5"),
    )
    Service.objects.filter(provider=harbour, local_area=area).update(contract=running)
    writer = User.objects.filter(memberships__organisation=harbour).first() or commissioner
    now = timezone.now()
    rows = []
    due_q = kpi_rules.periods_due(running.start_date, running.end_date, today, "quarterly")
    # K1 improves from red to green; the last due quarter is missing.
    for i, period in enumerate(due_q[:-1]):
        value = Decimal(62 + i * 3 + rng.randint(0, 2))
        rows.append((k1, period, min(value, Decimal("93")), writer))
    # K2 hovers around the target and ends amber.
    due_m = kpi_rules.periods_due(running.start_date, running.end_date, today, "monthly")
    for i, period in enumerate(due_m):
        value = Decimal(16 - i // 3) + Decimal(rng.randint(0, 3))
        rows.append(
            (
                k2,
                period,
                max(value, Decimal("9")) if i < len(due_m) - 1 else Decimal("11.5"),
                writer,
            )
        )
    # K4 was green and is red now.
    for i, period in enumerate(due_q):
        value = Decimal("94") if i < len(due_q) - 2 else Decimal("78")
        rows.append((k4, period, value, commissioner))
    MonitoringReturn.objects.bulk_create(
        MonitoringReturn(kpi=k, period=p, value=v, submitted_by=who, submitted_at=now)
        for k, p, v, who in rows
    )

    tender = Tender.objects.filter(reference=EVALUATED, status=Tender.Status.AWARDED).first()
    if tender is not None:
        awarded = services.contract_create(
            area,
            commissioner,
            tender=tender,
            reference=FROM_AWARD,
            title=tender.title,
            kind="block",
            provider=tender.winning_bid.organisation,
            value=tender.winning_bid.price,
            start_date=kpi_rules.period_start(today, "monthly"),
            initial_months=60,
            extension_months=24,
        )
        first = tender.questions.get(number=1)
        services.kpi_add(
            awarded,
            commissioner,
            code="K1",
            title="People offered a first appointment within a week",
            unit="%",
            target=Decimal("90"),
            direction="higher",
            frequency="monthly",
            source="provider",
            amber_margin=Decimal("10"),
            question=first,
        )
        Service.objects.filter(provider=lero, local_area=area).update(contract=awarded)

    ending = services.contract_create(
        area,
        commissioner,
        reference=ENDING,
        title="Day opportunities framework",
        kind="framework",
        provider=brightpath,
        value=Decimal("450000.00"),
        start_date=kpi_rules.add_months(kpi_rules.period_start(today, "monthly"), -22),
        initial_months=24,
        extension_months=0,
    )
    services.kpi_add(
        ending,
        commissioner,
        code="K1",
        title="People who take part each week",
        unit="people",
        target=Decimal("120"),
        direction="higher",
        frequency="quarterly",
        source="provider",
        amber_margin=Decimal("10"),
    )
