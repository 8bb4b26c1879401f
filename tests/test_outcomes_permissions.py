"""Who gets which outcome page, role by role.

The evaluation is of the conftest peer support scheme, set up by the
commissioner, so its runner is the scheme's coordinator (not the commissioner).
The expert takes part with their own account. The report is not public yet
unless a test publishes it.
"""

import pytest
from django.urls import reverse

from tests.outcomes_world import START, add_people, add_wellbeing, make_evaluation, score
from withus.core.models import AuditEntry, User
from withus.outcomes import services

ROLES = [
    "anonymous",
    "nobody",  # signed in, no role anywhere
    "expert",
    "facilitator",
    "provider",
    "budget_holder",
    "peer_mentor",
    "moderator",
    "commissioner",
    "area_admin",
    "outsider",  # a commissioner of another area
    "coordinator",  # runs the evaluation
]
OVERSIGHT = {"commissioner", "area_admin", "facilitator"}


@pytest.fixture
def evaluation(area, commissioner, scheme):
    return make_evaluation(area, commissioner, scheme)


@pytest.fixture
def world(evaluation, coordinator, expert):
    wellbeing = add_wellbeing(evaluation, coordinator)
    person = add_people(evaluation, coordinator, 1, user_for_first=expert)[0]
    score(person, wellbeing, coordinator, "baseline", START, items=[3] * 7)
    return {"evaluation": evaluation, "person": person, "measure": wellbeing}


def _sign_in(client, request, role):
    if role == "anonymous":
        return None
    if role == "nobody":
        user = User.objects.create_user(username="nobody")
    else:
        user = request.getfixturevalue(role)
    client.force_login(user)
    return user


def _expect(role, allowed):
    if role == "anonymous":
        return 302
    return 200 if role in allowed else 403


PAGES = {
    "outcomes_evaluation_new": (lambda w: ["northvale"], OVERSIGHT),
    "outcomes_evaluation": (lambda w: [w["evaluation"].pk], {"coordinator"}),
    "outcomes_measure_new": (lambda w: [w["evaluation"].pk], {"coordinator"}),
    "outcomes_runners": (lambda w: [w["evaluation"].pk], {"coordinator"}),
    "outcomes_participant_new": (lambda w: [w["evaluation"].pk], {"coordinator"}),
    "outcomes_participant": (lambda w: [w["person"].pk], {"coordinator", "expert"}),
    "outcomes_measurement_new": (
        lambda w: [w["person"].pk, w["measure"].pk],
        {"coordinator"},
    ),
    "outcomes_consent_withdraw": (lambda w: [w["person"].pk], {"coordinator", "expert"}),
    "outcomes_report": (lambda w: [w["evaluation"].pk], OVERSIGHT | {"coordinator"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_is_only_for_the_right_people(client, request, world, role, name):
    args, allowed = PAGES[name]
    _sign_in(client, request, role)
    response = client.get(reverse(name, args=args(world)))
    assert response.status_code == _expect(role, allowed)
    if response.status_code == 302:
        assert response["Location"].startswith("/sign-in/") or "login" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_a_published_report_is_for_everyone_but_still_shows_no_names(
    client, request, world, coordinator, role
):
    services.publish(world["evaluation"], coordinator)
    _sign_in(client, request, role)
    response = client.get(reverse("outcomes_report", args=[world["evaluation"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Does mentoring help?" in page
    assert "P000" not in page


@pytest.mark.parametrize("role", ROLES)
def test_the_area_list_shows_unpublished_evaluations_only_to_those_who_may_read_them(
    client, request, world, role
):
    _sign_in(client, request, role)
    page = client.get(reverse("outcomes_area", args=["northvale"])).content.decode()
    shown = "Does mentoring help?" in page
    assert shown == (role in OVERSIGHT | {"coordinator"})


def test_only_a_runner_may_publish_and_it_is_audited(client, world, commissioner, coordinator):
    url = reverse("outcomes_publish", args=[world["evaluation"].pk])
    client.force_login(commissioner)
    assert client.post(url).status_code == 403
    world["evaluation"].refresh_from_db()
    assert not world["evaluation"].is_published
    client.force_login(coordinator)
    response = client.post(url)
    assert response.status_code == 302
    world["evaluation"].refresh_from_db()
    assert world["evaluation"].published_by == coordinator
    assert AuditEntry.objects.filter(
        action="outcomes.publish", object_id=str(world["evaluation"].pk), actor=coordinator
    ).exists()
    # GET does nothing.
    assert client.get(url).status_code == 405


def test_my_outcomes_needs_signing_in_and_shows_only_my_own_scores(
    client, world, evaluation, coordinator, expert, peer_mentor
):
    assert client.get(reverse("outcomes_mine")).status_code == 302
    other = add_people(evaluation, coordinator, 1, prefix="Q", user_for_first=peer_mentor)[0]
    client.force_login(expert)
    page = client.get(reverse("outcomes_mine")).content.decode()
    assert "Does mentoring help?" in page and "19.25" in page
    assert f"/outcomes/people/{other.pk}/" not in page
    client.force_login(peer_mentor)
    page = client.get(reverse("outcomes_mine")).content.decode()
    assert "19.25" not in page and "Not yet" in page


def test_a_missing_evaluation_is_404(client, world, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("outcomes_evaluation", args=[99999])).status_code == 404
    assert client.get(reverse("outcomes_report", args=[99999])).status_code == 404


def test_a_refused_look_is_audited(client, world, commissioner):
    client.force_login(commissioner)
    client.get(reverse("outcomes_participant", args=[world["person"].pk]))
    assert AuditEntry.objects.filter(action="access.denied", actor=commissioner).exists()


def test_the_commissioner_runs_an_evaluation_they_set_up_for_a_project(
    client, area, commissioner, project, facilitator
):
    made = services.evaluation_create(
        area,
        commissioner,
        title="Project outcomes",
        subject=project,
        follow_up_months=12,
        runners=[facilitator],
    )
    assert set(made.runners.values_list("username", flat=True)) == {
        "commissioner",
        "facilitator",
    }
    client.force_login(commissioner)
    page = client.get(reverse("outcomes_evaluation", args=[made.pk])).content.decode()
    assert "Project outcomes" in page and "Nobody yet." in page
