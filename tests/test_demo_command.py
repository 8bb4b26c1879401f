"""The demo command builds Northvale, can run twice, and prints every role's login."""

import json
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from withus.core.audit import audit_verify
from withus.core.models import Membership, Role, User
from withus.cycle.models import CommissioningProject, InvolvementRecord

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_it_prints_a_login_for_every_role_as_json_that_signs_in():
    logins = json.loads(_run("--json"))
    assert set(Role.values) <= set(logins)
    request = RequestFactory().post("/sign-in/")
    for role in Role.values:
        login = logins[role]
        user = authenticate(request, username=login["username"], password=login["password"])
        assert user is not None, role
        assert Membership.objects.filter(
            user=user, role=role, local_area__slug="northvale"
        ).exists()


def test_it_builds_three_projects_at_different_stages_with_involvement():
    _run()
    northvale = CommissioningProject.objects.filter(local_area__slug="northvale")
    assert sorted(northvale.values_list("stage", flat=True)) == [
        "monitoring",
        "priorities",
        "procurement",
    ]
    for project in northvale:
        assert InvolvementRecord.objects.filter(project=project).exists()
    assert audit_verify() is None


def test_it_can_run_twice_without_making_anything_twice():
    _run()
    counts = (
        User.objects.count(),
        Membership.objects.count(),
        CommissioningProject.objects.count(),
        InvolvementRecord.objects.count(),
    )
    text = _run()
    assert "commissioner" in text and "withus-demo-commissioner" in text
    assert (
        User.objects.count(),
        Membership.objects.count(),
        CommissioningProject.objects.count(),
        InvolvementRecord.objects.count(),
    ) == counts


def test_one_person_holds_different_roles_in_different_areas():
    _run()
    roles = set(
        Membership.objects.filter(user__username="expert").values_list("local_area__slug", "role")
    )
    assert roles == {("northvale", "expert_by_experience"), ("eastmoor", "peer_mentor")}


def test_the_dashboard_shows_where_involvement_is_real_and_where_it_is_a_box_ticked(client):
    _run()
    client.force_login(User.objects.get(username="commissioner"))
    html = client.get("/areas/northvale/").content.decode()
    # Drug and alcohol: 5 stages reached, co-design or higher at 4 of them (80%).
    assert "4 of 5 (80%)" in html
    # Day opportunities: informing and consultation only, over 3 stages reached.
    assert "0 of 3 (0%)" in html and "Box ticked" in html
    # Crisis support: 7 stages reached, co-design only at specification (1 of 7 = 14%).
    assert "1 of 7 (14%)" in html
