"""Golden threads built through the services, for the tests in tests/test_thread_*.py.

- ``said``: one finished exercise: statements grouped into themes, votes counted
  in a room, and every theme made a priority, in the order given.
- ``awarded_tender`` / ``open_tender``: a tender asking questions about
  requirements, through publication, sealed bids, scoring and the award.
- ``chain``: one whole thread, from what people said to a KPI's latest result
  (see its docstring).
- ``every_stop``: six priorities, each thread stopping in a different place.
- ``measured``: priorities with many requirements, questions and KPIs, for
  counting queries.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from tests.tendering_world import close_bids, score_everything
from withus.contracts import kpi as kpi_rules
from withus.contracts import services as contracts
from withus.contracts.models import KPI, Contract
from withus.core.models import Membership, Organisation, Role, User
from withus.insight import services as insight
from withus.insight.models import Exercise, Priority
from withus.stories import services as stories
from withus.stories.models import Service
from withus.tendering import services as tendering
from withus.tendering.models import Evaluator, Requirement, SetBy, Tender

WEEKENDS = "Help at weekends"
RESPECT = "Being treated with respect"
SAID = {
    WEEKENDS: [
        "Nobody answers the phone at the weekend.",
        "I want help on a Saturday, not only Monday to Friday.",
    ],
    RESPECT: ["The receptionist talked down to me."],
}
HIDDEN = "The nurse called Sandra on the night shift ignored me."
PUBLIC_STATEMENT = SAID[WEEKENDS][0]

REQUIREMENT = "People can get help at weekends and in the evenings."
Q_WEEKENDS = "How will people get help at weekends and in the evenings?"
Q_STAFF = "How will you support your staff?"
Q_PANEL = "In plain words, what will change for people at weekends?"
Q_DRAFT = "Will you open on Sunday mornings as well?"
WINNING = "Peer workers who know Northvale answer the phone seven days a week."
LOSING = "Our national booking line is open 9 to 5 on weekdays."
KPI_TITLE = "People offered help within a day at weekends"
STORY = "I rang on a Saturday and a peer worker called me back within the hour."


def said(
    facilitator,
    area,
    themes: dict[str, list[str]],
    *,
    title: str = "What matters to you?",
    hidden: dict[str, list[str]] | None = None,
    dots: dict[str, int] | None = None,
) -> dict[str, Priority]:
    """One finished exercise; every theme becomes a priority, ranked in the order given.

    Statements come from an easy-read form, and every other one carries equality
    details given with consent, so tests can check neither is ever shown. ``hidden``
    statements are kept off the public pages by the facilitator.
    """
    exercise = insight.exercise_open(by=facilitator, local_area=area, title=title)
    grouped: dict[str, list[int]] = {}
    for name, texts in themes.items():
        grouped[name] = []
        for i, text in enumerate(texts + (hidden or {}).get(name, [])):
            details = (
                {"age_band": "35_44", "gender": "Woman", "ethnic_group": "white", "disabled": "yes"}
                if i % 2
                else {}
            )
            statement = insight.statement_add(
                by=facilitator,
                exercise=exercise,
                kind="not_working",
                text=text,
                source="easy_read",
                consent=bool(details),
                **details,
            )
            if text in (hidden or {}).get(name, []):
                insight.statement_check(
                    by=facilitator,
                    statement=statement,
                    text=text,
                    public=False,
                    reason="It names a member of staff.",
                )
            grouped[name].append(statement.pk)
    made = {
        name: insight.theme_create(by=facilitator, exercise=exercise, name=name, statement_ids=ids)
        for name, ids in grouped.items()
    }
    for phase in ("grouping", "voting"):
        exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase=phase)
    insight.room_tally_enter(
        by=facilitator,
        exercise=exercise,
        room="Drop-in, Tuesday",
        dots_by_theme={t.pk: (dots or {}).get(name, 3) for name, t in made.items()},
    )
    exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase="priorities")
    priorities = {name: insight.priority_make(by=facilitator, theme=t) for name, t in made.items()}
    insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase="closed")
    return priorities


def _bidder(area, username: str, name: str) -> tuple[Organisation, User]:
    """A provider's bid writer; one organisation may bid for several tenders."""
    org, _ = Organisation.objects.get_or_create(name=name, kind=Organisation.Kind.PROVIDER)
    user = User.objects.create_user(username=username, password=f"pw-{username}-123")
    Membership.objects.create(user=user, local_area=area, role=Role.PROVIDER, organisation=org)
    return org, user


