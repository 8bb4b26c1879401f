"""Resetting a forgotten password, from asking for the link to signing in again."""

import re

import pytest
from django.test import Client

from withus.core.models import User

OLD_PASSWORD = "pw-sam-old-123"
NEW_PASSWORD = "brighter-morning-walk-42"
LINK = re.compile(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def sam(db) -> User:
    return User.objects.create_user(
        username="sam", email="sam@example.org", password=OLD_PASSWORD, display_name="Sam"
    )


def _ask_for_link(client, email: str):
    return client.post("/password-reset/", {"email": email}, follow=True)


def _link_from(mail) -> str:
    match = LINK.search(mail.body)
    assert match, mail.body
    return match.group(1)


def _signs_in(username: str, password: str) -> bool:
    """Whether the password works, tried from a browser of its own."""
    response = Client().post("/sign-in/", {"username": username, "password": password})
    return response.status_code == 302 and response["Location"] == "/"


def _signed_in_here(client) -> bool:
    return "_auth_user_id" in client.session


def test_it_shows_the_form_to_ask_for_a_link(client, db):
    response = client.get("/password-reset/")
    body = response.content.decode()
    assert "Reset your password" in body
    assert 'name="email"' in body
    assert 'autocomplete="email"' in body


def test_it_resets_a_password_from_the_emailed_link(client, sam, mailoutbox):
    sent = _ask_for_link(client, "sam@example.org")
    assert sent.redirect_chain == [("/password-reset/sent/", 302)]
    assert "Check your email" in sent.content.decode()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["sam@example.org"]
    assert mail.subject == "Set a new password for withus"
    assert "Your username is: sam" in mail.body
    link = _link_from(mail)

    # The link moves the token out of the address (so it cannot leak) and shows the form.
    opened = client.get(link, follow=True)
    final_url = opened.redirect_chain[-1][0]
    assert final_url.endswith("/set-password/")
    body = opened.content.decode()
    assert "Set a new password" in body
    assert 'name="new_password1"' in body
    assert 'autocomplete="new-password"' in body

    mismatched = client.post(
        final_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )
    assert mismatched.status_code == 200
    body = mismatched.content.decode()
    assert "There is a problem" in body
    error = re.search(r'<p id="id_new_password2-error" class="govuk-error-message">(.*?)</p>', body)
    assert error, "the error is shown next to the second password box"
    assert "match" in error.group(1)
    assert re.search(r'aria-describedby="[^"]*id_new_password2-error"', body)
    sam.refresh_from_db()
    assert sam.check_password(OLD_PASSWORD), "a refused form changes nothing"

    done = client.post(
        final_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert done.redirect_chain == [("/password-reset/done/", 302)]
    assert "Password changed" in done.content.decode()
    assert not _signed_in_here(client), "setting the password does not sign the person in"

    assert _signs_in("sam", NEW_PASSWORD)
    assert not _signs_in("sam", OLD_PASSWORD)


def test_it_refuses_a_link_that_has_been_used(client, sam, mailoutbox):
    _ask_for_link(client, "sam@example.org")
    link = _link_from(mailoutbox[0])
    final_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(final_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)
    body = again.content.decode()
    assert "This link does not work any more" in body
    assert 'name="new_password1"' not in body


def test_it_refuses_a_made_up_link(client, sam):
    response = client.get("/password-reset/MQ/abc-123/", follow=True)
    body = response.content.decode()
    assert "This link does not work any more" in body
    assert 'name="new_password1"' not in body


def test_it_refuses_a_weak_new_password_in_plain_words(client, sam, mailoutbox):
    _ask_for_link(client, "sam@example.org")
    final_url = client.get(_link_from(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    response = client.post(final_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert 'id="id_new_password2-error"' in response.content.decode()
    assert _signs_in("sam", OLD_PASSWORD)


def test_it_finds_the_account_whatever_the_case_of_the_email(client, sam, mailoutbox):
    _ask_for_link(client, "SAM@Example.org")
    assert [m.to for m in mailoutbox] == [["sam@example.org"]]


@pytest.mark.parametrize("email", ["nobody@example.org", "switched-off@example.org"])
def test_it_gives_the_same_answer_and_sends_nothing_for_an_unknown_email(
    client, sam, mailoutbox, email
):
    User.objects.create_user(
        username="gone", email="switched-off@example.org", password="pw-gone-123", is_active=False
    )
    known = _ask_for_link(client, "sam@example.org")
    unknown = _ask_for_link(client, email)
    assert unknown.redirect_chain == known.redirect_chain == [("/password-reset/sent/", 302)]
    assert "Check your email" in unknown.content.decode()
    assert unknown.content.decode() == known.content.decode()
    assert [m.to for m in mailoutbox] == [["sam@example.org"]]


def test_it_says_what_is_wrong_with_an_email_that_is_not_an_email(client, db, mailoutbox):
    response = client.post("/password-reset/", {"email": "not an email"})
    assert response.status_code == 200
    assert "Enter an email address like name@example.org." in response.content.decode()
    assert mailoutbox == []
