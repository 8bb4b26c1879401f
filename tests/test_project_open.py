"""A commissioner opens a commissioning project; mistakes are named, nothing lost."""

from datetime import date
from decimal import Decimal

import pytest

from withus.core.models import AuditEntry
from withus.cycle.models import CommissioningProject, StageMove

GOOD = {
    "name": "Day opportunities",
    "service_area": "Learning disability",
    "budget": "£1,250,000.50",
    "planned_start_0": "1",
    "planned_start_1": "4",
    "planned_start_2": "2027",
    "planned_end_0": "31",
    "planned_end_1": "3",
    "planned_end_2": "2030",
}


@pytest.fixture
def signed_in(client, commissioner):
    client.force_login(commissioner)
    return client


def test_it_opens_a_project_at_needs_assessment_and_audits_it(signed_in, commissioner, area):
    response = signed_in.post("/areas/northvale/projects/new/", GOOD)
    project = CommissioningProject.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert project.budget == Decimal("1250000.50")
    assert (project.planned_start, project.planned_end) == (date(2027, 4, 1), date(2030, 3, 31))
    assert project.stage == "needs_assessment" and project.local_area == area
    move = StageMove.objects.get(project=project)
    assert (move.from_stage, move.to_stage, move.moved_by) == ("", "needs_assessment", commissioner)
    entry = AuditEntry.objects.get(action="project.open")
    assert entry.actor == commissioner and entry.data["budget"] == "1250000.50"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Enter a name for the project."),
        ({"budget": "lots"}, "budget", "Enter an amount in pounds, like 1250000 or 1,250,000.50."),
        ({"budget": "-5"}, "budget", "The amount must be 0 or more."),
        (
            {"budget": "12.345"},
            "budget",
            "Enter pence with no more than 2 numbers after the point.",
        ),
        ({"budget": "99999999999999"}, "budget", "The amount is too large."),
        (
            {"planned_start_0": "31", "planned_start_1": "2"},
            "planned_start",
            "The date must be a real date",
        ),
        ({"planned_start_1": ""}, "planned_start", "The date must include a month."),
        ({"planned_start_2": "27"}, "planned_start", "The year must have 4 numbers"),
        (
            {"planned_end_2": "2026"},
            "planned_end",
            "The planned end must be on or after the planned start.",
        ),
        (
            {"planned_end_0": "", "planned_end_1": "", "planned_end_2": ""},
            "planned_end",
            "Enter the planned end date.",
        ),
    ],
)
def test_it_names_each_mistake_next_to_its_field_and_keeps_what_was_typed(
    signed_in, changes, field, message
):
    response = signed_in.post("/areas/northvale/projects/new/", {**GOOD, **changes})
    html = response.content.decode()
    assert response.status_code == 200
    assert not CommissioningProject.objects.exists()
    assert not AuditEntry.objects.filter(action="project.open").exists()
    # In the error summary, linked to the field, and next to the field itself.
    assert 'class="govuk-error-summary"' in html
    assert f'href="#id_{field}' in html
    assert f'id="id_{field}-error"' in html and message in html
    # What the person typed is still there.
    assert 'value="Learning disability"' in html or changes.get("service_area") is not None


def test_it_keeps_typed_values_when_the_form_comes_back(signed_in):
    response = signed_in.post("/areas/northvale/projects/new/", {**GOOD, "budget": "lots"})
    html = response.content.decode()
    assert 'value="Day opportunities"' in html
    assert 'value="lots"' in html
    assert 'name="planned_end_2" type="text" inputmode="numeric" value="2030"' in html
    assert "<title>Error: Open a commissioning project — withus</title>" in html


def test_it_refuses_a_commissioner_from_another_area(client, outsider, area):
    client.force_login(outsider)
    response = client.post("/areas/northvale/projects/new/", GOOD)
    assert response.status_code == 403
    assert not CommissioningProject.objects.exists()