def _tender(spec, commissioner, reference, questions, *, quality=None, panel=None) -> Tender:
    """A draft tender: ``questions`` are (text, weight, set_by, requirement or None)."""
    weights = sum((Decimal(w) for _t, w, _s, _r in questions), Decimal(0))
    stake = sum((Decimal(w) for _t, w, s, _r in questions if s == SetBy.PANEL), Decimal(0))
    now = timezone.now()
    tender = tendering.tender_create(
        spec,
        commissioner,
        reference=reference,
        title=f"Tender {reference}",
        description="Support for adults in recovery.",
        estimated_value=Decimal("50000.00"),
        price_weight=Decimal(100) - weights,
        price_formula="lowest_price",
        panel_stake=stake,
        abnormally_low_percent=Decimal("20"),
        publication_date=now - timedelta(days=1),
        clarification_deadline=now + timedelta(days=5),
        submission_deadline=now + timedelta(days=10),
    )
    for text, weight, set_by, requirement in questions:
        tendering.question_save(
            tender,
            commissioner,
            None,
            text=text,
            guidance="",
            weight=Decimal(weight),
            minimum_score=0,
            set_by=set_by,
            requirement=requirement,
        )
    if quality is not None:
        tendering.evaluator_add(tender, commissioner, quality, Evaluator.Part.QUALITY)
    if panel is not None and stake:
        tendering.evaluator_add(tender, commissioner, panel, Evaluator.Part.PANEL)
    return tender


def open_tender(spec, commissioner, reference, questions, *, quality, panel=None) -> Tender:
    tender = _tender(spec, commissioner, reference, questions, quality=quality, panel=panel)
    return tendering.tender_publish(tender, commissioner)


def awarded_tender(
    area, spec, commissioner, reference, questions, bids, *, quality, panel=None
) -> tuple[Tender, dict]:
    """Published, bid for, scored and awarded.

    ``bids`` maps a key to (organisation name, price, answer text, consensus scores);
    every answer is the text followed by the question's number.
    """
    tender = open_tender(spec, commissioner, reference, questions, quality=quality, panel=panel)
    made = {}
    for key, (name, price, answer, _scores) in bids.items():
        org, user = _bidder(area, f"bidwriter-{reference.lower()}-{key}", name)
        tendering.register(tender, user, org)
        made[key] = tendering.bid_save(
            tender,
            user,
            org,
            version=None,
            price=Decimal(price),
            answers={q.pk: f"{answer} (Q{q.number})" for q in tender.questions.all()},
            submit=True,
        )
    tender = close_bids(tender)
    for evaluator in Evaluator.objects.filter(tender=tender):
        tendering.declare(evaluator, evaluator.user, conflicted_with=[], details="")
    score_everything(tender, {k: b[3] for k, b in bids.items()}, made)
    tendering.summaries_issue(Tender.objects.get(pk=tender.pk), commissioner)
    tender = Tender.objects.get(pk=tender.pk)
    tendering.award_confirm(tender, commissioner, tender.version)
    return Tender.objects.get(pk=tender.pk), made


def contract_from(area, commissioner, tender, reference, start=date(2024, 4, 1), months=60):
    return contracts.contract_create(
        area,
        commissioner,
        tender=tender,
        reference=reference,
        title=f"Contract {reference}",
        kind="block",
        provider=tender.winning_bid.organisation,
        value=Decimal("250000.00"),
        start_date=start,
        initial_months=months,
        extension_months=0,
    )


def kpi(contract, commissioner, code, **links) -> KPI:
    return contracts.kpi_add(
        contract,
        commissioner,
        code=code,
        title=links.pop("title", f"Measure {code}"),
        unit="%",
        target=Decimal("90"),
        direction="higher",
        frequency="quarterly",
        source="provider",
        amber_margin=Decimal("10"),
        **links,
    )


def due(k: KPI) -> list[date]:
    """The periods whose return should have arrived by today."""
    c = k.contract
    return kpi_rules.periods_due(c.start_date, c.end_date, timezone.localdate(), k.frequency)


