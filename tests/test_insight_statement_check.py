"""A facilitator checks a statement before the public sees it."""

import pytest

from withus.core.models import AuditEntry
from withus.insight import services as insight


@pytest.fixture
def priority_statement(area, facilitator):
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="E")
    statement = insight.statement_add(
        by=facilitator,
        exercise=exercise,
        kind="not_working",
        text="Nurse Jane Smith never listens to me",
        source="easy_read",
    )
    theme = insight.theme_create(
        by=facilitator, exercise=exercise, name="Listening", statement_ids=[statement.pk]
    )
    for phase in ("grouping", "voting", "priorities"):
        exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase=phase)
    insight.priority_make(by=facilitator, theme=theme)
    return statement


def test_it_takes_a_name_out_and_audits_that_without_the_words(
    client, facilitator, priority_statement
):
    client.force_login(facilitator)
    response = client.post(
        f"/statements/{priority_statement.pk}/check/",
        {"text": "A nurse never listens to me", "public": "yes", "reason": "It named staff"},
    )
    assert response.status_code == 302
    public = client.get("/areas/northvale/what-happened/").content.decode()
    assert "A nurse never listens to me" in public
    assert "Jane Smith" not in public
    entry = AuditEntry.objects.get(action="statement.check")
    assert entry.data == {"text_changed": True, "public": True, "reason": "It named staff"}
    assert "Jane" not in str(entry.data)


def test_it_keeps_a_hidden_statement_off_the_public_page(client, facilitator, priority_statement):
    client.force_login(facilitator)
    client.post(
        f"/statements/{priority_statement.pk}/check/",
        {"text": priority_statement.text, "public": "no", "reason": "Identifies someone"},
    )
    public = client.get("/areas/northvale/what-happened/").content.decode()
    assert "Listening" in public  # the priority is still there
    assert "never listens" not in public
    assert "What people told us (0 statements)" in public


def test_it_asks_why_and_changes_nothing_without_a_reason(client, facilitator, priority_statement):
    client.force_login(facilitator)
    response = client.post(
        f"/statements/{priority_statement.pk}/check/",
        {"text": "Changed", "public": "yes", "reason": ""},
    )
    html = response.content.decode()
    assert "Say why, for example: it named a member of staff." in html
    assert 'value="Changed"' in html or ">Changed</textarea>" in html
    priority_statement.refresh_from_db()
    assert priority_statement.text == "Nurse Jane Smith never listens to me"
