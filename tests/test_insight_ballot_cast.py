"""Voting online through /insight/<pk>/vote/: one ballot each, within the allowance."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.core.models import Membership, Role, User
from withus.insight import services as insight
from withus.insight.models import Ballot, Vote


def _exercise(area, by, *, to="voting", votes_per_person=5):
    """An exercise with themes Money, Housing and Staff, moved on to ``to``."""
    exercise = insight.exercise_open(
        by=by, local_area=area, title="Support at home", votes_per_person=votes_per_person
    )
    themes = {}
    for name in ("Money", "Housing", "Staff"):
        s = insight.statement_add(
            by=by, exercise=exercise, kind="not_working", text=f"About {name}", source="event"
        )
        themes[name] = insight.theme_create(
            by=by, exercise=exercise, name=name, statement_ids=[s.pk]
        )
    for step in ("grouping", "voting", "priorities", "closed"):
        if exercise.phase == to:
            break
        exercise = insight.exercise_move_phase(by=by, exercise=exercise, to_phase=step)
    return exercise, themes


def _post(client, exercise, themes, **dots):
    data = {f"theme_{themes[name].pk}": str(n) for name, n in dots.items()}
    return client.post(reverse("vote", args=[exercise.pk]), data)


@pytest.fixture
def voting(area, facilitator):
    return _exercise(area, facilitator)


def test_it_shows_one_box_per_theme_and_the_allowance(client, expert, voting):
    exercise, themes = voting
    client.force_login(expert)
    page = client.get(reverse("vote", args=[exercise.pk])).content.decode()
    assert "You have 5 votes." in page
    for theme in themes.values():
        assert f'name="theme_{theme.pk}"' in page


def test_it_saves_a_good_ballot_and_counts_it_in_the_results(client, expert, facilitator, voting):
    exercise, themes = voting
    client.force_login(expert)
    response = _post(client, exercise, themes, Money=3, Housing=2, Staff=0)
    assert "Your votes are in" in response.content.decode()
    ballot = Ballot.objects.get(exercise=exercise)
    assert (ballot.method, ballot.voter, ballot.entered_by) == ("online", expert, expert)
    # The zero line is not stored.
    assert dict(ballot.votes.values_list("theme__name", "dots")) == {"Money": 3, "Housing": 2}

    client.force_login(facilitator)
    results = client.get(reverse("results", args=[exercise.pk])).content.decode()
    # Money's row: place 1, 3 votes, 1 person voted for it, 1 statement.
    row = results[results.index(f'href="/themes/{themes["Money"].pk}/"') :]
    assert re.findall(r'numeric">(\d+)</td>', row[: row.index("</tr>")]) == ["3", "1", "1"]
    # Money 3 votes 1st, Housing 2 votes 2nd, Staff 0 votes 3rd.
    assert results.index("1. Money") < results.index("2. Housing") < results.index("3. Staff")
    assert "3 votes" in results and "2 votes" in results and "0 votes" in results


def test_it_refuses_more_votes_than_allowed_and_saves_nothing(client, expert, voting):
    exercise, themes = voting
    client.force_login(expert)
    response = _post(client, exercise, themes, Money=3, Housing=3)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "You have 5 votes. You used 6." in page
    # What the person typed is still there to correct.
    assert f'name="theme_{themes["Money"].pk}" type="text" value="3"' in page
    assert not Ballot.objects.exists()
    assert not Vote.objects.exists()


def test_it_refuses_a_ballot_with_no_votes(client, expert, voting):
    exercise, themes = voting
    client.force_login(expert)
    page = _post(client, exercise, themes, Money=0, Housing=0, Staff=0).content.decode()
    assert "Give at least 1 vote to a theme." in page
    assert not Ballot.objects.exists()


def test_it_refuses_a_negative_number_next_to_that_theme(client, expert, voting):
    exercise, themes = voting
    client.force_login(expert)
    page = _post(client, exercise, themes, Money=-1, Housing=2).content.decode()
    assert "Votes cannot be fewer than 0." in page
    assert f'href="#id_theme_{themes["Money"].pk}"' in page  # the summary links to the box
    assert f'id="id_theme_{themes["Money"].pk}-error"' in page
    assert not Ballot.objects.exists()


def test_it_refuses_a_second_ballot(client, expert, voting):
    exercise, themes = voting
    client.force_login(expert)
    _post(client, exercise, themes, Money=5)
    again = _post(client, exercise, themes, Housing=5)
    page = again.content.decode()
    assert "You have already voted" in page
    assert Ballot.objects.filter(voter=expert).count() == 1
    assert list(Vote.objects.values_list("theme__name", "dots")) == [("Money", 5)]
    # The form is not offered again.
    assert f'name="theme_{themes["Housing"].pk}"' not in page
    assert (
        "You have already voted" in client.get(reverse("vote", args=[exercise.pk])).content.decode()
    )


def test_it_refuses_a_second_ballot_in_the_service_too(expert, voting):
    exercise, themes = voting
    insight.ballot_cast(by=expert, exercise=exercise, dots_by_theme={themes["Money"].pk: 1})
    with pytest.raises(ValidationError, match="You have already voted in this exercise."):
        insight.ballot_cast(by=expert, exercise=exercise, dots_by_theme={themes["Staff"].pk: 1})
    assert Ballot.objects.count() == 1


def test_it_refuses_votes_for_a_theme_in_another_exercise(area, facilitator, expert, voting):
    exercise, _ = voting
    _other, other_themes = _exercise(area, facilitator)
    with pytest.raises(ValidationError, match="not in this exercise"):
        insight.ballot_cast(
            by=expert, exercise=exercise, dots_by_theme={other_themes["Money"].pk: 1}
        )
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("phase", ["grouping", "priorities"])
def test_it_says_not_open_now_outside_the_voting_phase(client, area, facilitator, expert, phase):
    exercise, themes = _exercise(area, facilitator, to=phase)
    client.force_login(expert)
    response = _post(client, exercise, themes, Money=1)
    assert response.status_code == 409
    assert "Not open now" in response.content.decode()
    assert not Ballot.objects.exists()


def test_it_refuses_a_voter_from_another_area(client, other_area, voting):
    exercise, themes = voting
    stranger = User.objects.create_user(username="stranger", password="pw-stranger-123")
    Membership.objects.create(user=stranger, local_area=other_area, role=Role.EXPERT_BY_EXPERIENCE)
    client.force_login(stranger)
    response = _post(client, exercise, themes, Money=1)
    assert response.status_code == 403
    assert not Ballot.objects.exists()


def test_it_lets_every_kind_of_voter_vote_once(client, expert, peer_mentor, budget_holder, voting):
    exercise, themes = voting
    for person in (expert, peer_mentor, budget_holder):
        client.force_login(person)
        _post(client, exercise, themes, Staff=2)
    assert Ballot.objects.count() == 3
    assert sum(Vote.objects.values_list("dots", flat=True)) == 6
