"""The public page /areas/<slug>/what-happened/: every priority, honestly, and nobody's details."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.core.models import Membership, Role, User
from withus.insight import services as insight
from withus.insight.models import Priority


def _exercise_with_priorities(area, facilitator, voters, title="Home care"):
    """Two themes voted on and made priorities.

    Votes: voter 1 puts 3 on Waits and 2 on Staff; voter 2 puts 4 on Waits;
    a room adds 6 to Staff. Waits: 3 + 4 = 7. Staff: 2 + 6 = 8.
    """
    exercise = insight.exercise_open(by=facilitator, local_area=area, title=title)
    waits_said = [
        insight.statement_add(
            by=facilitator,
            exercise=exercise,
            kind="not_working",
            text="I waited six weeks for a call back",
            source="review",
            consent=True,
            ethnic_group="asian",
            gender="woman",
            age_band="45_54",
            disabled="yes",
        ),
        insight.statement_add(
            by=facilitator,
            exercise=exercise,
            kind="matters_now",
            text="Quick answers matter to me",
            source="story",
        ),
    ]
    staff_said = insight.statement_add(
        by=facilitator,
        exercise=exercise,
        kind="working",
        text="My carer knows me well",
        source="survey",
    )
    waits = insight.theme_create(
        by=facilitator,
        exercise=exercise,
        name=f"Waiting times {title}",
        i_statement="I get an answer within a week.",
        statement_ids=[s.pk for s in waits_said],
    )
    staff = insight.theme_create(
        by=facilitator,
        exercise=exercise,
        name=f"Same carer {title}",
        i_statement="I see the same carer each time.",
        statement_ids=[staff_said.pk],
    )
    for step in ("grouping", "voting"):
        exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase=step)
    first, second = voters
    insight.ballot_cast(by=first, exercise=exercise, dots_by_theme={waits.pk: 3, staff.pk: 2})
    insight.ballot_cast(by=second, exercise=exercise, dots_by_theme={waits.pk: 4})
    insight.room_tally_enter(
        by=facilitator, exercise=exercise, room="Library", dots_by_theme={staff.pk: 6}
    )
    exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase="priorities")
    p_waits = insight.priority_make(by=facilitator, theme=waits)
    p_staff = insight.priority_make(by=facilitator, theme=staff)
    return exercise, p_waits, p_staff


@pytest.fixture
def northvale(area, facilitator, expert, peer_mentor):
    exercise, waits, staff = _exercise_with_priorities(area, facilitator, (expert, peer_mentor))
    staff = insight.priority_update(
        by=facilitator,
        priority=staff,
        version=staff.version,
        status_value="not_possible",
        reason="The provider left the area.",
        root_causes="Carers move between agencies",
        success_looks_like="One named carer",
    )
    insight.action_add(
        by=facilitator,
        priority=waits,
        description="Answer every call within 5 days",
        owner="Contact team",
        due_on=date(2027, 3, 31),
    )
    return exercise, waits, staff


def _page(client, area):
    response = client.get(reverse("what_happened", args=[area.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_every_priority_with_its_votes_status_actions_and_statements(
    client, area, northvale
):
    page = _page(client, area)
    for text in (
        "Waiting times Home care",
        "I get an answer within a week.",
        "Same carer Home care",
        "I see the same carer each time.",
        # The status, with the reason it could not be done.
        "Not possible",
        "The provider left the area.",
        "Carers move between agencies",
        "One named carer",
        # The action.
        "Answer every call within 5 days",
        "Contact team",
        "31 March 2027",
        # What people said, in their words.
        "I waited six weeks for a call back",
        "Quick answers matter to me",
        "My carer knows me well",
        "What people told us (2 statements)",
        "What people told us (1 statement)",
    ):
        assert text in page, text
    # Waits: 3 + 4 = 7 votes. Staff: 2 online + 6 in the room = 8 votes.
    assert '<dd class="govuk-summary-list__value">7</dd>' in page
    assert '<dd class="govuk-summary-list__value">8</dd>' in page
    # In the order the priorities were ranked.
    assert page.index("Waiting times Home care") < page.index("Same carer Home care")
    # The history shows both statuses the Staff priority has had.
    assert "Every update" in page
    assert ": Not possible. The provider left the area.</li>" in page
    assert ": Under way</li>" in page


def test_it_never_shows_where_a_statement_came_from_or_who_said_it(client, area, northvale):
    page = _page(client, area)
    assert "I waited six weeks for a call back" in page
    for private in (
        "Review",
        "Story",
        "Survey",
        "Asian or Asian British",
        "asian",
        "woman",
        "45 to 54",
        "Library",  # the room the votes were counted in
        "Expert",
        "Peermentor",
        "Facilitator",
    ):
        assert private not in page, private


def test_it_flags_a_priority_nobody_has_updated_for_100_days(client, area, northvale):
    _exercise, waits, staff = northvale
    Priority.objects.filter(pk=waits.pk).update(
        status_updated_at=timezone.now() - timedelta(days=100)
    )
    Priority.objects.filter(pk=staff.pk).update(
        status_updated_at=timezone.now() - timedelta(days=10)
    )
    page = _page(client, area)
    assert page.count("Overdue for an update") == 1
    waits_section = page[
        page.index(f'id="priority-{waits.pk}"') : page.index(f'id="priority-{staff.pk}"')
    ]
    assert "Overdue for an update" in waits_section


def test_it_does_not_flag_a_priority_updated_10_days_ago(client, area, northvale):
    _exercise, waits, _staff = northvale
    Priority.objects.filter(pk=waits.pk).update(
        status_updated_at=timezone.now() - timedelta(days=10)
    )
    assert "Overdue for an update" not in _page(client, area)


def test_it_never_flags_a_priority_that_cannot_be_done(client, area, northvale):
    _exercise, waits, staff = northvale
    Priority.objects.filter(pk__in=[waits.pk, staff.pk]).update(
        status_updated_at=timezone.now() - timedelta(days=400)
    )
    page = _page(client, area)
    # Waits (under way) is overdue; Staff (not possible) needs no more updates.
    assert page.count("Overdue for an update") == 1


def test_it_shows_only_this_areas_priorities(client, area, other_area, northvale, facilitator):
    people = []
    for name, role in (("ef", Role.FACILITATOR), ("e1", Role.EXPERT_BY_EXPERIENCE)):
        user = User.objects.create_user(username=name, password=f"pw-{name}-123")
        Membership.objects.create(user=user, local_area=other_area, role=role)
        people.append(user)
    e2 = User.objects.create_user(username="e2", password="pw-e2-123")
    Membership.objects.create(user=e2, local_area=other_area, role=Role.PEER_MENTOR)
    _exercise_with_priorities(other_area, people[0], (people[1], e2), title="Eastmoor buses")

    page = _page(client, area)
    assert "Waiting times Home care" in page
    assert "Eastmoor buses" not in page
    eastmoor = _page(client, other_area)
    assert "Waiting times Eastmoor buses" in eastmoor
    assert "Home care" not in eastmoor


def test_it_links_to_the_form_while_an_exercise_is_collecting(client, area, facilitator):
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Buses")
    page = _page(client, area)
    assert "There are no priorities yet." in page
    assert reverse("tell_us", args=[exercise.pk]) in page
    insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase="grouping")
    assert reverse("tell_us", args=[exercise.pk]) not in _page(client, area)


def test_it_is_not_found_for_an_unknown_area(client, db):
    assert client.get(reverse("what_happened", args=["nowhere"])).status_code == 404
