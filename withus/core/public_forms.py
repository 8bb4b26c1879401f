"""Guards for forms anyone can send without an account.

A robot trap (a box people never see), a signed start time (people take
longer than a few seconds to read and write), and a count of sends per
connection per hour, counted before it is checked so sends at once all count.
"""

import time

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

MIN_SECONDS = 3
RATE_LIMIT = 10  # sends an hour from one connection to one form
TOO_FAST = _("Please check what you wrote, then press the button again.")
TOO_MANY = _("We have had a lot from your connection. Please try again in an hour.")


def start_token(salt: str, seconds_ago: float = 0) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=salt)


def started_at(token: str, salt: str) -> float | None:
    try:
        return float(signing.loads(token, salt=salt, max_age=86400))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def too_fast(token: str, salt: str) -> bool:
    started = started_at(token, salt)
    return started is None or time.time() - started < MIN_SECONDS


def over_limit(key: str, limit: int = RATE_LIMIT) -> bool:
    """Count this try first, then check: incr() is atomic, so tries at once all count."""
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # the hour ran out between add() and incr()
        cache.add(key, 1, 3600)
        count = 1
    return count > limit


class PublicFormFields(forms.Form):
    """The robot trap and start time every public form carries."""

    # A trap for robots: people never see or fill this box.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    started = forms.CharField(required=False, widget=forms.HiddenInput)


def screen(form: forms.Form, salt: str, limit_key: str) -> str:
    """Check a valid public form before keeping it.

    "robot" (keep nothing, but thank them as if all went well), "refused" (an
    error is on the form, with a fresh start time when too fast) or "ok".
    """
    if form.cleaned_data.get("website"):
        return "robot"
    if too_fast(form.cleaned_data.get("started", ""), salt):
        form.add_error(None, TOO_FAST)
        form.data = form.data.copy()
        form.data["started"] = start_token(salt, seconds_ago=MIN_SECONDS)
        return "refused"
    if over_limit(limit_key):
        form.add_error(None, TOO_MANY)
        return "refused"
    return "ok"
