"""Every URL, every role, read from one shared world: the bulk of the access table.

The table itself, and the tests that post and so need a world of their own, are
in ``test_access_every_url.py``. The thousands of (URL, role) pairs here only
read, or are refused, so they share a world built once for this module: inside
an outer transaction rolled back at the end, each test in a savepoint of its own
(as Django's setUpTestData does). It lives in its own module because a world of
its own per test would clash with it (same area, same usernames).
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.test_access_every_url import (
    CASES,
    EXPECTED,
    POST_CASES,
    PUBLIC_READ_ONLY_PAGES,
    ROLES,
    _build_world,
    _check_equality_privacy,
    _check_response,
    _denials,
    _post_data,
    _row,
    _sign_in,
    _snapshot,
    _url,
)
from withus.core.models import LocalArea, Membership, Role, User
from withus.cycle import services as cycle

_SHARED_PEOPLE = {
    "commissioner": ("commissioner", Role.COMMISSIONER),
    "expert": ("expert", Role.EXPERT_BY_EXPERIENCE),
    "expert_not_involved": ("uninvolved", Role.EXPERT_BY_EXPERIENCE),
    "facilitator": ("facilitator", Role.FACILITATOR),
    "provider": ("provider", Role.PROVIDER),
    "budget_holder": ("budgetholder", Role.BUDGET_HOLDER),
    "peer_mentor": ("peermentor", Role.PEER_MENTOR),
    "moderator": ("moderator", Role.MODERATOR),
    "area_admin": ("areaadmin", Role.AREA_ADMIN),
}


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One world for the read-only table test, built once for the module.

    Building the world takes most of a second and the table has thousands of
    (URL, role) pairs that only read, so they share it: it is built inside an
    outer transaction that is rolled back at the end, and each test runs in a
    savepoint of its own (as Django's setUpTestData does). The same people and
    objects as the ``world`` fixture, made the same way.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        area = LocalArea.objects.create(name="Northvale", slug="northvale")
        other_area = LocalArea.objects.create(name="Eastmoor", slug="eastmoor")
        people = {}
        for role, (username, area_role) in _SHARED_PEOPLE.items():
            people[role] = User.objects.create_user(
                username=username, password=f"pw-{username}-123", display_name=username.title()
            )
            Membership.objects.create(user=people[role], local_area=area, role=area_role)
        people["outsider"] = User.objects.create_user(
            username="outsider", password="pw-outsider-123", display_name="Outsider"
        )
        Membership.objects.create(
            user=people["outsider"], local_area=other_area, role=Role.COMMISSIONER
        )
        project = cycle.project_open(
            by=people["commissioner"],
            local_area=area,
            name="Adult drug and alcohol treatment",
            service_area="Drug and alcohol",
            budget=Decimal("1000000.00"),
            planned_start=date(2027, 4, 1),
            planned_end=date(2032, 3, 31),
        )
        record = cycle.involvement_record(
            by=people["facilitator"],
            project=project,
            stage="needs_assessment",
            title="Listening event",
            happened_on=date(2026, 5, 12),
            level="co_design",
            participants=[people["expert"]],
            group_name="Recovery community",
            group_count=5,
            what_was_said="Weekend help matters.",
            what_changed="",
            hours_given=Decimal("12"),
        )
        built = _build_world(area, project, record, people)
        yield built
        transaction.set_rollback(True)


@pytest.mark.parametrize(("name", "role", "status"), CASES, ids=[f"{n}-{r}" for n, r, _s in CASES])
def test_it_gives_each_role_the_decided_answer_for_each_url(
    client, db, shared_world, name, role, status
):
    world = shared_world
    user = _sign_in(client, world, role)
    url = _url(name, world)
    before = _denials(user) if user else 0
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        # Inside, so the queries of a streamed download are captured too.
        _check_response(response, url, status, name, user)
    _check_equality_privacy(name, user, captured.captured_queries, response)
    if user is not None and status == 403:
        assert _denials(user) == before + 1, "a refused attempt is written to the audit log"


@pytest.mark.parametrize("name", PUBLIC_READ_ONLY_PAGES)
def test_it_changes_nothing_when_anyone_posts_to_a_public_read_only_page(
    client, db, shared_world, name
):
    world = shared_world
    assert EXPECTED[name] == _row(200)
    before = _snapshot(world)
    # Fields that would mean something to the forms of the things the thread shows.
    data = {"status": "done", "reason": "Sneaky", "token": world["follower"].token}
    for role in ROLES:
        client.logout()
        user = _sign_in(client, world, role)
        url = _url(name, world)
        response = client.post(url, data)
        if response.status_code == 405:
            assert "POST" not in response["Allow"]
        else:
            # Read as a GET: the same page, and nothing changed.
            _check_response(response, url, 200, name, user)
        assert _snapshot(world) == before, role


@pytest.mark.parametrize(
    ("name", "role", "status"), POST_CASES, ids=[f"{n}-{r}" for n, r, _s in POST_CASES]
)
def test_it_refuses_a_post_from_someone_who_cannot_open_the_page(
    client, db, shared_world, name, role, status
):
    # A refusal changes nothing, so these share the read-only world too; were one
    # to change something, its own savepoint is rolled back after the test.
    world = shared_world
    user = _sign_in(client, world, role)
    url = _url(name, world)
    before = _snapshot(world)
    response = client.post(url, _post_data(name, world))
    _check_response(response, url, status, name, user)
    assert _snapshot(world) == before
