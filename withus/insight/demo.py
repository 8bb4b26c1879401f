"""Demo data for Working Together for Change: one finished exercise, one live.

Built through the services, so the demo's audit log is real. Loaded by the
``demo`` management command; safe to run again (skips what exists).
"""

from datetime import timedelta

from django.utils import timezone

from withus.core.models import LocalArea, User
from withus.cycle.models import CommissioningProject

from . import demo_statements as extra
from . import sample_statements as sample
from . import services
from .models import Exercise, Priority, PriorityUpdate

FINISHED = "Drug and alcohol services: what matters to you?"
LIVE = "Day opportunities: tell us what you think"

SOURCES = ("review", "event", "survey", "easy_read", "story")
AGES = ("25_34", "35_44", "45_54", "55_64", "18_24", "65_74")
GENDERS = ("Woman", "Man", "Woman", "Man", "Non-binary", "")
ETHNIC = ("white", "white", "asian", "black", "mixed", "white", "other", "prefer_not_to_say")
DISABLED = ("yes", "no", "yes", "prefer_not_to_say")

# Online ballots (5 votes each) from people in the demo, by topic.
ONLINE = {
    "expert": {sample.WEEKENDS: 2, sample.PEER: 2, sample.WAITING: 1},
    "ade": {sample.WEEKENDS: 3, sample.HOUSING: 2},
    "maria": {sample.WAITING: 2, sample.RESPECT: 1, sample.PEER: 2},
    "tom": {sample.HOUSING: 2, sample.MONEY: 2, sample.WEEKENDS: 1},
    "peermentor": {sample.PEER: 3, sample.RESPECT: 2},
    "budgetholder": {sample.TRANSPORT: 2, sample.ACTIVITIES: 3},
}
# Dots counted on the wall at two events.
ROOMS = {
    "Recovery café, Tuesday evening": {
        sample.WEEKENDS: 14,
        sample.WAITING: 11,
        sample.PEER: 9,
        sample.HOUSING: 12,
        sample.MONEY: 6,
        sample.RESPECT: 5,
        sample.TRANSPORT: 4,
        sample.ACTIVITIES: 3,
    },
    "Hostel drop-in, Friday": {
        sample.WEEKENDS: 6,
        sample.WAITING: 8,
        sample.PEER: 4,
        sample.HOUSING: 9,
        sample.MONEY: 7,
        sample.RESPECT: 3,
        sample.TRANSPORT: 2,
        sample.ACTIVITIES: 1,
    },
}
# Totals: weekends 26, housing 25, waiting 22, peer 20, money 15, respect 11,
# transport 8, activities 7. The top five become priorities, one in each status
# (and one of them left without an update for 120 days, so it shows as overdue).
OUTCOMES = {
    sample.WEEKENDS: ("under_way", ""),
    sample.HOUSING: (
        "not_possible",
        "The council cannot build new housing inside this contract. We have taken "
        "what you said to the housing board, which meets in March.",
    ),
    sample.WAITING: (
        "done",
        "The new contract says a first appointment must be within 5 working days. "
        "In the last 3 months the average wait was 4 days.",
    ),
    sample.PEER: ("under_way", ""),
    sample.MONEY: (
        "not_done",
        "We planned a benefits adviser at the recovery hub, but the funding was not "
        "agreed this year. We will ask again in April.",
    ),
}
OVERDUE = sample.PEER
# How far each action got, by its priority's status: (first action, the rest).
ACTION_PROGRESS = {
    "done": ("done", "done"),
    "under_way": ("under_way", "not_started"),
    "not_done": ("not_started", "not_started"),
    "not_possible": ("done", "not_started"),
}


def _statements():
    for label, text in sample.SAMPLE_STATEMENTS + sample.HELD_OUT_STATEMENTS:
        yield label, extra.KIND_BY_TEXT[text], text
    yield from extra.EXTRA_STATEMENTS


def _equality(i: int) -> dict:
    if i % 3:
        return {"consent": False}
    return {
        "consent": True,
        "age_band": AGES[i % len(AGES)],
        "gender": GENDERS[i % len(GENDERS)],
        "ethnic_group": ETHNIC[i % len(ETHNIC)],
        "disabled": DISABLED[i % len(DISABLED)],
    }


