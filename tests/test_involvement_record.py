"""Recording involvement at a stage: who, how much say, what was said and what changed."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from withus.core.models import AuditEntry
from withus.cycle import services
from withus.cycle.models import InvolvementRecord


def _form(**changes):
    data = {
        "stage": "needs_assessment",
        "title": "Panel meeting",
        "happened_on_0": "12",
        "happened_on_1": "5",
        "happened_on_2": "2026",
        "level": "co_production",
        "group_name": "Recovery community",
        "group_count": "4",
        "what_was_said": "We want help at weekends.",
        "what_changed": "",
        "hours_given": "7.5",
    }
    data.update(changes)
    return data


def test_it_records_people_and_a_group_count_and_audits_it(client, project, facilitator, expert):
    client.force_login(facilitator)
    response = client.post(
        f"/projects/{project.pk}/involvement/new/", _form(participants=[str(expert.pk)])
    )
    assert response.status_code == 302
    record = InvolvementRecord.objects.get()
    assert list(record.participants.all()) == [expert]
    assert (record.people, record.hours_given, record.level) == (
        5,
        Decimal("7.50"),
        "co_production",
    )
    assert record.happened_on == date(2026, 5, 12) and record.nothing_changed_yet
    entry = AuditEntry.objects.get(action="involvement.record")
    assert entry.data["people"] == 5 and entry.data["hours_given"] == "7.50"


def test_it_shows_nothing_yet_when_nothing_has_changed(client, record, commissioner):
    client.force_login(commissioner)
    html = client.get(f"/projects/{record.project_id}/").content.decode()
    assert "Listening event" in html
    assert '<strong class="govuk-tag govuk-tag--yellow">Nothing yet</strong>' in html


def test_it_needs_someone_to_have_taken_part(client, project, facilitator):
    client.force_login(facilitator)
    response = client.post(f"/projects/{project.pk}/involvement/new/", _form(group_count="0"))
    html = response.content.decode()
    assert "Say who took part: choose people on withus, or give a number of people." in html
    assert 'href="#id_group_count"' in html
    assert "We want help at weekends." in html  # nothing typed is lost
    assert not InvolvementRecord.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Say what happened, for example a workshop or a panel meeting."),
        ({"level": ""}, "Choose how much say people had."),
        ({"level": "tokenism"}, "Choose one of the options shown."),
        ({"group_count": "lots"}, "Enter the number of people as a whole number, like 12."),
        ({"group_count": "-1"}, "The number of people must be 0 or more."),
        ({"hours_given": "1e9"}, "Hours must be 100,000 or fewer."),
        ({"hours_given": "two"}, "Enter hours as a number, like 12 or 7.5."),
        ({"stage": "award"}, "Choose one of the options shown."),
        ({"what_was_said": ""}, "Write down what people said."),
    ],
)
def test_it_names_each_mistake_and_saves_nothing(client, project, facilitator, changes, message):
    client.force_login(facilitator)
    response = client.post(f"/projects/{project.pk}/involvement/new/", _form(**changes))
    assert message in response.content.decode()
    assert not InvolvementRecord.objects.exists()
    assert not AuditEntry.objects.filter(action="involvement.record").exists()


def test_it_refuses_a_stage_the_project_has_not_reached(project, commissioner, expert):
    with pytest.raises(ValidationError):
        services.involvement_record(
            by=commissioner,
            project=project,
            stage="monitoring",
            title="Too early",
            happened_on=date(2026, 1, 1),
            level="informing",
            participants=[expert],
            group_name="",
            group_count=0,
            what_was_said="x",
            what_changed="",
            hours_given=Decimal("1"),
        )
    assert not InvolvementRecord.objects.exists()


def test_it_only_offers_people_with_lived_experience_in_the_area(
    client, project, facilitator, expert, provider, outsider
):
    client.force_login(facilitator)
    html = client.get(f"/projects/{project.pk}/involvement/new/").content.decode()
    assert f'value="{expert.pk}"' in html
    assert f'name="participants" type="checkbox" value="{provider.pk}"' not in html
    assert f'name="participants" type="checkbox" value="{outsider.pk}"' not in html
    response = client.post(
        f"/projects/{project.pk}/involvement/new/", _form(participants=[str(outsider.pk)])
    )
    assert "Choose one of the options shown." in response.content.decode()


def test_what_changed_can_be_filled_in_later_and_is_audited(client, record, facilitator):
    client.force_login(facilitator)
    response = client.post(
        f"/involvement/{record.pk}/what-changed/",
        {"what_changed": "Weekend opening agreed.", "version": record.version},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.what_changed == "Weekend opening agreed." and not record.nothing_changed_yet
    entry = AuditEntry.objects.get(action="involvement.update_change")
    assert entry.data == {"from": "", "to": "Weekend opening agreed."}


def test_what_changed_is_not_overwritten_by_an_older_page(client, record, facilitator):
    client.force_login(facilitator)
    old = record.version
    client.post(f"/involvement/{record.pk}/what-changed/", {"what_changed": "A", "version": old})
    response = client.post(
        f"/involvement/{record.pk}/what-changed/", {"what_changed": "B", "version": old}
    )
    assert "Someone else changed this" in response.content.decode()
    assert "B</textarea>" in response.content.decode()
    record.refresh_from_db()
    assert record.what_changed == "A"
