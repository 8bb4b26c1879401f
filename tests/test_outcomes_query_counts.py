"""Every outcomes page runs the same few queries for 3 people as for 30.

A signed-in page loads the session and the user (2 queries); each limit below
adds what the page reads itself.
"""

import pytest
from django.urls import reverse

from tests.outcomes_world import (
    LATER,
    RAW_21,
    RAW_24,
    START,
    add_control,
    add_people,
    add_wellbeing,
    make_evaluation,
    score,
)
from withus.outcomes import services

# + roles, the area, people in the area, and the 4 kinds of thing to evaluate.
NEW_EVALUATION = 9
# + the area, roles, the evaluations (with what they evaluate and head counts), runs.
AREA = 5
# + the evaluation, runs, roles (for the menu), measures, people, who answered
# what, the head counts, and the runners (one page of people at a time).
EVALUATION = 10
# + the evaluation, runs, roles, measures, people, scores.
REPORT = 8
# + the person, runs, roles (for the menu), their measures and scores.
PARTICIPANT = 7
# + roles (for the menu), their participations, measures, scores.
MINE = 6
# + the evaluation or person, runs, roles (for the menu), and the measure or
# the area's people (the runners page: and the current runners).
FORM = 7


@pytest.fixture
def world(request, area, commissioner, scheme, coordinator, expert):
    n = request.param
    evaluations = []
    for k in range(n // 3):
        evaluation = make_evaluation(area, commissioner, scheme)
        wellbeing = add_wellbeing(evaluation, coordinator)
        control = add_control(evaluation, coordinator)
        people = add_people(evaluation, coordinator, n, prefix=f"E{k}-", user_for_first=expert)
        for i, person in enumerate(people):
            score(person, wellbeing, coordinator, "baseline", START, items=RAW_21)
            score(person, control, coordinator, "baseline", START, value=3)
            if i % 4:
                score(person, wellbeing, coordinator, "follow_up", LATER, items=RAW_24)
                score(person, control, coordinator, "follow_up", LATER, value=5 + i % 3)
        services.publish(evaluation, coordinator)
        evaluations.append((evaluation, people, wellbeing))
    return evaluations


SIZES = pytest.mark.parametrize("world", [3, 30], indirect=True)


@SIZES
def test_the_area_list(client, world, commissioner, django_assert_max_num_queries):
    client.force_login(commissioner)
    with django_assert_max_num_queries(AREA):
        page = client.get(reverse("outcomes_area", args=["northvale"])).content.decode()
    assert page.count("/report/") == len(world)


@SIZES
def test_the_evaluation_page(client, world, coordinator, django_assert_max_num_queries):
    evaluation, people, _m = world[0]
    client.force_login(coordinator)
    with django_assert_max_num_queries(EVALUATION):
        page = client.get(reverse("outcomes_evaluation", args=[evaluation.pk])).content.decode()
    assert page.count("/outcomes/people/") == len(people)


@SIZES
def test_the_report(client, world, commissioner, django_assert_max_num_queries):
    evaluation, people, _m = world[0]
    client.force_login(commissioner)
    with django_assert_max_num_queries(REPORT):
        page = client.get(reverse("outcomes_report", args=[evaluation.pk])).content.decode()
    both = sum(1 for i in range(len(people)) if i % 4)
    if both >= 5:
        assert f"{both} people filled in these questions" in page
    else:
        assert "Fewer than 5 people answered" in page


@SIZES
def test_the_report_for_the_public(client, world, django_assert_max_num_queries):
    evaluation, _p, _m = world[0]
    # No session or user to load when nobody is signed in.
    with django_assert_max_num_queries(REPORT - 2):
        response = client.get(reverse("outcomes_report", args=[evaluation.pk]))
    assert "Wellbeing (SWEMWBS)" in response.content.decode()


@SIZES
def test_a_person_page(client, world, coordinator, django_assert_max_num_queries):
    _e, people, _m = world[0]
    client.force_login(coordinator)
    with django_assert_max_num_queries(PARTICIPANT):
        page = client.get(reverse("outcomes_participant", args=[people[0].pk])).content.decode()
    assert "19.25" in page


@SIZES
def test_my_outcomes(client, world, expert, django_assert_max_num_queries):
    client.force_login(expert)
    with django_assert_max_num_queries(MINE):
        page = client.get(reverse("outcomes_mine")).content.decode()
    assert page.count("19.25") == len(world)


@SIZES
def test_the_form_pages(client, world, coordinator, django_assert_max_num_queries):
    evaluation, people, wellbeing = world[0]
    client.force_login(coordinator)
    for name, args in (
        ("outcomes_measure_new", [evaluation.pk]),
        ("outcomes_runners", [evaluation.pk]),
        ("outcomes_participant_new", [evaluation.pk]),
        ("outcomes_measurement_new", [people[1].pk, wellbeing.pk]),
        ("outcomes_consent_withdraw", [people[1].pk]),
    ):
        with django_assert_max_num_queries(FORM):
            page = client.get(reverse(name, args=args)).content.decode()
        assert "<form" in page and "csrfmiddlewaretoken" in page, name


@SIZES
def test_the_new_evaluation_form(client, world, commissioner, django_assert_max_num_queries):
    client.force_login(commissioner)
    with django_assert_max_num_queries(NEW_EVALUATION):
        page = client.get(reverse("outcomes_evaluation_new", args=["northvale"])).content.decode()
    assert "Peer support scheme: Northvale Peer Mentors" in page
