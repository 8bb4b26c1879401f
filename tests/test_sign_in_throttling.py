"""Signing in: plain messages, and a pause after too many wrong passwords.

django-axes keeps failures in the database (AxesDatabaseHandler, no cache), so
the rollback after each test clears them; the fixture below proves it.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings

PASSWORD = "pw-commissioner-123"
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture(autouse=True)
def _no_failures_left_over(db):
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert AccessAttempt.objects.count() == 0
    yield


def _sign_in(client, password: str, username: str = "commissioner", **extra):
    return client.post("/sign-in/", {"username": username, "password": password}, **extra)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


WRONG = "The username or password is not right. Check them and try again."


def _refused_plainly(response) -> bool:
    """A wrong password gets the form again with the plain message, not the pause."""
    return response.status_code == 200 and WRONG in response.content.decode()


def test_it_uses_a_limit_of_five_wrong_tries():
    assert LIMIT == 5


def test_it_signs_in_with_the_right_password_after_a_few_wrong_ones(client, commissioner):
    for _ in range(LIMIT - 1):
        assert _refused_plainly(_sign_in(client, "wrong"))
    response = _sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in(client)


def test_it_pauses_signing_in_after_five_wrong_tries(client, commissioner):
    answers = [_sign_in(client, "wrong") for _ in range(LIMIT)]
    assert [r.status_code for r in answers[:-1]] == [200] * (LIMIT - 1)
    # The fifth wrong try reaches the limit and is already answered with the pause.
    assert answers[-1].status_code == 429
    sixth = _sign_in(client, PASSWORD)
    assert sixth.status_code == 429
    body = sixth.content.decode()
    assert "Too many tries" in body
    assert "signing in is paused for 15 minutes" in body
    assert not _signed_in(client)


def test_it_does_not_lift_the_pause_for_a_forged_forwarded_address(client, commissioner):
    for _ in range(LIMIT):
        _sign_in(client, "wrong")
    response = _sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 429
    assert not _signed_in(client)


def test_it_pauses_only_that_username_from_that_address(client, commissioner, expert):
    for _ in range(LIMIT):
        _sign_in(client, "wrong")
    other_person = _sign_in(client, "pw-expert-123", username="expert")
    assert other_person.status_code == 302
    client.logout()
    elsewhere = _sign_in(client, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert elsewhere.status_code == 302


def test_it_forgets_earlier_wrong_tries_after_a_good_sign_in(client, commissioner):
    for _ in range(LIMIT - 1):
        _sign_in(client, "wrong")
    assert _sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert _refused_plainly(_sign_in(client, "wrong"))
    assert _sign_in(client, PASSWORD).status_code == 302


def test_it_shows_a_plain_message_and_keeps_the_username_typed(client, commissioner):
    response = _sign_in(client, "wrong")
    assert response.status_code == 200
    body = response.content.decode()
    assert "The username or password is not right. Check them and try again." in body
    assert "There is a problem" in body
    assert 'name="username" type="text" value="commissioner"' in body
    assert 'type="password" value=""' in body
    assert "wrong" not in body.split('name="password"')[1].split(">")[0]
    assert not _signed_in(client)


def test_it_says_what_is_missing_when_the_form_is_empty(client, db):
    response = client.post("/sign-in/", {"username": "", "password": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter your username." in body
    assert "Enter your password." in body


def test_it_sends_people_back_to_the_page_they_asked_for(client, commissioner):
    response = client.post(
        "/sign-in/?next=/areas/", {"username": "commissioner", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/areas/"


def test_it_does_not_send_people_to_another_site_after_signing_in(client, commissioner):
    response = client.post(
        "/sign-in/?next=https://evil.example/", {"username": "commissioner", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
