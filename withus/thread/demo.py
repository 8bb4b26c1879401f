"""The golden thread in the demo: threads that stop at every place a thread can stop.

Loaded last by the ``demo`` command, after the tenders and contracts. Before it,
Northvale's drug and alcohol priorities run as far as this:

- "Help at weekends and in the evenings" is complete: its requirement is asked in
  the awarded NV-2026-031 and measured by K1 of the contract made from it;
- "Housing" and "Waiting times" are asked in the awarded tender but no KPI
  measures them yet;
- "Peer support" and "Money and benefits" have no requirement.

This adds, through the services:

- "Peer support": a requirement in the specification that no tender asks about
  (the thread stops at "question");
- "Money and benefits": a requirement asked about in the open tender NV-2027-004
  (it stops at "award");
- a small finished exercise about mental health crisis support, whose first
  priority is measured by K5 of the running contract NV-2024-007, which has had no
  return for its last two quarters (it stops at "silent"), and whose second has no
  requirement yet (it stops at "requirement").

Safe to run again: each part is only made when it is missing.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from withus.contracts import kpi as kpi_rules
from withus.contracts import services as contracts
from withus.contracts.demo import RUNNING
from withus.contracts.models import KPI, Contract
from withus.core.models import LocalArea, User
from withus.cycle.models import CommissioningProject
from withus.insight import sample_statements as sample
from withus.insight import services as insight
from withus.insight.demo import FINISHED
from withus.insight.models import Exercise, Priority
from withus.tendering import services as tendering
from withus.tendering.demo import OPEN
from withus.tendering.models import Question, Requirement, Specification

SPECIFICATION = "Adult drug and alcohol treatment and recovery"
PEER_REQUIREMENT = "Every team has paid peer mentors who have been through recovery themselves."
MONEY_REQUIREMENT = (
    "People in recovery get help with money, benefits and rent, so that nobody loses "
    "their home for want of that help."
)
# NV-2027-004's question 3: "What will you do when someone is at risk of losing their home?"
MONEY_QUESTION = 3

CRISIS = "Mental health crisis support: what matters to you?"
CRISIS_PROJECT = "Community mental health crisis support"
NIGHT = "Someone to answer at night"
CALM = "A calm place, not a police cell"
CARERS = "Help for the people who care for me"
CRISIS_STATEMENTS = {
    NIGHT: [
        ("not_working", "I rang the crisis line at 2am and nobody picked up."),
        ("matters_now", "I need a real person to talk to in the middle of the night."),
        ("not_working", "The night number just tells you to ring back in the morning."),
        ("matters_future", "A phone line that answers every night, not only on weekdays."),
        ("working", "When the night line did answer, the woman on the phone stayed with me."),
    ],
    CALM: [
        ("not_working", "The police took me to a cell because there was nowhere else to go."),
        ("matters_now", "Somewhere quiet to go where someone sits with you."),
        ("working", "The café in Eastgate was calm and the staff were kind."),
        ("matters_future", "A crisis café in every town, open late."),
    ],
    CARERS: [
        ("not_working", "My mum had nobody to ask what to do when I was unwell."),
        ("matters_now", "Tell my family what is happening, if I say they can know."),
    ],
}
# Kept off the public pages by the facilitator: it names a member of staff.
CRISIS_HIDDEN = (NIGHT, "not_working", "The nurse called Sandra on the night shift ignored me.")
CRISIS_ROOMS = {
    "Listening event, Northvale town": {NIGHT: 14, CALM: 11, CARERS: 6},
    "Listening event, Eastgate": {NIGHT: 9, CALM: 10, CARERS: 4},
}
NIGHT_KPI = "K5"


@transaction.atomic
def load(area: LocalArea, people: dict[str, User]) -> None:
    commissioner = people["commissioner"]
    spec = Specification.objects.filter(project__local_area=area, title=SPECIFICATION).first()
    if spec is not None:
        _peer_support(area, commissioner, spec)
        _money_and_benefits(area, commissioner, spec)
    if not Exercise.objects.filter(local_area=area, title=CRISIS).exists():
        _crisis_exercise(area, people["facilitator"])
    _night_kpi(area, commissioner)
    _incumbent_measures_first_appointments(area)


def _incumbent_measures_first_appointments(area: LocalArea) -> None:
    """The current contract's K1 (seen within 7 days) measures requirement 1 (a first
    appointment within a week), so the weekends thread reaches results already
    reported, while the new contract's own KPI has none due yet."""
    requirement = Requirement.objects.filter(
        specification__project__local_area=area,
        number=1,
        priorities__theme__name="Help at weekends and in the evenings",
    ).first()
    if requirement is not None:
        KPI.objects.filter(
            contract__local_area=area, contract__reference="NV-2024-007", code="K1"
        ).update(requirement=requirement)


