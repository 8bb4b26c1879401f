"""The demo evaluates the recovery peer mentors, publishes the report, gives the expert scores."""

import html
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from withus.core.audit import audit_verify
from withus.core.models import User
from withus.outcomes.models import Evaluation, Measurement, Participant

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_demo_evaluation_is_published_with_missing_follow_ups_shown(client):
    call_command("demo", stdout=StringIO())
    evaluation = Evaluation.objects.get(scheme__name="Northvale Recovery Peer Mentors")
    assert evaluation.is_published
    assert [u.username for u in evaluation.runners.all()] == ["facilitator"]
    assert Participant.objects.filter(evaluation=evaluation).count() == 40
    assert [m.name for m in evaluation.measures.all()] == [
        "Wellbeing (SWEMWBS)",
        "In control of my recovery",
        "GP visits",
    ]
    follow_ups = (
        Measurement.objects.filter(participant__evaluation=evaluation, stage="follow_up")
        .values("participant")
        .distinct()
    )
    assert follow_ups.count() == 32
    assert audit_verify() is None

    page = _text(client.get(reverse("outcomes_report", args=[evaluation.pk])))
    assert "32 people filled in these questions at the start and again after 6 months." in page
    assert "Answered at the start only 8" in page
    assert "complete-case analysis" in page
    # Nobody's reference is on the public report.
    assert "RPM-" not in page

    # Running it again changes nothing.
    call_command("demo", stdout=StringIO())
    assert Evaluation.objects.filter(scheme=evaluation.scheme).count() == 1
    assert Participant.objects.filter(evaluation=evaluation).count() == 40


def test_the_expert_sees_their_own_scores_under_my_outcomes(client):
    call_command("demo", stdout=StringIO())
    client.force_login(User.objects.get(username="expert"))
    page = _text(client.get(reverse("outcomes_mine")))
    assert "Does peer mentoring help recovery?" in page
    assert "Wellbeing (SWEMWBS)" in page and "GP visits" in page
    assert "Not yet" not in page  # the expert answered both times
