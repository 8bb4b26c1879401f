"""Changing a project's details: audited, and a concurrent edit is never silently lost."""

from decimal import Decimal

import pytest

from withus.core.models import AuditEntry
from withus.cycle import services


def test_it_changes_the_budget_and_audits_from_and_to(project, commissioner):
    services.project_update(
        by=commissioner, project=project, version=project.version, budget=Decimal("1250000.00")
    )
    project.refresh_from_db()
    assert project.budget == Decimal("1250000.00") and project.version == 2
    entry = AuditEntry.objects.get(action="project.update")
    assert entry.data == {"changed": {"budget": {"from": "1000000.00", "to": "1250000.00"}}}


def test_it_refuses_the_second_of_two_edits_from_the_same_starting_point(project, commissioner):
    version = project.version
    services.project_update(by=commissioner, project=project, version=version, name="First")
    with pytest.raises(services.StaleEdit):
        services.project_update(by=commissioner, project=project, version=version, name="Second")
    project.refresh_from_db()
    assert project.name == "First"
    assert AuditEntry.objects.filter(action="project.update").count() == 1


def test_the_edit_page_keeps_the_typing_and_explains_a_conflict(client, project, commissioner):
    client.force_login(commissioner)
    services.project_update(by=commissioner, project=project, version=1, name="Changed elsewhere")
    response = client.post(
        f"/projects/{project.pk}/edit/",
        {
            "name": "My new name",
            "service_area": "Drug and alcohol",
            "budget": "5",
            "planned_start_0": "1",
            "planned_start_1": "4",
            "planned_start_2": "2027",
            "planned_end_0": "31",
            "planned_end_1": "3",
            "planned_end_2": "2032",
            "version": "1",
        },
    )
    html = response.content.decode()
    assert "Someone else changed this while you were working on it." in html
    assert 'value="My new name"' in html
    project.refresh_from_db()
    assert project.name == "Changed elsewhere"