def _priority(area: LocalArea, name: str, exercise_title: str | None = None) -> Priority | None:
    found = Priority.objects.filter(exercise__local_area=area, theme__name=name)
    if exercise_title:
        found = found.filter(exercise__title=exercise_title)
    return found.select_related("exercise").first()


def _requirement(commissioner, spec, text: str, priority: Priority) -> Requirement:
    existing = spec.requirements.filter(text=text).first()
    if existing is not None:
        return existing
    return tendering.requirement_add(spec, commissioner, text, [priority])


def _peer_support(area, commissioner, spec) -> None:
    """Written into the specification after the tender went out, so no tender asks it."""
    peer = _priority(area, sample.PEER, FINISHED)
    if peer is not None:
        _requirement(commissioner, spec, PEER_REQUIREMENT, peer)


def _money_and_benefits(area, commissioner, spec) -> None:
    """Asked about in the open housing tender, which is not awarded yet.

    The tender demo traced every NV-2027-004 question to requirement 2, which the
    awarded NV-2026-031 also asks about, so no thread could be seen waiting for an
    award. Questions cannot be changed once a tender is published, but which
    requirement a question asks about is the commissioners' tracing, not part of the
    evaluation model fixed at publication; so this one question is traced again here,
    inside the same demo transaction that published the tender.
    """
    money = _priority(area, sample.MONEY, FINISHED)
    question = Question.objects.filter(
        tender__reference=OPEN, tender__specification=spec, number=MONEY_QUESTION
    ).first()
    if money is None or question is None:
        return
    requirement = _requirement(commissioner, spec, MONEY_REQUIREMENT, money)
    if question.requirement_id != requirement.pk:
        Question.objects.filter(pk=question.pk).update(requirement=requirement)


def _crisis_exercise(area, facilitator) -> None:
    project = CommissioningProject.objects.filter(local_area=area, name=CRISIS_PROJECT).first()
    exercise = insight.exercise_open(
        by=facilitator,
        local_area=area,
        project=project,
        title=CRISIS,
        public_intro="Tell us what helps, and what does not, when you are in a mental health "
        "crisis in Northvale.",
    )
    by_theme: dict[str, list[int]] = {name: [] for name in CRISIS_STATEMENTS}
    for i, (name, said) in enumerate(CRISIS_STATEMENTS.items()):
        for kind, text in said:
            statement = insight.statement_add(
                by=facilitator,
                exercise=exercise,
                kind=kind,
                text=text,
                source=("event", "survey", "easy_read")[i % 3],
                consent=False,
            )
            by_theme[name].append(statement.pk)
    name, kind, text = CRISIS_HIDDEN
    hidden = insight.statement_add(
        by=facilitator, exercise=exercise, kind=kind, text=text, source="event", consent=False
    )
    insight.statement_check(
        by=facilitator,
        statement=hidden,
        text=hidden.text,
        public=False,
        reason="It names a member of staff.",
    )
    by_theme[name].append(hidden.pk)
    themes = {
        name: insight.theme_create(by=facilitator, exercise=exercise, name=name, statement_ids=ids)
        for name, ids in by_theme.items()
    }
    for phase in ("grouping", "voting"):
        exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase=phase)
    for room, dots in CRISIS_ROOMS.items():
        insight.room_tally_enter(
            by=facilitator,
            exercise=exercise,
            room=room,
            dots_by_theme={themes[t].pk: d for t, d in dots.items()},
        )
    exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase="priorities")
    for name in (NIGHT, CALM):
        insight.priority_make(by=facilitator, theme=themes[name])
    insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase="closed")


def _night_kpi(area, commissioner) -> None:
    """K5 of the running contract measures the night line; its returns stopped two quarters ago."""
    contract = Contract.objects.filter(local_area=area, reference=RUNNING).first()
    night = _priority(area, NIGHT, CRISIS)
    if contract is None or night is None or contract.kpis.filter(code=NIGHT_KPI).exists():
        return
    kpi = contracts.kpi_add(
        contract,
        commissioner,
        code=NIGHT_KPI,
        title="Calls to the night crisis line answered within 5 minutes",
        unit="%",
        target=Decimal("90"),
        direction=KPI.Direction.HIGHER,
        frequency=KPI.Frequency.QUARTERLY,
        source=KPI.Source.PROVIDER,
        amber_margin=Decimal("10"),
        priority=night,
    )
    writer = User.objects.filter(memberships__organisation=contract.provider).first()
    due = kpi_rules.periods_due(
        contract.start_date, contract.end_date, timezone.localdate(), kpi.frequency
    )
    for i, period in enumerate(due[:-2]):
        contracts.returns_record(
            contract,
            writer or commissioner,
            values={kpi.pk: (period, Decimal(70 + 3 * i))},
        )
