"""Who gets each SROI page: every URL as every role, for a draft and a published analysis.

Commissioners and admins of the area build and publish; a draft is theirs
alone; a published analysis is for anyone, and nobody changes it. Anyone from
another area is refused (403) and the refusal is logged.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.outcomes_value_world import SROI_OUTCOME
from withus.core.models import AuditEntry, User
from withus.social_value import services

D = Decimal

EDITORS = {"commissioner", "area_admin"}
ROLES = [
    "anonymous",
    "no_role",
    "expert",
    "facilitator",
    "provider",
    "budget_holder",
    "peer_mentor",
    "moderator",
    "commissioner",
    "area_admin",
    "other_commissioner",
]


@pytest.fixture
def people(
    expert,
    facilitator,
    provider,
    budget_holder,
    peer_mentor,
    moderator,
    commissioner,
    area_admin,
    outsider,
):
    return {
        "anonymous": None,
        "no_role": User.objects.create_user(username="norole"),
        "expert": expert,
        "facilitator": facilitator,
        "provider": provider,
        "budget_holder": budget_holder,
        "peer_mentor": peer_mentor,
        "moderator": moderator,
        "commissioner": commissioner,
        "area_admin": area_admin,
        "other_commissioner": outsider,
    }


def _analysis(area, by, title, *, published):
    analysis = services.analysis_create(area, by, title=title, start_year=2025)
    item = services.input_add(
        analysis, by, contributor="Council", description="Grant", amount=D("2500")
    )
    outcome = services.outcome_add(analysis, by, **SROI_OUTCOME)
    if published:
        services.analysis_publish(analysis, by)
    return analysis, item, outcome


@pytest.fixture
def analyses(area, commissioner):
    return {
        "draft": _analysis(area, commissioner, "Secret draft", published=False),
        "published": _analysis(area, commissioner, "Open analysis", published=True),
    }


def _as(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])


@pytest.mark.parametrize("role", ROLES)
def test_the_list_is_public_and_shows_drafts_only_to_editors(client, area, people, analyses, role):
    _as(client, people, role)
    page = client.get(reverse("sroi_list", args=[area.slug])).content.decode()
    assert "Open analysis" in page
    assert ("Secret draft" in page) == (role in EDITORS)
    assert ("Start a new analysis" in page) == (role in EDITORS)


@pytest.mark.parametrize("role", ROLES)
def test_a_published_analysis_is_public_and_a_draft_only_for_editors(
    client, people, analyses, role
):
    _as(client, people, role)
    published = client.get(reverse("sroi_analysis", args=[analyses["published"][0].pk]))
    assert published.status_code == 200
    assert "That is £3.98 of social value for every £1 put in." in published.content.decode()

    draft = client.get(reverse("sroi_analysis", args=[analyses["draft"][0].pk]))
    if role == "anonymous":
        assert draft.status_code == 302 and draft["Location"].startswith(reverse("login"))
    elif role in EDITORS:
        assert "Secret draft" in draft.content.decode()
        assert "Only commissioners and admins of this area can see it." in draft.content.decode()
    else:
        assert draft.status_code == 403
        assert "Secret draft" not in draft.content.decode()
        assert AuditEntry.objects.filter(
            action="access.denied", data__permission="social_value.view_analysis"
        ).exists()


def _pages(area, analyses):
    draft, item, outcome = analyses["draft"]
    return [
        reverse("sroi_new", args=[area.slug]),
        reverse("sroi_edit", args=[draft.pk]),
        reverse("sroi_publish", args=[draft.pk]),
        reverse("sroi_input_new", args=[draft.pk]),
        reverse("sroi_input_edit", args=[item.pk]),
        reverse("sroi_outcome_new", args=[draft.pk]),
        reverse("sroi_outcome_edit", args=[outcome.pk]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_of_the_area_open_the_forms(client, area, people, analyses, role):
    _as(client, people, role)
    for url in _pages(area, analyses):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
        elif role in EDITORS:
            assert response.status_code == 200, url
            assert '<form method="post"' in response.content.decode(), url
        else:
            assert response.status_code == 403, url


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_of_the_area_remove_publish_or_copy(client, area, people, analyses, role):
    draft, item, outcome = analyses["draft"]
    published = analyses["published"][0]
    _as(client, people, role)
    posts = {
        "input": client.post(reverse("sroi_input_remove", args=[item.pk])),
        "outcome": client.post(reverse("sroi_outcome_remove", args=[outcome.pk])),
        "copy": client.post(reverse("sroi_copy", args=[published.pk])),
    }
    if role in EDITORS:
        assert {k: r.status_code for k, r in posts.items()} == dict.fromkeys(posts, 302)
        assert not draft.inputs.exists() and not draft.outcomes.exists()
        assert published.copies.count() == 1
    else:
        expected = 302 if role == "anonymous" else 403
        assert {k: r.status_code for k, r in posts.items()} == dict.fromkeys(posts, expected)
        assert draft.inputs.exists() and draft.outcomes.exists()
        assert not published.copies.exists()


def test_removing_and_copying_take_only_a_post(client, people, analyses):
    draft, item, outcome = analyses["draft"]
    client.force_login(people["commissioner"])
    for url in (
        reverse("sroi_input_remove", args=[item.pk]),
        reverse("sroi_outcome_remove", args=[outcome.pk]),
        reverse("sroi_copy", args=[draft.pk]),
    ):
        assert client.get(url).status_code == 405
    assert draft.inputs.exists() and draft.outcomes.exists()


def test_a_missing_analysis_is_404(client, people, area):
    client.force_login(people["commissioner"])
    assert client.get(reverse("sroi_analysis", args=[999])).status_code == 404
    assert client.get(reverse("sroi_edit", args=[999])).status_code == 404
    assert client.get(reverse("sroi_list", args=["nowhere"])).status_code == 404
