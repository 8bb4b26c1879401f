"""Consent: recorded with its date and who recorded it; withdrawing it deletes the scores."""

import pytest
from django.urls import reverse

from tests.outcomes_world import (
    CONSENT,
    LATER,
    RAW_21,
    RAW_24,
    START,
    add_control,
    add_people,
    add_wellbeing,
    make_evaluation,
    score,
)
from withus.core.models import AuditEntry
from withus.outcomes import services
from withus.outcomes.models import Measurement, Participant


@pytest.fixture
def evaluation(area, commissioner, scheme):
    return make_evaluation(area, commissioner, scheme)


@pytest.fixture
def scored(evaluation, coordinator, expert):
    wellbeing = add_wellbeing(evaluation, coordinator)
    control = add_control(evaluation, coordinator)
    people = add_people(evaluation, coordinator, 2, user_for_first=expert)
    for p in people:
        score(p, wellbeing, coordinator, "baseline", START, items=RAW_21)
        score(p, wellbeing, coordinator, "follow_up", LATER, items=RAW_24)
        score(p, control, coordinator, "baseline", START, value=3)
    return people


def test_adding_a_person_records_consent_with_date_and_who(client, coordinator, evaluation):
    client.force_login(coordinator)
    data = {
        "reference": "Mentee A",
        "user": "",
        "consent": "on",
        "consent_on_0": "1",
        "consent_on_1": "3",
        "consent_on_2": "2026",
    }
    response = client.post(reverse("outcomes_participant_new", args=[evaluation.pk]), data)
    person = Participant.objects.get()
    assert response["Location"] == reverse("outcomes_participant", args=[person.pk])
    assert (person.reference, person.consent_on, person.consent_recorded_by) == (
        "Mentee A",
        CONSENT,
        coordinator,
    )
    assert person.user is None  # people without an account can take part
    entry = AuditEntry.objects.get(action="outcomes.consent_given")
    assert entry.object_id == str(person.pk) and entry.data["consent_on"] == "2026-03-01"


def test_withdrawing_deletes_every_score_of_that_person_only(scored, coordinator):
    leaving, staying = scored
    assert services.consent_withdraw(leaving, coordinator) == 3
    assert not Measurement.objects.filter(participant=leaving).exists()
    assert Measurement.objects.filter(participant=staying).count() == 3
    leaving.refresh_from_db()
    assert not leaving.has_consent and leaving.withdrawn_by == coordinator
    entry = AuditEntry.objects.get(action="outcomes.consent_withdrawn")
    # The audit says how many went, never what they were.
    assert entry.data == {"scores_deleted": 3}


def test_a_person_can_withdraw_their_own_consent_from_my_outcomes(client, scored, expert):
    mine = scored[0]
    client.force_login(expert)
    page = client.get(reverse("outcomes_mine")).content.decode()
    url = reverse("outcomes_consent_withdraw", args=[mine.pk])
    assert url in page
    # Without ticking the box, nothing happens.
    page = client.post(url, {}).content.decode()
    assert "Tick the box to confirm." in page
    assert Measurement.objects.filter(participant=mine).count() == 3
    response = client.post(url, {"confirm": "on"})
    assert response["Location"] == reverse("outcomes_mine")
    assert not Measurement.objects.filter(participant=mine).exists()
    page = client.get(reverse("outcomes_mine")).content.decode()
    assert "You withdrew your consent, and your scores were deleted." in page
    # A second go is refused: there is no consent left to withdraw.
    assert client.get(url).status_code == 403


def test_withdrawn_people_are_left_out_of_the_report(client, scored, coordinator, evaluation):
    more = add_people(evaluation, coordinator, 5, prefix="M")
    wellbeing = evaluation.measures.get(kind="swemwbs")
    for p in more:
        score(p, wellbeing, coordinator, "baseline", START, items=RAW_21)
        score(p, wellbeing, coordinator, "follow_up", LATER, items=RAW_21)
    client.force_login(coordinator)
    before = client.get(reverse("outcomes_report", args=[evaluation.pk])).content.decode()
    assert "7 people filled in these questions" in before
    services.consent_withdraw(scored[0], coordinator)
    after = client.get(reverse("outcomes_report", args=[evaluation.pk])).content.decode()
    assert "6 people filled in these questions" in after
