"""Demo data for outcomes and evaluation in Northvale.

The Northvale Recovery Peer Mentors scheme (made by the peer support demo,
coordinated by the ``facilitator`` login) is evaluated with SWEMWBS, a measure
made with the recovery community's lived-experience group ("I feel in control
of my recovery", 1 to 10) and GP visits in the last 3 months (fewer is better).
40 people agreed to take part; all answered at the start and 32 again after 6
months. The ``expert`` login is one of them, so My outcomes shows their scores.
The report is published. Random numbers use a fixed seed, so every run is the same.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from withus.peer_support.models import Scheme

from . import services
from .models import Evaluation

SCHEME = "Northvale Recovery Peer Mentors"
TITLE = "Does peer mentoring help recovery?"
PEOPLE = 40
NO_FOLLOW_UP = 8
GROUP = "the Northvale Recovery Community lived-experience group"


def _answers(rng: random.Random, level: float) -> list[int]:
    return [max(1, min(5, round(rng.gauss(level, 0.8)))) for _ in range(7)]


def _later(rng: random.Random, answers: list[int], bad_patch: bool) -> list[int]:
    """Six months on: most answers the same or a step better; a few people had a
    bad patch (a relapse, a loss), and most of their answers are a step worse."""
    weights = (9, 1, 0) if bad_patch else (0, 4, 6)
    return [max(1, min(5, a + rng.choices((-1, 0, 1), weights)[0])) for a in answers]


def load(area, people):
    """Called by manage.py demo after every other app's demo (safe to run again)."""
    scheme = Scheme.objects.filter(local_area=area, name=SCHEME).first()
    if scheme is None or Evaluation.objects.filter(scheme=scheme, title=TITLE).exists():
        return
    rng = random.Random(20261126)
    today = timezone.localdate()
    runner = people["facilitator"]
    evaluation = services.evaluation_create(
        area, people["commissioner"], title=TITLE, subject=scheme, follow_up_months=6
    )
    wellbeing = services.measure_add(evaluation, runner, kind="swemwbs")
    control = services.measure_add(
        evaluation,
        runner,
        kind="co_produced",
        name="In control of my recovery",
        wording="I feel in control of my recovery",
        scale_min=1,
        scale_max=10,
        direction="higher",
        meaningful_change=Decimal(1),
        co_produced_with=GROUP,
    )
    gp = services.measure_add(
        evaluation,
        runner,
        kind="co_produced",
        name="GP visits",
        wording="How many times have you seen a GP in the last 3 months?",
        scale_min=0,
        scale_max=30,
        direction="lower",
        meaningful_change=Decimal(1),
        co_produced_with=GROUP,
    )
    missing = set(rng.sample(range(1, PEOPLE), NO_FOLLOW_UP))  # the expert (0) has both
    for i in range(PEOPLE):
        start = today - timedelta(days=rng.randint(200, 260))
        person = services.participant_add(
            evaluation,
            runner,
            reference=f"RPM-{i + 1:02d}",
            consent=True,
            consent_on=start - timedelta(days=rng.randint(0, 7)),
            user=people["expert"] if i == 0 else None,
        )
        first = _answers(rng, rng.uniform(2.0, 3.2))
        feeling = rng.randint(2, 6)
        visits = rng.randint(0, 6)
        for measure, kwargs in (
            (wellbeing, {"items": first}),
            (control, {"score": feeling}),
            (gp, {"score": visits}),
        ):
            services.measurement_record(
                person, measure, runner, stage="baseline", taken_on=start, **kwargs
            )
        if i in missing:
            continue
        later = min(start + timedelta(days=rng.randint(175, 195)), today)
        for measure, kwargs in (
            (wellbeing, {"items": _later(rng, first, bad_patch=i % 4 == 3)}),
            (control, {"score": max(1, min(10, feeling + rng.randint(-1, 4)))}),
            (gp, {"score": max(0, visits - rng.randint(-1, 2))}),
        ):
            services.measurement_record(
                person, measure, runner, stage="follow_up", taken_on=later, **kwargs
            )
    services.publish(evaluation, runner)
