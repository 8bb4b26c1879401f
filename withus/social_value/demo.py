"""Demo data for social return on investment in Northvale.

One published analysis of the Northvale Recovery Peer Mentors scheme (made by
the peer support demo) and one draft, both made through the services so every
step is in the audit log. Safe to run again: an analysis already there by its
title is left alone.

The values per person are ILLUSTRATIVE, in the style of the Greater Manchester
Unit Cost Database and wellbeing valuation: they show how an analysis reads, and
are not figures to quote.
"""

from decimal import Decimal

from django.utils import timezone

from withus.core.models import LocalArea, User
from withus.peer_support.models import Scheme

from . import services
from .models import Analysis

SCHEME = "Northvale Recovery Peer Mentors"
PUBLISHED = "Northvale Recovery Peer Mentors: first year"
DRAFT = "Northvale Recovery Peer Mentors: second year (draft)"

D = Decimal

# Volunteer mentors' time is valued at the National Living Wage (April 2025,
# £12.21 an hour): it was given, not free, and leaving it out would flatter
# the return.
INPUTS = (
    ("Northvale Council", "Public health grant for the year", D("70000.00")),
    ("NHS Northvale Integrated Care Board", "Contribution for the year", D("35000.00")),
    (
        "Volunteer peer mentors",
        "1,200 hours of mentoring, valued at £12.21 an hour",
        D("14652.00"),
    ),
)

OUTCOMES = (
    {
        "stakeholder": "People in recovery with a peer mentor",
        "description": "Stayed free of drugs or alcohol for at least 6 months",
        "indicator": "Recovery check at 6 months, agreed with the person and their key worker",
        "quantity": 34,
        "proxy": D("5200.00"),
        "proxy_source": (
            "Illustrative: yearly cost to health, police and courts of a person still "
            "using, in the style of the Unit Cost Database"
        ),
        "deadweight": D("30"),
        "attribution": D("35"),
        "displacement": D("0"),
        "drop_off": D("25"),
        "duration": 3,
    },
    {
        "stakeholder": "NHS Northvale (A&E)",
        "description": "Fewer visits to A&E",
        "indicator": "A&E visits in the year before and the year after, from the person",
        "quantity": 45,
        "proxy": D("520.00"),
        "proxy_source": "Illustrative: 2 fewer A&E visits a year at about £260 each",
        "deadweight": D("25"),
        "attribution": D("40"),
        "displacement": D("0"),
        "drop_off": D("50"),
        "duration": 2,
    },
    {
        "stakeholder": "Peer mentors",
        "description": "Moved into paid work",
        "indicator": "Mentors who started paid work of 16 hours a week or more",
        "quantity": 7,
        "proxy": D("14500.00"),
        "proxy_source": (
            "Illustrative: gain to the person and the public purse of moving from "
            "benefits into work, in the style of the Unit Cost Database"
        ),
        "deadweight": D("35"),
        "attribution": D("40"),
        "displacement": D("10"),
        "drop_off": D("20"),
        "duration": 3,
    },
    {
        "stakeholder": "People in recovery with a peer mentor",
        "description": "Feel better in themselves",
        "indicator": (
            "A rise of 3 points or more on SWEMWBS, a short wellbeing questionnaire, "
            "from the start to 6 months"
        ),
        "quantity": 48,
        "proxy": D("3000.00"),
        "proxy_source": "Illustrative: wellbeing valuation of feeling better in yourself",
        "deadweight": D("20"),
        "attribution": D("40"),
        "displacement": D("0"),
        "drop_off": D("50"),
        "duration": 2,
    },
    {
        "stakeholder": "Families of people in recovery",
        "description": "Families feel less worried and get on better",
        "indicator": "Family members asked at the start and at 6 months",
        "quantity": 30,
        "proxy": D("1800.00"),
        "proxy_source": "Illustrative: wellbeing valuation of less worry for a family member",
        "deadweight": D("25"),
        "attribution": D("50"),
        "displacement": D("0"),
        "drop_off": D("50"),
        "duration": 2,
    },
)


def load(area: LocalArea, people: dict[str, User]) -> None:
    """Called by manage.py demo after every other app's demo (safe to run again)."""
    scheme = Scheme.objects.filter(local_area=area, name=SCHEME).first()
    commissioner = people["commissioner"]
    first_year = timezone.localdate().year - 1
    if not Analysis.objects.filter(local_area=area, title=PUBLISHED).exists():
        analysis = services.analysis_create(
            area,
            commissioner,
            title=PUBLISHED,
            summary=(
                "What the council and the NHS put into the recovery peer mentors in their "
                "first year, what changed for the people they mentored, for the mentors "
                "themselves and for families, and what those changes are worth."
            ),
            start_year=first_year,
            scheme=scheme,
        )
        for contributor, description, amount in INPUTS:
            services.input_add(
                analysis,
                commissioner,
                contributor=contributor,
                description=description,
                amount=amount,
            )
        for values in OUTCOMES:
            services.outcome_add(analysis, commissioner, **values)
        services.analysis_publish(analysis, people.get("areaadmin", commissioner))
    if not Analysis.objects.filter(local_area=area, title=DRAFT).exists():
        draft = services.analysis_create(
            area,
            commissioner,
            title=DRAFT,
            summary="Work in progress: the second year, with the wider family offer.",
            start_year=first_year + 1,
            scheme=scheme,
        )
        services.input_add(
            draft,
            commissioner,
            contributor="Northvale Council",
            description="Public health grant for the year",
            amount=D("72000.00"),
        )
        services.outcome_add(draft, commissioner, **OUTCOMES[0])
