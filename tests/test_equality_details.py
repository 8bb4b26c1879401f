"""A person's own equality details: kept only with their consent, seen only by them.

The form is posted as a browser would: the CSRF token is always there, the age
list always sends a value (blank for "Not given"), and an unticked box or
unchosen radio sends nothing.
"""

import html
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from withus.representation import services
from withus.representation.models import EqualityProfile

URL = reverse("my_equality")
CONSENT_MESSAGE = "Tick the box to let us keep these details, or leave every answer empty."


def _post(client, **fields):
    data = {"csrfmiddlewaretoken": "x", "age_band": "", **fields}
    return client.post(URL, data)


def _ticked(page: str) -> set[tuple[str, str]]:
    """(name, value) of every ticked box, chosen radio and selected option on the form."""
    form = page.split('<form method="post" novalidate>', 1)[1].split("</form>", 1)[0]
    found = {
        (name, value)
        for name, value in re.findall(
            r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]* checked', form
        )
    }
    select = re.search(r'<select[^>]*name="age_band"[^>]*>(.*?)</select>', form, re.S)[1]
    found |= {("age_band", v) for v in re.findall(r'<option value="([^"]*)" selected', select)}
    return found


def _consent_group(page: str) -> str:
    """The form group holding the consent box, from its opening to the box itself."""
    before_box = page.split('id="id_consent"', 1)[0]
    return before_box.rsplit('<div class="govuk-form-group', 1)[1]


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_it_needs_signing_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_person_saves_their_own_details_with_consent(client, expert):
    client.force_login(expert)

    response = _post(
        client,
        consent="true",
        age_band="35_44",
        gender="non_binary",
        ethnic_group="mixed",
        disabled="yes",
        experience=["carer", "mental_health"],
    )

    assert response.status_code == 302
    assert response["Location"] == URL
    profile = EqualityProfile.objects.get(user=expert)
    assert profile.consent is True
    assert (profile.age_band, profile.gender, profile.ethnic_group, profile.disabled) == (
        "35_44",
        "non_binary",
        "mixed",
        "yes",
    )
    assert sorted(profile.experience) == ["carer", "mental_health"]
    page = client.get(URL).content.decode()
    assert "Saved. Only you can see your answers." in _text(page)
    assert "You last saved your answers on" in _text(page)
    assert _ticked(page) == {
        ("consent", "true"),
        ("age_band", "35_44"),
        ("gender", "non_binary"),
        ("ethnic_group", "mixed"),
        ("disabled", "yes"),
        ("experience", "carer"),
        ("experience", "mental_health"),
    }


def test_saving_again_changes_the_one_profile(client, expert):
    client.force_login(expert)
    _post(client, consent="true", gender="woman", experience=["drugs"])

    _post(client, consent="true", age_band="75_plus")

    profile = EqualityProfile.objects.get(user=expert)
    # What was left empty the second time is no longer kept.
    assert (profile.age_band, profile.gender, profile.experience) == ("75_plus", "", [])


@pytest.mark.parametrize(
    "answer",
    [
        {"gender": "woman"},
        {"age_band": "18_24"},
        {"ethnic_group": "white"},
        {"disabled": "no"},
        {"experience": ["alcohol"]},
        {"gender": "prefer_not_to_say"},  # still an answer about them
    ],
)
def test_details_without_consent_are_refused_and_nothing_is_kept(client, expert, answer):
    client.force_login(expert)

    response = _post(client, **answer)

    assert response.status_code == 200
    page = response.content.decode()
    group = _consent_group(page)
    assert "govuk-form-group--error" in group
    assert CONSENT_MESSAGE in _text(group)
    assert "There is a problem" in page
    assert not EqualityProfile.objects.filter(user=expert).exists()


def test_a_refusal_leaves_details_given_before_as_they_were(client, expert):
    client.force_login(expert)
    _post(client, consent="true", gender="man")

    _post(client, gender="woman")  # the box left unticked

    assert EqualityProfile.objects.get(user=expert).gender == "man"


def test_unticking_consent_and_saving_removes_the_details(client, expert):
    client.force_login(expert)
    _post(client, consent="true", gender="woman", disabled="yes", experience=["carer"])

    # Untick the box and clear the answers, as the hint says.
    response = _post(client)

    assert response.status_code == 302
    assert not EqualityProfile.objects.filter(user=expert).exists()
    page = client.get(URL).content.decode()
    assert _ticked(page) == set()
    assert "You last saved your answers on" not in _text(page)


def test_the_page_shows_only_your_own_answers(client, expert, facilitator):
    services.profile_save(
        expert,
        consent=True,
        age_band="65_74",
        gender="non_binary",
        ethnic_group="black",
        disabled="yes",
        experience=["justice", "homelessness"],
    )
    client.force_login(facilitator)

    page = client.get(URL).content.decode()

    # The facilitator has given nothing, so nothing is chosen: not the expert's answers.
    assert _ticked(page) == set()
    assert "You last saved your answers on" not in _text(page)

    services.profile_save(facilitator, consent=True, gender="woman")
    page = client.get(URL).content.decode()

    # Their own answer, and "Not given" for what they left out.
    assert _ticked(page) == {
        ("consent", "true"),
        ("age_band", ""),
        ("gender", "woman"),
        ("ethnic_group", ""),
        ("disabled", ""),
    }


def test_the_database_refuses_details_without_consent(expert):
    for details in (
        {"gender": "woman"},
        {"age_band": "18_24"},
        {"ethnic_group": "asian"},
        {"disabled": "no"},
        {"experience": ["carer"]},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            EqualityProfile.objects.create(
                user=expert, consent=False, changed_at=timezone.now(), **details
            )
    assert not EqualityProfile.objects.filter(user=expert).exists()


def test_the_database_refuses_withdrawing_consent_but_keeping_details(expert):
    profile = services.profile_save(expert, consent=True, gender="woman")
    profile.consent = False

    with pytest.raises(IntegrityError), transaction.atomic():
        profile.save()

    assert EqualityProfile.objects.get(user=expert).consent is True


def test_the_database_takes_consent_with_details_and_no_consent_without(expert, facilitator):
    EqualityProfile.objects.create(
        user=expert, consent=True, gender="woman", changed_at=timezone.now()
    )
    EqualityProfile.objects.create(user=facilitator, consent=False, changed_at=timezone.now())

    assert EqualityProfile.objects.count() == 2
