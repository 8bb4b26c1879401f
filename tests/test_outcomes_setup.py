"""Setting up an evaluation and its measures through the pages."""

import pytest
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.outcomes import services
from withus.outcomes.models import Evaluation, Measure


def _error(page: str, name: str) -> bool:
    return f'id="id_{name}-error"' in page


def test_a_commissioner_sets_up_an_evaluation_of_a_peer_scheme_run_by_its_coordinators(
    client, commissioner, scheme, coordinator
):
    client.force_login(commissioner)
    page = client.get(reverse("outcomes_evaluation_new", args=["northvale"])).content.decode()
    assert f'value="scheme:{scheme.pk}"' in page
    response = client.post(
        reverse("outcomes_evaluation_new", args=["northvale"]),
        {"title": "Mentoring outcomes", "subject": f"scheme:{scheme.pk}", "follow_up_months": "6"},
    )
    made = Evaluation.objects.get()
    assert response["Location"] == reverse("outcomes_evaluation", args=[made.pk])
    assert made.scheme == scheme and made.follow_up_months == 6
    # A scheme's evaluation is run by its coordinators: the commissioner sees
    # only the report.
    assert list(made.runners.all()) == [coordinator]
    assert client.get(response["Location"]).status_code == 403
    assert client.get(reverse("outcomes_report", args=[made.pk])).status_code == 200
    assert AuditEntry.objects.filter(action="outcomes.evaluation_create").exists()


def test_a_project_evaluation_is_run_by_who_set_it_up_and_who_they_add(
    client, commissioner, project, expert
):
    client.force_login(commissioner)
    client.post(
        reverse("outcomes_evaluation_new", args=["northvale"]),
        {
            "title": "Treatment outcomes",
            "subject": f"project:{project.pk}",
            "follow_up_months": "12",
            "runners": [str(expert.pk)],
        },
    )
    made = Evaluation.objects.get()
    assert made.project == project
    assert set(made.runners.values_list("username", flat=True)) == {"commissioner", "expert"}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"subject": ""}, "subject", "Choose what is being evaluated."),
        ({"subject": "scheme:99999"}, "subject", "Choose one of the options shown."),
        ({"follow_up_months": "0"}, "follow_up_months", "The follow-up must be at least 1 month"),
        ({"title": ""}, "title", "Enter a name for the evaluation."),
    ],
)
def test_a_bad_evaluation_is_refused_next_to_the_field(
    client, commissioner, scheme, fields, field, message
):
    client.force_login(commissioner)
    data = {"title": "Typed title", "subject": f"scheme:{scheme.pk}", "follow_up_months": "6"}
    page = client.post(
        reverse("outcomes_evaluation_new", args=["northvale"]), data | fields
    ).content.decode()
    assert _error(page, field) and message in page
    assert not Evaluation.objects.exists()


def test_something_from_another_area_cannot_be_evaluated(
    client, commissioner, other_area, outsider, scheme
):
    with pytest.raises(Exception) as caught:
        services.evaluation_create(
            other_area, outsider, title="Sneaky", subject=scheme, follow_up_months=6
        )
    assert "subject" in caught.value.message_dict
    client.force_login(outsider)
    assert client.get(reverse("outcomes_evaluation_new", args=["northvale"])).status_code == 403


def test_a_runner_adds_swemwbs_and_a_co_produced_measure(client, commissioner, scheme, coordinator):
    made = services.evaluation_create(
        scheme.local_area, commissioner, title="E", subject=scheme, follow_up_months=6
    )
    client.force_login(coordinator)
    url = reverse("outcomes_measure_new", args=[made.pk])
    page = client.get(url).content.decode()
    assert "NHS Health Scotland" in page
    client.post(url, {"kind": "swemwbs"})
    client.post(
        url,
        {
            "kind": "co_produced",
            "name": "GP visits",
            "wording": "GP visits in the last 3 months",
            "scale_min": "0",
            "scale_max": "30",
            "direction": "lower",
            "meaningful_change": "1",
            "co_produced_with": "the recovery group",
        },
    )
    swemwbs, gp = Measure.objects.filter(evaluation=made)
    assert (swemwbs.kind, swemwbs.scale_min, swemwbs.scale_max, str(swemwbs.meaningful_change)) == (
        "swemwbs",
        7,
        35,
        "3.00",
    )
    assert (gp.direction, gp.co_produced_with, gp.scale_max) == ("lower", "the recovery group", 30)
    page = client.get(reverse("outcomes_evaluation", args=[made.pk])).content.decode()
    assert "Made with the recovery group." in page and "A lower score is better" in page


def test_a_runner_changes_who_runs_it_and_it_is_audited(
    client, commissioner, scheme, coordinator, facilitator
):
    made = services.evaluation_create(
        scheme.local_area, commissioner, title="E", subject=scheme, follow_up_months=6
    )
    client.force_login(coordinator)
    url = reverse("outcomes_runners", args=[made.pk])
    page = client.get(url).content.decode()
    assert f'value="{coordinator.pk}" checked' in page
    page = client.post(url, {}).content.decode()
    assert _error(page, "runners") and "Choose at least one person" in page
    assert list(made.runners.all()) == [coordinator]
    client.post(url, {"runners": [str(coordinator.pk), str(facilitator.pk)]})
    assert set(made.runners.values_list("username", flat=True)) == {"coordinator", "facilitator"}
    entry = AuditEntry.objects.get(action="outcomes.runners")
    assert entry.data == {"added": [facilitator.pk], "removed": []}
