"""Production refuses unsafe settings, and every response carries security headers."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SHOW_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
    "s.SECURE_SSL_REDIRECT)"
)


def _env(**values: str) -> dict[str, str]:
    """The environment without any WITHUS_ setting, plus the ones given.

    DJANGO_ALLOW_ASYNC_UNSAFE goes too: the browser tests set it for this process.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("WITHUS_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env["DJANGO_SETTINGS_MODULE"] = "withus.settings"
    env.update(values)
    return env


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


GOOD_SECRET = secrets.token_urlsafe(50)


def test_it_refuses_to_start_in_production_with_the_default_secret():
    result = _run("-c", SHOW_SETTINGS, WITHUS_MODE="production")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "WITHUS_SECRET_KEY" in result.stderr


def test_it_refuses_to_start_in_production_with_a_short_secret():
    result = _run("-c", SHOW_SETTINGS, WITHUS_MODE="production", WITHUS_SECRET_KEY="short")
    assert result.returncode != 0
    assert "WITHUS_SECRET_KEY" in result.stderr


def test_it_refuses_to_start_in_production_with_debug_on():
    result = _run(
        "-c",
        SHOW_SETTINGS,
        WITHUS_MODE="production",
        WITHUS_SECRET_KEY=GOOD_SECRET,
        WITHUS_DEBUG="true",
    )
    assert result.returncode != 0
    assert "WITHUS_DEBUG" in result.stderr


def test_it_refuses_an_unknown_mode():
    result = _run("-c", SHOW_SETTINGS, WITHUS_MODE="prod")
    assert result.returncode != 0
    assert "WITHUS_MODE" in result.stderr


def test_it_starts_in_production_with_a_good_secret_and_secure_cookies():
    result = _run("-c", SHOW_SETTINGS, WITHUS_MODE="production", WITHUS_SECRET_KEY=GOOD_SECRET)
    assert result.returncode == 0, result.stderr
    debug, session_secure, csrf_secure, hsts, ssl_redirect = result.stdout.split()
    assert debug == "False"
    assert session_secure == "True"
    assert csrf_secure == "True"
    assert int(hsts) > 0
    assert ssl_redirect == "True"


def test_it_starts_locally_with_debug_and_cookies_that_work_without_https():
    result = _run("-c", SHOW_SETTINGS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:4] == ["True", "False", "False", "0"]


def test_it_passes_the_django_deployment_checks_in_production():
    result = _run(
        "manage.py",
        "check",
        "--deploy",
        WITHUS_MODE="production",
        WITHUS_SECRET_KEY=GOOD_SECRET,
        WITHUS_ALLOWED_HOSTS="withus.example.org",
    )
    assert result.returncode == 0, result.stderr
    found = set(re.findall(r"security\.[EW]\d+", result.stdout + result.stderr))
    # Only the HSTS preload list, which is a choice for whoever runs withus.
    assert found <= {"security.W021"}


@pytest.mark.parametrize("url", ["/", "/sign-in/", "/accessibility/", "/no-such-page/"])
def test_it_sends_security_headers_with_every_response(client, db, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_it_sends_security_headers_on_refused_pages(client, expert, project):
    client.force_login(expert)
    response = client.get(f"/projects/{project.pk}/edit/")
    assert response.status_code == 403
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_it_keeps_the_session_cookie_away_from_scripts(client, commissioner):
    response = client.post(
        "/sign-in/", {"username": "commissioner", "password": "pw-commissioner-123"}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_it_has_no_inline_script_or_style_in_pages(client, commissioner, project):
    client.force_login(commissioner)
    for url in ["/", f"/projects/{project.pk}/", "/areas/northvale/"]:
        body = client.get(url).content.decode()
        assert "<script>" not in body
        assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body) is None, url
        assert " style=" not in body, url
        assert "<style" not in body, url
