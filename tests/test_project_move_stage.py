"""Moving a project through the eight stages records who and when, and is audited."""

import pytest
from django.core.exceptions import ValidationError

from withus.core.models import AuditEntry
from withus.cycle import services
from withus.cycle.ladder import STAGES
from withus.cycle.models import StageMove


def _move(project, by, to, reason=""):
    project.refresh_from_db()
    return services.project_move_stage(
        by=by, project=project, to_stage=to, version=project.version, reason=reason
    )


def test_it_moves_to_the_next_stage_and_records_who_and_when(project, commissioner):
    move = _move(project, commissioner, "review_current_services")
    project.refresh_from_db()
    assert project.stage == "review_current_services"
    assert project.furthest_stage == "review_current_services"
    assert (move.from_stage, move.to_stage, move.moved_by) == (
        "needs_assessment",
        "review_current_services",
        commissioner,
    )
    assert move.moved_at is not None
    entry = AuditEntry.objects.get(action="project.move_stage")
    assert entry.data == {
        "from": "needs_assessment",
        "to": "review_current_services",
        "reason": "",
        "new_cycle": False,
    }


def test_it_refuses_to_skip_a_stage(project, commissioner):
    with pytest.raises(ValidationError) as error:
        _move(project, commissioner, "priorities")
    assert "to_stage" in error.value.message_dict
    project.refresh_from_db()
    assert project.stage == "needs_assessment"
    assert StageMove.objects.filter(project=project).count() == 1  # only the opening


def test_it_needs_a_reason_to_go_back_and_keeps_the_furthest_stage(project, commissioner):
    _move(project, commissioner, "review_current_services")
    _move(project, commissioner, "priorities")
    with pytest.raises(ValidationError) as error:
        _move(project, commissioner, "needs_assessment")
    assert "reason" in error.value.message_dict
    _move(project, commissioner, "needs_assessment", reason="New data on waiting times")
    project.refresh_from_db()
    assert (project.stage, project.furthest_stage) == ("needs_assessment", "priorities")


def test_it_starts_a_new_cycle_after_the_last_stage(project, commissioner):
    for stage in STAGES[1:]:
        _move(project, commissioner, stage)
    _move(project, commissioner, "needs_assessment")
    project.refresh_from_db()
    assert (project.stage, project.furthest_stage) == ("needs_assessment", "needs_assessment")
    assert AuditEntry.objects.filter(action="project.move_stage").last().data["new_cycle"] is True


def test_it_refuses_a_move_made_from_an_out_of_date_page(project, commissioner):
    stale_version = project.version
    _move(project, commissioner, "review_current_services")
    with pytest.raises(services.StaleEdit):
        services.project_move_stage(
            by=commissioner, project=project, to_stage="priorities", version=stale_version
        )
    project.refresh_from_db()
    assert project.stage == "review_current_services"


def test_the_page_moves_the_project_and_says_so(client, project, commissioner):
    client.force_login(commissioner)
    response = client.post(
        f"/projects/{project.pk}/stage/",
        {"to_stage": "review_current_services", "version": project.version},
        follow=True,
    )
    html = response.content.decode()
    assert "Project moved to Review of current services." in html
    assert "2 of 8: Review of current services" in html


def test_the_page_asks_why_when_going_back_and_keeps_the_choice(client, project, commissioner):
    _move(project, commissioner, "review_current_services")
    project.refresh_from_db()
    client.force_login(commissioner)
    response = client.post(
        f"/projects/{project.pk}/stage/",
        {"to_stage": "needs_assessment", "reason": "", "version": project.version},
    )
    html = response.content.decode()
    assert "Say why the project is going back a stage." in html
    assert 'value="needs_assessment" checked' in html
    project.refresh_from_db()
    assert project.stage == "review_current_services"


def test_the_page_tells_the_second_person_when_two_move_at_once(client, project, commissioner):
    client.force_login(commissioner)
    version = project.version
    first = client.post(
        f"/projects/{project.pk}/stage/",
        {"to_stage": "review_current_services", "version": version},
    )
    assert first.status_code == 302
    second = client.post(
        f"/projects/{project.pk}/stage/",
        {"to_stage": "review_current_services", "version": version},
    )
    assert "Someone else changed this while you were working on it." in second.content.decode()
    assert StageMove.objects.filter(project=project).count() == 2


def test_a_facilitator_cannot_move_a_stage(client, project, facilitator):
    client.force_login(facilitator)
    response = client.post(
        f"/projects/{project.pk}/stage/",
        {"to_stage": "review_current_services", "version": project.version},
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.stage == "needs_assessment"
