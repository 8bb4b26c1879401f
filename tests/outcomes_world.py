"""A small outcome evaluation for the outcomes tests.

The peer support scheme from tests/conftest.py ("Northvale Peer Mentors",
coordinated by ``coordinator``) is evaluated with SWEMWBS and one measure made
with the lived-experience group ("I feel in control of my recovery", 1 to 10,
higher is better). Everyone agreed on 1 March 2026; baselines are on 2 March,
follow-ups on 2 September 2026.
"""

from datetime import date
from decimal import Decimal

from withus.outcomes import services

CONSENT = date(2026, 3, 1)
START = date(2026, 3, 2)
LATER = date(2026, 9, 2)

# SWEMWBS answers giving raw 21 (metric 19.25) and raw 24 (metric 21.54).
RAW_21 = [3, 3, 3, 3, 3, 3, 3]
RAW_24 = [4, 4, 4, 3, 3, 3, 3]


def make_evaluation(area, commissioner, scheme):
    return services.evaluation_create(
        area, commissioner, title="Does mentoring help?", subject=scheme, follow_up_months=6
    )


def add_wellbeing(evaluation, coordinator):
    return services.measure_add(evaluation, coordinator, kind="swemwbs")


def add_control(evaluation, coordinator):
    return services.measure_add(
        evaluation,
        coordinator,
        kind="co_produced",
        name="In control",
        wording="I feel in control of my recovery",
        scale_min=1,
        scale_max=10,
        direction="higher",
        meaningful_change=Decimal("1"),
        co_produced_with="Northvale recovery lived-experience group",
    )


def add_people(evaluation, by, n: int, prefix: str = "P", user_for_first=None):
    return [
        services.participant_add(
            evaluation,
            by,
            reference=f"{prefix}{i:03d}",
            consent=True,
            consent_on=CONSENT,
            user=user_for_first if i == 0 else None,
        )
        for i in range(n)
    ]


def score(participant, measure, by, stage, on, *, items=None, value=None):
    return services.measurement_record(
        participant, measure, by, stage=stage, taken_on=on, items=items, score=value
    )
