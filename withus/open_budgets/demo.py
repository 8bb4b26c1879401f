"""Demo data for open budgets in Northvale.

Two published years (2024 to 2025 and 2025 to 2026) of spend on nine services,
linked to the contracts demo's contracts where they exist; one saving shared
40 / 30 / 30; and a draft 2026 to 2027 only commissioners and area admins see.
Everything goes through the services, so it is audited like real work.
"""

from decimal import Decimal

from withus.contracts.models import Contract

from . import services
from .models import BudgetYear

# Contract references from withus/contracts/demo.py (looked up, never required).
DAY_OPPORTUNITIES = "NV-2025-012"
MENTAL_HEALTH = "NV-2024-007"
DRUG_AND_ALCOHOL = "NV-2026-031-C"

# service, contract reference, then (spend, people supported) for 2024, 2025 and draft 2026.
SPEND = [
    (
        "Day services (day centres)",
        DAY_OPPORTUNITIES,
        ("980000.00", 140),
        ("800000.00", 112),
        ("620000.00", 90),
    ),
    ("Peer support", "", ("62000.00", 48), ("118000.00", 96), ("165000.00", 130)),
    (
        "Personal budgets and direct payments",
        "",
        ("2350000.00", 410),
        ("2520000.00", 452),
        ("2700000.00", 495),
    ),
    ("Home care", "", ("3100000.00", 620), ("3180000.00", 605), ("3240000.00", 600)),
    ("Supported living", "", ("1840000.00", 64), ("1880000.00", 64), ("1915000.00", 65)),
    ("Advocacy", "", ("95000.00", 310), ("98000.00", None), ("101000.00", None)),
    (
        "Drug and alcohol recovery",
        DRUG_AND_ALCOHOL,
        ("1150000.00", 385),
        ("1120000.00", 402),
        ("1100000.00", 410),
    ),
    ("Carers' support", "", ("210000.00", 1150), ("226000.00", 1240), ("240000.00", 1300)),
    (
        "Community mental health support",
        MENTAL_HEALTH,
        ("400000.00", 230),
        ("400000.00", 245),
        ("400000.00", 250),
    ),
]
YEARS = (2024, 2025, 2026)
# The drug and alcohol contract is the one awarded from the demo tender: it
# starts now, so only the draft year's spend goes through it.
CONTRACT_FROM = {DRUG_AND_ALCOHOL: 2026}
PUBLISHED = (2024, 2025)


def load(area, people):
    """Called by manage.py demo after every other app's demo (safe to run again)."""
    if BudgetYear.objects.filter(local_area=area, start=YEARS[0]).exists():
        return
    commissioner = people["commissioner"]
    contracts = {
        c.reference: c
        for c in Contract.objects.filter(
            local_area=area, reference__in=[DAY_OPPORTUNITIES, MENTAL_HEALTH, DRUG_AND_ALCOHOL]
        )
    }
    for service, reference, *figures in SPEND:
        for year, (spend, supported) in zip(YEARS, figures, strict=True):
            services.line_add(
                area,
                commissioner,
                year=year,
                service=service,
                spend=Decimal(spend),
                people=supported,
                contract=(
                    contracts.get(reference) if year >= CONTRACT_FROM.get(reference, 0) else None
                ),
            )
    services.saving_add(
        area,
        commissioner,
        year=2025,
        what=(
            "Day services cost £180,000 less in 2025 to 2026. Fewer people used day-centre "
            "places, because more chose peer support or a personal budget to do what they "
            "want to do. One day centre closed after people who used it helped plan what "
            "came next."
        ),
        amount=Decimal("180000.00"),
        people_percent=Decimal("40"),
        people_pays_for=(
            "More peer mentors, and bigger personal budgets for people leaving day centres."
        ),
        commissioners_percent=Decimal("30"),
        commissioners_pays_for=(
            "Helps the council and NHS balance their budgets, so other services are not cut."
        ),
        community_percent=Decimal("30"),
        community_pays_for=(
            "Small grants for clubs, cafés and groups that everyone can use, including "
            "people who used to go to the day centre."
        ),
    )
    for year in BudgetYear.objects.filter(local_area=area, start__in=PUBLISHED):
        services.year_set_status(year, commissioner, publish=True)
