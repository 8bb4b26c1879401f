"""The demo's recovery pathway: live, three providers including peer support,
people with outcomes met, and the provider login sees Brightpath's statement."""

import html
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from withus.core.audit import audit_verify
from withus.core.models import User
from withus.pathways.models import OutcomeMet, Pathway, PathwayPerson

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_demo_pathway_and_who_sees_what(client):
    call_command("demo", stdout=StringIO())
    pathway = Pathway.objects.get(name="Recovery pathway: drugs and alcohol")
    assert pathway.is_live and str(pathway.tariff) == "4200.00"
    stages = list(pathway.stages.prefetch_related("providers__organisation"))
    assert [s.name for s in stages] == [
        "Assessment and plan",
        "Treatment and detox",
        "Peer support into recovery",
        "Staying well",
    ]
    providers = {p.organisation.name for s in stages for p in s.providers.all()}
    assert providers == {
        "Brightpath Recovery CIC",
        "Northvale NHS Foundation Trust",
        "Northvale Recovery Community",
    }
    assert stages[2].scheme.name == "Northvale Recovery Peer Mentors"
    assert 20 <= PathwayPerson.objects.filter(pathway=pathway).count() <= 40
    met = OutcomeMet.objects.filter(person__pathway=pathway)
    assert met.count() > 10 and met.values("met_on").distinct().count() > 5
    assert audit_verify() is None

    # Anyone: the split. Stage 4 is 20% of £4,200 = £840.00: the peer group 60% =
    # £504.00 (half on the outcome: £252.00 each way), Brightpath 40% = £336.00.
    page = _text(client.get(reverse("pathway", args=[pathway.pk])))
    assert "Northvale Recovery Community 60% of the stage £252.00 £252.00 £504.00" in page

    client.force_login(User.objects.get(username="provider"))
    statement = _text(
        client.get(
            reverse("pathway_statement", args=[pathway.pk]),
            {"from": "2000-01-01", "to": "2100-12-31"},
        )
    )
    assert "You see only your own organisation's lines." in statement
    assert "Brightpath Recovery CIC" in statement
    assert "Northvale NHS Foundation Trust" not in statement

    # Running again adds nothing.
    counts = (Pathway.objects.count(), PathwayPerson.objects.count(), OutcomeMet.objects.count())
    call_command("demo", stdout=StringIO())
    assert counts == (
        Pathway.objects.count(),
        PathwayPerson.objects.count(),
        OutcomeMet.objects.count(),
    )
