"""The demo area's threads stop in every place a thread can stop, and loading the demo
again changes none of them."""

import html
import re
from io import StringIO

import pytest
from django.core.management import call_command
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from withus.contracts.models import KPI, MonitoringReturn
from withus.insight.models import Exercise, Priority, Statement
from withus.stories.models import Story
from withus.tendering.models import Requirement, Tender
from withus.thread import demo
from withus.thread.openapi import SCHEMA
from withus.thread.stops import WORDS

pytestmark = pytest.mark.django_db

EXPECTED = {
    "Help at weekends and in the evenings": "",
    "Housing": "kpi",
    "Waiting times": "kpi",
    "Peer support": "question",
    "Money and benefits": "award",
    demo.NIGHT: "silent",
    demo.CALM: "requirement",
}


def _load() -> None:
    call_command("demo", "--json", stdout=StringIO())


def _valid(doc) -> bool:
    base = "https://withus.example/api/openapi.json"
    registry = Registry().with_resource(
        base, Resource.from_contents(SCHEMA, default_specification=DRAFT202012)
    )
    validator = Draft202012Validator(
        {"$ref": f"{base}#/components/schemas/Thread"}, registry=registry
    )
    return validator.is_valid(doc)


def _counts():
    return (
        Exercise.objects.count(),
        Priority.objects.count(),
        Statement.objects.count(),
        Requirement.objects.count(),
        Requirement.priorities.through.objects.count(),
        Tender.objects.count(),
        KPI.objects.count(),
        MonitoringReturn.objects.count(),
    )


def test_the_demo_shows_a_thread_stopping_in_every_place_and_loads_once(client):
    _load()
    doc = client.get("/areas/northvale/thread.json").json()
    assert _valid(doc)
    assert {p["title"]: p["stops_at"] for p in doc["priorities"]} == EXPECTED

    page = html.unescape(client.get("/areas/northvale/thread/").content.decode())
    for title, at in EXPECTED.items():
        if at:
            assert re.search(rf"{re.escape(title)}</a> \([^)]*\): {re.escape(WORDS[at])}", page)
    assert "6 threads stop short" in page

    by_title = {p["title"]: p for p in doc["priorities"]}
    # Money and benefits: asked about only in the open housing tender.
    (money,) = by_title["Money and benefits"]["requirements"]
    assert [(q["tender"], q["awarded"]) for q in money["questions"]] == [("NV-2027-004", False)]
    # The night line: measured straight from the priority, silent for its last two quarters.
    (night,) = by_title[demo.NIGHT]["kpis"]
    assert (night["contract"], night["code"], night["silent_for_two_periods"]) == (
        "NV-2024-007",
        "K5",
        True,
    )
    # A story about a service run under that contract leads to the night line.
    harbour = Story.objects.filter(
        status=Story.Status.PUBLISHED, service__contract__reference="NV-2024-007"
    ).first()
    page = html.unescape(client.get(f"/thread/story/{harbour.pk}/").content.decode())
    assert f"Priority: {demo.NIGHT}" in page
    # The statement that names a nurse is kept off the public pages.
    hidden = Statement.objects.get(text=demo.CRISIS_HIDDEN[2])
    assert client.get(f"/thread/statement/{hidden.pk}/").status_code == 404
    night_page = client.get(f"/thread/priority/{by_title[demo.NIGHT]['id']}/").content
    assert demo.CRISIS_HIDDEN[2] not in html.unescape(night_page.decode())

    before = _counts()
    _load()
    assert _counts() == before
    again = client.get("/areas/northvale/thread.json").json()
    assert {**again, "generated_at": ""} == {**doc, "generated_at": ""}