def load(area: LocalArea, people: dict[str, User], project_names: tuple[str, str]) -> None:
    facilitator = people["facilitator"]
    projects = {p.name: p for p in CommissioningProject.objects.filter(local_area=area)}
    if not Exercise.objects.filter(local_area=area, title=FINISHED).exists():
        _finished(area, facilitator, people, projects.get(project_names[0]))
    if not Exercise.objects.filter(local_area=area, title=LIVE).exists():
        _live(area, facilitator, projects.get(project_names[1]))


def _finished(area, facilitator, people, project) -> None:
    exercise = services.exercise_open(
        by=facilitator,
        local_area=area,
        project=project,
        title=FINISHED,
        public_intro="Tell us what is working, what is not working, and what matters to you "
        "about drug and alcohol services in Northvale.",
    )
    by_topic: dict[str, list[int]] = {t: [] for t in sample.TOPICS}
    for i, (label, kind, text) in enumerate(_statements()):
        statement = services.statement_add(
            by=facilitator,
            exercise=exercise,
            kind=kind,
            text=text,
            source=SOURCES[i % len(SOURCES)],
            **_equality(i),
        )
        by_topic[label].append(statement.pk)
    themes = {
        label: services.theme_create(
            by=facilitator,
            exercise=exercise,
            name=label,
            i_statement=extra.I_STATEMENTS[label],
            statement_ids=ids,
        )
        for label, ids in by_topic.items()
    }
    for phase in ("grouping", "voting"):
        exercise = services.exercise_move_phase(by=facilitator, exercise=exercise, to_phase=phase)
    for username, dots in ONLINE.items():
        services.ballot_cast(
            by=people[username],
            exercise=exercise,
            dots_by_theme={themes[t].pk: d for t, d in dots.items()},
        )
    for room, dots in ROOMS.items():
        services.room_tally_enter(
            by=facilitator,
            exercise=exercise,
            room=room,
            dots_by_theme={themes[t].pk: d for t, d in dots.items()},
        )
    exercise = services.exercise_move_phase(
        by=facilitator, exercise=exercise, to_phase="priorities"
    )
    today = timezone.localdate()
    for label, (status_value, reason) in OUTCOMES.items():
        priority = services.priority_make(by=facilitator, theme=themes[label])
        priority = services.priority_update(
            by=facilitator,
            priority=priority,
            version=priority.version,
            status_value=status_value,
            reason=reason,
            root_causes=extra.ROOT_CAUSES[label],
            success_looks_like=extra.SUCCESS[label],
        )
        for n, (description, owner) in enumerate(extra.ACTIONS[label]):
            action = services.action_add(
                by=facilitator,
                priority=priority,
                description=description,
                owner=owner,
                due_on=today + timedelta(days=60 * (n + 1)),
            )
            # Actions move on as the priority does.
            progress = ACTION_PROGRESS[status_value][min(n, 1)]
            if progress != "not_started":
                services.action_set_status(by=facilitator, action=action, status_value=progress)
    services.exercise_move_phase(by=facilitator, exercise=exercise, to_phase="closed")
    # One priority has had no update for 120 days, so the public page says so.
    stale = timezone.now() - timedelta(days=120)
    overdue = Priority.objects.get(exercise=exercise, theme=themes[OVERDUE])
    Priority.objects.filter(pk=overdue.pk).update(status_updated_at=stale)
    PriorityUpdate.objects.filter(priority=overdue).update(updated_at=stale)


def _live(area, facilitator, project) -> None:
    exercise = services.exercise_open(
        by=facilitator,
        local_area=area,
        project=project,
        title=LIVE,
        public_intro="We are planning day opportunities for people with learning "
        "disabilities. Tell us what you do in the day, and what you would like to do.",
    )
    chosen = [
        (label, text)
        for label, text in sample.SAMPLE_STATEMENTS
        if label in (sample.ACTIVITIES, sample.TRANSPORT)
    ][:16]
    for i, (_label, text) in enumerate(chosen):
        services.statement_add(
            by=facilitator,
            exercise=exercise,
            kind=extra.KIND_BY_TEXT[text],
            text=text,
            source=("event", "easy_read")[i % 2],
            consent=False,
        )
