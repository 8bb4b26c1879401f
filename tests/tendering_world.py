"""Tenders in every state, built through the services, for tests that need them.

- ``draft``: not published; the expert is on its panel and may write panel questions.
- ``open``: published and open for bids; the provider is registered and asked a question.
- ``evaluating``: the deadline has passed; three bids are in (one from the provider);
  the commissioner leads, the facilitator scores quality and the expert is on the
  panel; all three have declared no conflicts. No scores yet.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from withus.core.models import Membership, Organisation, Role, User
from withus.tendering import services
from withus.tendering.models import Evaluator, SetBy, Tender

QUESTIONS = (
    # text, weight, minimum, set by
    ("How will people get help quickly?", "30", 2, SetBy.COMMISSIONER),
    ("How will you support your staff?", "20", 0, SetBy.COMMISSIONER),
    ("In plain words, what is your offer to people?", "20", 2, SetBy.PANEL),
)


def timetable(now, publish: int, questions: int, bids: int) -> dict:
    return {
        "publication_date": now + timedelta(days=publish),
        "clarification_deadline": now + timedelta(days=questions),
        "submission_deadline": now + timedelta(days=bids),
    }


def make_tender(spec, by, reference: str, *, panel=None, quality=None, **overrides) -> Tender:
    fields = {
        "reference": reference,
        "title": f"Tender {reference}",
        "description": "Support for adults in recovery.",
        "estimated_value": Decimal("60000.00"),
        "price_weight": Decimal("30"),
        "price_formula": "lowest_price",
        "panel_stake": Decimal("20"),
        "abnormally_low_percent": Decimal("20"),
        **timetable(timezone.now(), -1, 5, 10),
    }
    fields.update(overrides)
    tender = services.tender_create(spec, by, **fields)
    for text, weight, minimum, set_by in QUESTIONS:
        services.question_save(
            tender,
            by,
            None,
            text=text,
            guidance="",
            weight=Decimal(weight),
            minimum_score=minimum,
            set_by=set_by,
            requirement=None,
        )
    if quality is not None:
        services.evaluator_add(tender, by, quality, Evaluator.Part.QUALITY)
    if panel is not None:
        services.evaluator_add(tender, by, panel, Evaluator.Part.PANEL)
    return tender


def bidder(area, username: str, name: str, user: User | None = None) -> tuple[Organisation, User]:
    org = Organisation.objects.create(name=name, kind=Organisation.Kind.PROVIDER)
    if user is None:
        user = User.objects.create_user(username=username, password=f"pw-{username}-123")
    Membership.objects.update_or_create(
        user=user, local_area=area, role=Role.PROVIDER, defaults={"organisation": org}
    )
    return org, user


def answers_for(tender, text="Our answer.") -> dict[int, str]:
    return {q.pk: text for q in tender.questions.all()}


def close_bids(tender: Tender) -> Tender:
    """Move the timetable into the past, as if the deadline had passed."""
    Tender.objects.filter(pk=tender.pk).update(**timetable(timezone.now(), -30, -20, -10))
    tender.refresh_from_db()
    return tender


def build(area, project, commissioner, facilitator, expert, provider) -> dict:
    spec = services.specification_create(project, commissioner, "Recovery support", "")
    requirement = services.requirement_add(spec, commissioner, "Help within a week.", [])
    draft = make_tender(spec, commissioner, "T-DRAFT", panel=expert)

    open_ = make_tender(spec, commissioner, "T-OPEN", panel=expert, quality=facilitator)
    open_ = services.tender_publish(open_, commissioner)
    org, _ = bidder(area, "provider", "Brightpath", user=provider)
    services.register(open_, provider, org)
    clarification = services.clarification_ask(open_, provider, org, "Is there a budget?")

    evaluating = make_tender(spec, commissioner, "T-EVAL", panel=expert, quality=facilitator)
    services.tender_publish(evaluating, commissioner)
    bids = {}
    for key, price, who in (
        ("own", "90000.00", (org, provider)),
        ("harbour", "95500.00", bidder(area, "harbour", "Harbour Care")),
        ("cheap", "50000.00", bidder(area, "cheap", "Cheap Ltd")),
    ):
        services.register(evaluating, who[1], who[0])
        bids[key] = services.bid_save(
            evaluating,
            who[1],
            who[0],
            version=None,
            price=Decimal(price),
            answers=answers_for(evaluating, f"Answer from {who[0].name}."),
            submit=True,
        )
    close_bids(evaluating)
    for evaluator in Evaluator.objects.filter(tender=evaluating):
        services.declare(evaluator, evaluator.user, conflicted_with=[], details="")
    return {
        "spec": spec,
        "requirement": requirement,
        "draft": draft,
        "draft_question": draft.questions.get(number=1),
        "open": open_,
        "clarification": clarification,
        "evaluating": evaluating,
        "bid": bids["own"],
        "bids": bids,
        "eval_question": evaluating.questions.get(number=1),
        "provider_org": org,
    }


def score_everything(tender: Tender, scores: dict[str, tuple[int, ...]], keys_to_bids: dict):
    """Every evaluator scores, then every consensus is agreed, with the given scores."""
    questions = list(tender.questions.all())
    lead = Evaluator.objects.get(tender=tender, part=Evaluator.Part.LEAD).user
    # The panel agrees its own questions; the lead agrees the commissioners'.
    panel = Evaluator.objects.filter(tender=tender, part=Evaluator.Part.PANEL).first()
    for key, bid in keys_to_bids.items():
        for evaluator in Evaluator.objects.filter(tender=tender).exclude(part="lead"):
            mine = {
                q.pk: (scores[key][i], "Reason from the bid.")
                for i, q in enumerate(questions)
                if evaluator.scores_question(q)
            }
            services.scores_save(evaluator, bid, evaluator.user, mine)
        for i, q in enumerate(questions):
            by = panel.user if q.set_by == SetBy.PANEL else lead
            services.consensus_save(
                bid, q, by, score=scores[key][i], reason="Agreed from the bid.", version=None
            )