def report(contract, by, values: dict[KPI, list[tuple[date, Decimal]]]) -> None:
    """Monitoring returns through the service, one call per period."""
    periods: dict[date, dict[int, tuple[date, Decimal]]] = {}
    for k, rows in values.items():
        for period, value in rows:
            periods.setdefault(period, {})[k.pk] = (period, value)
    for _period, row in sorted(periods.items()):
        contracts.returns_record(contract, by, values=row)


def chain(area, project, commissioner, facilitator, expert, moderator) -> dict:
    """One whole thread, from what people said to a KPI's latest result.

    "Help at weekends" (2 public statements and a hidden one, 3 votes) → requirement
    R1 → tender T-1 (awarded): Q1 and Q3 ask about R1, Q3 set and scored by the
    lived-experience panel; Q2 asks about nothing. Northvale Recovery Community
    wins over Harbour Care. Contract C-1 from the award, KPI K1 measures Q3 and has
    a return for every due quarter, the latest 92.5 (green). A draft tender also asks
    about R1. A published story about a service run under C-1.
    """
    priorities = said(facilitator, area, SAID, hidden={WEEKENDS: [HIDDEN]})
    priority = priorities[WEEKENDS]
    spec = tendering.specification_create(project, commissioner, "Recovery support", "")
    requirement = tendering.requirement_add(spec, commissioner, REQUIREMENT, [priority])
    tender, bids = awarded_tender(
        area,
        spec,
        commissioner,
        "T-1",
        [
            (Q_WEEKENDS, "30", SetBy.COMMISSIONER, requirement),
            (Q_STAFF, "20", SetBy.COMMISSIONER, None),
            (Q_PANEL, "20", SetBy.PANEL, requirement),
        ],
        {
            "winner": ("Northvale Recovery Community", "90000.00", WINNING, (5, 4, 4)),
            "loser": ("Harbour Care", "95000.00", LOSING, (2, 3, 2)),
        },
        quality=facilitator,
        panel=expert,
    )
    assert tender.winning_bid == bids["winner"]
    questions = {q.number: q for q in tender.questions.all()}
    draft = _tender(
        spec, commissioner, "T-DRAFT", [(Q_DRAFT, "70", SetBy.COMMISSIONER, requirement)]
    )
    contract = contract_from(area, commissioner, tender, "C-1")
    k1 = kpi(contract, commissioner, "K1", title=KPI_TITLE, question=questions[3])
    periods = due(k1)
    report(
        contract,
        commissioner,
        {
            k1: [(p, Decimal("80") + i) for i, p in enumerate(periods[:-1])]
            + [(periods[-1], Decimal("92.5"))]
        },
    )
    service = Service.objects.create(
        local_area=area,
        name="Recovery Hub",
        kind="Recovery",
        place="Northvale",
        provider=tender.winning_bid.organisation,
        contract=contract,
    )
    story = stories.story_tell(service, text=STORY, ratings={})
    story = stories.story_moderate(
        story,
        moderator,
        version=story.version,
        decision="publish",
        text=story.text,
        criticality=1,
        reason="",
    )
    return {
        "priority": priority,
        "other_priority": priorities[RESPECT],
        "spec": spec,
        "requirement": requirement,
        "tender": tender,
        "questions": questions,
        "winning_answer": bids["winner"].answers.get(question=questions[3]),
        "losing_answer": bids["loser"].answers.get(question=questions[3]),
        "draft_question": draft.questions.get(),
        "contract": contract,
        "kpi": k1,
        "latest": k1.returns.get(period=periods[-1]),
        "service": service,
        "story": story,
    }


# Where each priority of ``every_stop`` stops, oldest exercise first.
OLDER = {"Measured nowhere": "kpi", "Nothing written yet": "requirement"}
NEWER = {
    "Never asked": "question",
    "Waiting for the award": "award",
    "Nobody reporting": "silent",
    "All the way": "",
}


