"""The area's thread as JSON (checked against the published OpenAPI description) and as
CSV (one row per branch end), with nothing personal in either."""

import csv
import io
import json
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests import golden_thread_world as world
from withus.core.models import User
from withus.insight.models import Statement
from withus.tendering import services as tendering
from withus.thread.openapi import SCHEMA
from withus.thread.stops import WORDS

HEADER = [
    "priority",
    "status",
    "statements",
    "votes",
    "requirement",
    "tender question",
    "set by",
    "KPI",
    "latest result",
    "stops at",
]


def _thread_validator() -> Draft202012Validator:
    """Validates against components/schemas/Thread, following its "#/components/..." refs."""
    base = "https://withus.example/api/openapi.json"
    registry = Registry().with_resource(
        base, Resource.from_contents(SCHEMA, default_specification=DRAFT202012)
    )
    return Draft202012Validator(
        {"$ref": f"{base}#/components/schemas/Thread"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


@pytest.fixture
def demo_like(area, project, commissioner, facilitator, expert, moderator):
    """A whole chain, a thread stopping at each place, and KPIs on every kind of link."""
    found = world.chain(area, project, commissioner, facilitator, expert, moderator)
    every = world.every_stop(area, project, commissioner, facilitator, expert)
    by_hand = world.contract_by_hand(area, commissioner, every["contract"].provider)
    # Measuring a priority straight, and a requirement that no tender asked about.
    direct = world.kpi(by_hand, commissioner, "K-DIRECT", priority=found["other_priority"])
    on_requirement = world.kpi(
        by_hand, commissioner, "K-REQ", requirement=every["requirements"]["question"]
    )
    # A priority whose thread is complete can still have a KPI of its own that nobody reports.
    world.kpi(by_hand, commissioner, "K-ALSO", priority=found["priority"])
    periods = world.due(direct)
    world.report(
        by_hand,
        commissioner,
        {
            direct: [(p, Decimal("70")) for p in periods[:-2]],
            on_requirement: [(p, Decimal("91.25")) for p in periods],
        },
    )
    return {**found, **every, "by_hand": by_hand}


def _csv(client) -> list[list[str]]:
    response = client.get("/areas/northvale/thread.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="northvale-thread.csv"'
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_openapi_document_is_valid_and_served(client):
    validate_openapi(SCHEMA)
    assert client.get("/api/openapi.json").json() == SCHEMA


def test_the_json_matches_the_openapi_thread_schema(client, demo_like):
    response = client.get("/areas/northvale/thread.json?download=1")
    assert response["Content-Disposition"] == 'attachment; filename="northvale-thread.json"'
    doc = response.json()
    errors = list(_thread_validator().iter_errors(doc))
    assert errors == []
    # Every part of the schema was used: a question's KPI, a requirement's, a priority's.
    by_title = {p["title"]: p for p in doc["priorities"]}
    assert {p["stops_at"] for p in doc["priorities"]} == {
        "requirement",
        "question",
        "award",
        "kpi",
        "silent",
        "",
    }
    weekends = by_title[world.WEEKENDS]["requirements"][0]
    panel = next(q for q in weekends["questions"] if q["set_by"] == "panel")
    assert panel["winning_score"] == 4 and panel["weight"] == "20" and panel["awarded"]
    (k1,) = panel["kpis"]
    assert k1["target"] == "90" and k1["latest"]["value"] == "92.5"
    assert k1["latest"]["status"] == "green"
    (direct,) = by_title[world.RESPECT]["kpis"]
    assert direct["code"] == "K-DIRECT" and direct["silent_for_two_periods"] is True
    assert by_title[world.RESPECT]["stops_at"] == "silent"
    (never_asked,) = by_title["Never asked"]["requirements"]
    assert [k["latest"]["value"] for k in never_asked["kpis"]] == ["91.25"]


def test_the_schema_check_is_not_a_formality(client, demo_like):
    doc = client.get("/areas/northvale/thread.json").json()
    validator = _thread_validator()
    assert validator.is_valid(doc)
    at = [p["title"] for p in doc["priorities"]].index(world.WEEKENDS)

    def broken(change) -> dict:
        copy = json.loads(json.dumps(doc))
        change(copy["priorities"][at])
        return copy

    assert not validator.is_valid(broken(lambda p: p.update(stops_at="somewhere")))
    assert not validator.is_valid(broken(lambda p: p["requirements"][0]["questions"][0].clear()))
    assert not validator.is_valid(broken(lambda p: p.update(votes=-1)))
    with pytest.raises(ValidationError, match="purple"):
        validator.validate(
            broken(
                lambda p: p["requirements"][0]["questions"][-1]["kpis"][0]["latest"].update(
                    status="purple"
                )
            )
        )


def test_the_csv_has_one_row_per_branch_end_with_its_stop(client, demo_like):
    rows = _csv(client)
    assert rows[0] == HEADER
    ends: dict[str, list[tuple[str, ...]]] = {}
    for row in rows[1:]:
        assert len(row) == len(HEADER)
        ends.setdefault(row[0], []).append((row[5], row[7], row[9]))
    complete = WORDS[""]
    assert ends == {
        # Q1 is not measured, Q3 is, by K1: two ends of one requirement.
        world.WEEKENDS: [
            ("T-1 Q1", "", complete),
            ("T-1 Q3", "C-1 K1", complete),
            ("", "C-HAND K-ALSO", WORDS["silent"]),
        ],
        # Measured straight from the priority, by a KPI whose returns stopped.
        world.RESPECT: [("", "C-HAND K-DIRECT", WORDS["silent"])],
        "Never asked": [("", "C-HAND K-REQ", WORDS["question"])],
        "Waiting for the award": [("T-OPEN Q1", "", WORDS["award"])],
        "Nobody reporting": [("T-AWARDED Q2", "C-OLD K-SILENT", WORDS["silent"])],
        "All the way": [("T-AWARDED Q3", "C-OLD K-DONE", complete)],
        "Measured nowhere": [("T-AWARDED Q1", "", WORDS["kpi"])],
        "Nothing written yet": [("", "", WORDS["requirement"])],
    }
    weekends = [r for r in rows if r[0] == world.WEEKENDS]
    assert weekends[1][1:5] == ["under_way", "3", "3", f"R1 {world.REQUIREMENT}"]
    assert weekends[1][6] == "Lived-experience panel"
    assert weekends[1][8] == "92.5 % (green)"


def test_formula_like_text_is_made_safe_in_the_csv(
    client, area, project, commissioner, facilitator
):
    names = ['=HYPERLINK("http://bad.example")', "+1+1 help", "@SUM(A1) support"]
    made = world.said(facilitator, area, {n: ["Said."] for n in names})
    spec = tendering.specification_create(project, commissioner, "Spec", "")
    tendering.requirement_add(spec, commissioner, "-2+3 people get a key worker", [made[names[0]]])
    tendering.requirement_add(spec, commissioner, "\tTabbed requirement", [made[names[1]]])

    rows = _csv(client)[1:]
    cells = [c for row in rows for c in row]
    for name in names:
        assert "'" + name in cells
        assert name not in cells
    assert "'R1 -2+3 people get a key worker" not in cells  # starts with R: already safe
    assert "R1 -2+3 people get a key worker" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    # The JSON is not a spreadsheet: it keeps what was written.
    doc = client.get("/areas/northvale/thread.json").json()
    assert {p["title"] for p in doc["priorities"]} == set(names)


def test_no_email_username_name_or_statement_source_is_in_either_download(client, demo_like):
    people = list(User.objects.all())
    for person in people:
        person.username = f"login{person.pk}zq"
        person.email = f"private{person.pk}@people.example"
        person.display_name = f"Person{person.pk} Qx"
        person.first_name, person.last_name = f"Person{person.pk}", "Qx"
        person.save()
    assert Statement.objects.filter(source="easy_read", equality_consent=True).exists()
    assert Statement.objects.filter(public=False).exists()
    hidden = Statement.objects.filter(public=False).values_list("text", flat=True)
    for text in (
        client.get("/areas/northvale/thread.json").content.decode(),
        client.get("/areas/northvale/thread.csv").content.decode(),
    ):
        assert "@" not in text
        for person in people:
            for detail in (person.username, person.email, person.display_name):
                assert detail not in text
        lowered = text.lower()
        for source in ("easy_read", "easy-read", "35_44", "35 to 44"):
            assert source not in lowered
        for said in hidden:
            assert said not in text
