"""People who asked to be told when the thread their words are part of moves.

The thread itself is not stored: it is read from the links made when the work
happened (statement → theme → priority → requirement → question → KPI →
return). Only the follower's wish to hear is kept here, and nobody but the
digest sender reads their email address.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from withus.insight.models import Statement


def _token() -> str:
    return secrets.token_urlsafe(24)


class ThreadFollower(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("Once a day at most")
        WEEKLY = "weekly", _("Once a week at most")

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, related_name="follower")
    email = models.EmailField()
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    # The secret in the "stop these emails" link: knowing it is the only way to stop.
    token = models.CharField(max_length=64, unique=True, default=_token)
    created_at = models.DateTimeField()
    # Changes after this moment are news; moved on each time an email is sent.
    news_since = models.DateTimeField()
    last_sent_on = models.DateField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["stopped_at", "frequency"], name="follower_due")]

    def __str__(self) -> str:
        return f"Follower {self.pk}"