def every_stop(area, project, commissioner, facilitator, expert) -> dict:
    """Six priorities in two exercises, each thread stopping somewhere else.

    The exercise with the ``NEWER`` priorities is made first, but the ``OLDER`` one
    is dated a year earlier. Contract C-OLD (from the awarded T-AWARDED) started in
    April 2020: "Nobody reporting" is measured by K-SILENT, whose last two due
    quarters have no return; "All the way" by K-DONE, with a return for every quarter.
    """
    newer = said(facilitator, area, {n: [f"About {n}."] for n in NEWER}, title="Newer exercise")
    older = said(facilitator, area, {n: [f"About {n}."] for n in OLDER}, title="Older exercise")
    Exercise.objects.filter(title="Older exercise").update(
        created_at=timezone.now() - timedelta(days=365)
    )
    priorities = {**newer, **older}
    spec = tendering.specification_create(project, commissioner, "Recovery support", "")

    def requirement(name) -> Requirement:
        return tendering.requirement_add(
            spec, commissioner, f"We will: {name}.", [priorities[name]]
        )

    asked = requirement("Never asked")
    waiting = requirement("Waiting for the award")
    unmeasured = requirement("Measured nowhere")
    silent = requirement("Nobody reporting")
    done = requirement("All the way")
    open_tender(
        spec,
        commissioner,
        "T-OPEN",
        [("How will you do it?", "60", SetBy.COMMISSIONER, waiting)],
        quality=facilitator,
    )
    tender, _bids = awarded_tender(
        area,
        spec,
        commissioner,
        "T-AWARDED",
        [
            ("Measured nowhere?", "20", SetBy.COMMISSIONER, unmeasured),
            ("Who will report?", "20", SetBy.COMMISSIONER, silent),
            ("All the way?", "20", SetBy.PANEL, done),
        ],
        {"only": ("Northvale Recovery Community", "80000.00", "We will.", (4, 4, 4))},
        quality=facilitator,
        panel=expert,
    )
    questions = {q.number: q for q in tender.questions.all()}
    contract = contract_from(area, commissioner, tender, "C-OLD", date(2020, 4, 1), 120)
    k_silent = kpi(contract, commissioner, "K-SILENT", question=questions[2])
    k_done = kpi(contract, commissioner, "K-DONE", question=questions[3])
    periods = due(k_done)
    report(
        contract,
        commissioner,
        {
            k_silent: [(p, Decimal("95")) for p in periods[:-2]],
            k_done: [(p, Decimal("95")) for p in periods],
        },
    )
    return {
        "priorities": priorities,
        "requirements": {"question": asked, "award": waiting, "kpi": unmeasured},
        "tender": tender,
        "contract": contract,
        "k_silent": k_silent,
        "k_done": k_done,
        "periods": periods,
    }


def measured(
    area,
    project,
    commissioner,
    facilitator,
    *,
    priorities: int,
    requirements: int,
    questions: int,
    kpis: int,
    reference: str = "T-MANY",
) -> list[Priority]:
    """Each priority with its own requirements, each asked by ``questions`` questions of
    one awarded tender, each question measured by ``kpis`` KPIs with two returns each."""
    made = said(
        facilitator,
        area,
        {f"Priority {i + 1}": [f"Statement {i + 1}."] for i in range(priorities)},
        title=f"Exercise {reference}",
    )
    spec = tendering.specification_create(project, commissioner, f"Spec {reference}", "")
    asked = []
    for n, p in enumerate(made.values()):
        for r in range(requirements):
            req = tendering.requirement_add(spec, commissioner, f"Requirement {n}.{r}", [p])
            asked += [
                (f"Question {n}.{r}.{q}?", "2", SetBy.COMMISSIONER, req) for q in range(questions)
            ]
    tender, _bids = awarded_tender(
        area,
        spec,
        commissioner,
        reference,
        asked,
        {"only": ("Northvale Recovery Community", "80000.00", "We will.", (3,) * len(asked))},
        quality=facilitator,
    )
    contract = contract_from(area, commissioner, tender, f"C-{reference}")
    values = {}
    for q in tender.questions.all():
        for k in range(kpis):
            measure = kpi(contract, commissioner, f"K{q.number}-{k}", question=q)
            values[measure] = [(p, Decimal("88")) for p in due(measure)[-2:]]
    report(contract, commissioner, values)
    return list(made.values())


def contract_by_hand(area, commissioner, provider_org, reference="C-HAND") -> Contract:
    return contracts.contract_create(
        area,
        commissioner,
        reference=reference,
        title="Entered by hand",
        kind="spot",
        provider=provider_org,
        value=Decimal("10000.00"),
        start_date=date(2025, 4, 1),
        initial_months=24,
        extension_months=0,
    )
