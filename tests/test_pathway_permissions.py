"""Who gets each pathway page, role by role; refusals are audited.

A live pathway is public. Setting up, recording people and outcomes, and every
provider's statement are for the area's commissioners and admins. A provider
signed in for an organisation sees the statement (its own lines only). Another
area's commissioner gets 403; a draft is 404 to anyone who cannot work on it.
"""

import pytest
from django.urls import reverse

from tests.test_pathway_world import draft, live, with_people
from withus.core.models import AuditEntry, Organisation, User
from withus.pathways.models import PathwayPerson

ROLES = [
    "anonymous",
    "nobody",
    "expert",
    "facilitator",
    "provider",
    "provider_with_org",
    "budget_holder",
    "peer_mentor",
    "moderator",
    "commissioner",
    "area_admin",
    "outsider",
]
MANAGERS = {"commissioner", "area_admin"}


@pytest.fixture
def people(request, area, commissioner):
    found = {}
    for role in ROLES:
        if role == "anonymous":
            found[role] = None
        elif role == "nobody":
            found[role] = User.objects.create_user(username="nobody")
        elif role == "provider_with_org":
            user = User.objects.create_user(username="brightpath-worker")
            user.memberships.create(
                local_area=area,
                role="provider",
                organisation=Organisation.objects.get(name="Brightpath Recovery CIC"),
            )
            found[role] = user
        else:
            found[role] = request.getfixturevalue(role)
    return found


@pytest.fixture
def world(area, commissioner, scheme):
    pathway = live(area, commissioner, scheme)
    (person,) = with_people(pathway, commissioner, 1)
    other = draft(area, commissioner, scheme, orgs=_orgs())
    return {"live": pathway, "person": person, "draft": other, "stage": other.stages.first()}


def _orgs():
    return {
        "brightpath": Organisation.objects.get(name="Brightpath Recovery CIC"),
        "trust": Organisation.objects.get(name="Northvale NHS Trust"),
        "lero": Organisation.objects.get(name="Northvale LERO"),
    }


def _expect(role, allowed, refused=403):
    if role == "anonymous":
        return "sign-in"
    return 200 if allowed else refused


# name, how to build the kwargs, who gets 200, what the rest get
PAGES = [
    ("pathways", lambda w, a: [a.slug], set(ROLES), 403),
    ("pathway", lambda w, a: [w["live"].pk], set(ROLES), 403),
    ("pathway", lambda w, a: [w["draft"].pk], MANAGERS, 404),
    ("pathway_new", lambda w, a: [a.slug], MANAGERS, 403),
    ("pathway_edit", lambda w, a: [w["draft"].pk], MANAGERS, 403),
    ("pathway_stage_new", lambda w, a: [w["draft"].pk], MANAGERS, 403),
    ("pathway_stage_edit", lambda w, a: [w["stage"].pk], MANAGERS, 403),
    ("pathway_people", lambda w, a: [w["live"].pk], MANAGERS, 403),
    ("pathway_person_new", lambda w, a: [w["live"].pk], MANAGERS, 403),
    ("pathway_outcome_new", lambda w, a: [w["person"].pk], MANAGERS, 403),
    ("pathway_statement", lambda w, a: [w["live"].pk], MANAGERS | {"provider_with_org"}, 403),
    ("pathway_statement_csv", lambda w, a: [w["live"].pk], MANAGERS | {"provider_with_org"}, 403),
]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(client, area, world, people, role):
    user = people[role]
    if user is not None:
        client.force_login(user)
    for name, kwargs, allowed, refused in PAGES:
        url = reverse(name, args=kwargs(world, area))
        response = client.get(url)
        public_page = name in ("pathways", "pathway")
        if role == "anonymous" and not public_page:
            assert response.status_code == 302, (name, role)
            assert "/sign-in/" in response.url
            continue
        if role == "anonymous" and name == "pathway" and allowed == MANAGERS:
            assert response.status_code == 404
            continue
        expected = 200 if role in allowed else refused
        assert response.status_code == expected, (name, role, response.status_code)


@pytest.mark.parametrize("role", ["outsider", "expert", "provider_with_org", "facilitator"])
def test_posts_from_people_who_may_not_make_changes_are_refused_and_audited(
    client, world, people, role
):
    client.force_login(people[role])
    before = PathwayPerson.objects.count()
    response = client.post(
        reverse("pathway_person_new", args=[world["live"].pk]),
        {"reference": "X-1", "started_on_0": "1", "started_on_1": "3", "started_on_2": "2026"},
    )
    assert response.status_code == 403
    assert client.post(reverse("pathway_publish", args=[world["draft"].pk])).status_code == 403
    assert client.post(reverse("pathway_stage_remove", args=[world["stage"].pk])).status_code == 403
    assert PathwayPerson.objects.count() == before
    world["draft"].refresh_from_db()
    assert world["draft"].status == "draft" and world["draft"].stages.count() == 3
    assert AuditEntry.objects.filter(
        action="access.denied", actor=people[role], data__permission="pathways.record"
    ).exists()


def test_another_areas_commissioner_cannot_see_the_people(client, world, outsider):
    client.force_login(outsider)
    response = client.get(reverse("pathway_people", args=[world["live"].pk]))
    assert response.status_code == 403
    assert "CASE-0000" not in response.content.decode()
