"""Two demo tenders in Northvale: one fully evaluated and awarded, one open for bids.

The evaluated tender has four bids. The lived-experience panel holds 20% and
its minimum score stops one bid; one bid is abnormally low and is asked to
explain (it gets the full price marks but loses on quality); the user-led
recovery organisation wins. Every step
goes through the same services people use, so the audit log is real too.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from withus.core.models import LocalArea, Membership, Organisation, Role, User
from withus.cycle.models import CommissioningProject
from withus.insight.models import Priority

from . import services
from .forms import NOON, PUBLISH_AT, at
from .models import Evaluator, SetBy, Tender

EVALUATED = "NV-2026-031"
OPEN = "NV-2027-004"

QUESTIONS = [
    # text, weight, minimum, set by, requirement index
    (
        "How will you make sure people can get a first appointment within a week, "
        "including evenings and weekends?",
        "15",
        2,
        SetBy.COMMISSIONER,
        0,
    ),
    ("How will you support people after their treatment ends?", "15", 2, SetBy.COMMISSIONER, 1),
    (
        "How will you pay, train and support your staff, volunteers and peer workers?",
        "10",
        0,
        SetBy.COMMISSIONER,
        None,
    ),
    (
        "In plain words, what is your offer to the people who will use this service?",
        "12",
        2,
        SetBy.PANEL,
        2,
    ),
    (
        "How will people who use the service check it and change it with you?",
        "8",
        0,
        SetBy.PANEL,
        2,
    ),
]

# bidder key: (name, kind, price, consensus scores Q1..Q5)
BIDS = {
    "brightpath": ("Brightpath Recovery CIC", "3550000.00", (4, 4, 3, 4, 3)),
    "harbour": ("Harbour Care Ltd", "3300000.00", (3, 3, 3, 1, 2)),
    "lero": ("Northvale Recovery Community", "3480000.00", (4, 5, 4, 5, 5)),
    "quickstep": ("QuickStep Support Ltd", "2350000.00", (3, 2, 1, 2, 1)),
}

ANSWERS = {
    "brightpath": "We will open three evening clinics a week and a Saturday drop-in, booked "
    "through one phone number and online.",
    "harbour": "We will use our existing national booking line, open 9 to 5 on weekdays.",
    "lero": "Peer workers who have been through treatment in Northvale will answer the phone "
    "seven days a week, and book people in within five days.",
    "quickstep": "We will offer appointments when staff are available.",
}


def _person(username: str, name: str) -> User:
    user, _ = User.objects.get_or_create(username=username)
    user.display_name = name
    user.first_name, _sep, user.last_name = name.partition(" ")
    user.set_unusable_password()
    user.save()
    return user


def _bidder(area: LocalArea, key: str, name: str) -> tuple[Organisation, User]:
    kind = Organisation.Kind.USER_LED if key == "lero" else Organisation.Kind.PROVIDER
    org, _ = Organisation.objects.get_or_create(name=name, kind=kind)
    if key == "brightpath":
        user = User.objects.get(username="provider")  # the demo's provider login
    else:
        user = _person(f"bidder-{key}", f"{name.split()[0]} bid writer")
    Membership.objects.update_or_create(
        user=user, local_area=area, role=Role.PROVIDER, defaults={"organisation": org}
    )
    return org, user


def load(area: LocalArea, people: dict[str, User]) -> None:
    project = CommissioningProject.objects.filter(
        local_area=area, name__startswith="Adult drug and alcohol"
    ).first()
    if project is None or Tender.objects.filter(reference=EVALUATED).exists():
        return
    commissioner = people["commissioner"]
    spec = services.specification_create(
        project,
        commissioner,
        "Adult drug and alcohol treatment and recovery",
        "Treatment and recovery support for adults in Northvale, shaped by what people who "
        "use the service told us in Working Together for Change.",
    )
    priorities = list(Priority.objects.filter(exercise__local_area=area).order_by("rank")[:3])
    requirement_texts = [
        "People can get a first appointment within a week, including evenings and weekends.",
        "Everyone leaving treatment has recovery support for at least a year.",
        "People who use the service are involved in running and checking it.",
        "The service publishes its waiting times every month.",
    ]
    requirements = [
        services.requirement_add(
            spec, commissioner, text, [priorities[i]] if i < len(priorities) else []
        )
        for i, text in enumerate(requirement_texts)
    ]
    _evaluated(area, people, spec, requirements)
    _open(area, people, spec, requirements)


def _timetable(now, publish_days, questions_days, bids_days):
    """Published at 9am, questions and bids closing at noon, as the tender form sets them."""
    today = timezone.localdate(now)
    return {
        "publication_date": at(today + timedelta(days=publish_days), PUBLISH_AT),
        "clarification_deadline": at(today + timedelta(days=questions_days), NOON),
        "submission_deadline": at(today + timedelta(days=bids_days), NOON),
    }


def _evaluated(area, people, spec, requirements) -> None:
    commissioner = people["commissioner"]
    now = timezone.now()
    tender = services.tender_create(
        spec,
        commissioner,
        reference=EVALUATED,
        title="Adult drug and alcohol treatment and recovery, 2027 to 2032",
        description="One provider or partnership to run treatment and recovery support for "
        "adults across Northvale for 5 years, with an option to extend by 2.",
        estimated_value=Decimal("3000000.00"),
        price_weight=Decimal("40"),
        price_formula="lowest_price",
        panel_stake=Decimal("20"),
        abnormally_low_percent=Decimal("20"),
        **_timetable(now, -1, 1, 2),
    )
    questions = [
        services.question_save(
            tender,
            commissioner,
            None,
            text=text,
            guidance="",
            weight=Decimal(weight),
            minimum_score=minimum,
            set_by=set_by,
            requirement=requirements[r] if r is not None else None,
        )
        for text, weight, minimum, set_by, r in QUESTIONS
    ]
    leah = _person("leah", "Leah Grant")
    Membership.objects.get_or_create(user=leah, local_area=area, role=Role.COMMISSIONER)
    team = [
        services.evaluator_add(tender, commissioner, people["facilitator"], "quality"),
        services.evaluator_add(tender, commissioner, leah, "quality"),
        services.evaluator_add(tender, commissioner, people["expert"], "panel"),
        services.evaluator_add(tender, commissioner, people["ade"], "panel"),
        services.evaluator_add(tender, commissioner, people["maria"], "panel"),
    ]
    services.tender_publish(tender, commissioner)
    bids = {}
    for key, (name, price, _scores) in BIDS.items():
        org, user = _bidder(area, key, name)
        services.register(tender, user, org)
        if key == "harbour":
            services.clarification_answer(
                services.clarification_ask(
                    tender, user, org, "Can peer workers be volunteers rather than paid staff?"
                ),
                commissioner,
                "Peer workers must be paid at least the real Living Wage. Volunteers are welcome "
                "as well, not instead.",
            )
        bids[key] = services.bid_save(
            tender,
            user,
            org,
            version=None,
            price=Decimal(price),
            answers={q.pk: ANSWERS[key] for q in questions},
            submit=True,
        )
    # The deadline passes: move the timetable into the past.
    Tender.objects.filter(pk=tender.pk).update(
        **_timetable(now, -120, -95, -70), published_at=now - timedelta(days=120)
    )
    tender.refresh_from_db()
    for evaluator in team + [Evaluator.objects.get(tender=tender, user=commissioner)]:
        services.declare(evaluator, evaluator.user, conflicted_with=[], details="")
    for key, bid in bids.items():
        consensus = BIDS[key][2]
        for i, evaluator in enumerate(team):
            mine = {
                q.pk: (
                    max(0, min(5, consensus[n] + (0, 1, -1)[(i + n) % 3])),
                    f"Scored against what the bid says about question {q.number}.",
                )
                for n, q in enumerate(questions)
                if evaluator.scores_question(q)
            }
            services.scores_save(evaluator, bid, evaluator.user, mine)
        for n, q in enumerate(questions):
            by = people["expert"] if q.set_by == SetBy.PANEL else commissioner
            services.consensus_save(
                bid,
                q,
                by,
                score=consensus[n],
                reason=_reason(key, consensus[n]),
                version=None,
            )
    quick = bids["quickstep"]
    services.abnormally_low_response(
        quick,
        commissioner,
        "We asked QuickStep to explain the price. They showed it pays every worker the real "
        "Living Wage by running fewer sites. We accepted the explanation; the low quality "
        "scores mean the bid does not win.",
    )
    services.summaries_issue(tender, commissioner)
    tender.refresh_from_db()
    services.award_confirm(tender, commissioner, tender.version)


def _reason(key: str, score: int) -> str:
    words = {
        5: "The answer gives clear, detailed evidence that fully meets the need.",
        4: "The answer meets the need with good evidence.",
        3: "The answer meets the need but leaves some gaps.",
        2: "The answer only partly meets the need.",
        1: "The answer hardly meets the need.",
        0: "The answer does not meet the need.",
    }
    return f"{words[score]} Section {2 + score} of the {key} bid is the main evidence."


def _open(area, people, spec, requirements) -> None:
    commissioner = people["commissioner"]
    now = timezone.now()
    tender = services.tender_create(
        spec,
        commissioner,
        reference=OPEN,
        title="Recovery housing support",
        description="Support for people in recovery to find and keep a home, for 3 years.",
        estimated_value=Decimal("900000.00"),
        price_weight=Decimal("30"),
        price_formula="mean_deviation",
        panel_stake=Decimal("25"),
        abnormally_low_percent=Decimal("20"),
        **_timetable(now, -7, 10, 24),
    )
    for text, weight, minimum, set_by in (
        ("How will you help people find a home that suits them?", "25", 2, SetBy.COMMISSIONER),
        ("How will you work with landlords and housing officers?", "20", 0, SetBy.COMMISSIONER),
        ("What will you do when someone is at risk of losing their home?", "15", 2, SetBy.PANEL),
        ("How will you make people feel welcome and respected?", "10", 0, SetBy.PANEL),
    ):
        services.question_save(
            tender,
            commissioner,
            None,
            text=text,
            guidance="",
            weight=Decimal(weight),
            minimum_score=minimum,
            set_by=set_by,
            requirement=requirements[1],
        )
    services.evaluator_add(tender, commissioner, people["facilitator"], "quality")
    services.evaluator_add(tender, commissioner, people["expert"], "panel")
    services.evaluator_add(tender, commissioner, people["tom"], "panel")
    services.tender_publish(tender, commissioner)
    org, user = _bidder(area, "harbour", BIDS["harbour"][0])
    services.register(tender, user, org)
    services.clarification_answer(
        services.clarification_ask(tender, user, org, "Is there a minimum number of homes?"),
        commissioner,
        "No. Tell us how many people you expect to support and how.",
    )
