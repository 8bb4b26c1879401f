"""Scores that cannot be right are refused, with the mistake next to the field,
nothing typed lost and nothing saved."""

import html
import re
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.outcomes_world import (
    CONSENT,
    LATER,
    RAW_21,
    START,
    add_control,
    add_people,
    add_wellbeing,
    make_evaluation,
    score,
)
from withus.outcomes import services
from withus.outcomes.models import Measurement, Participant


@pytest.fixture
def evaluation(area, commissioner, scheme):
    return make_evaluation(area, commissioner, scheme)


@pytest.fixture
def wellbeing(evaluation, coordinator):
    return add_wellbeing(evaluation, coordinator)


@pytest.fixture
def control(evaluation, coordinator):
    return add_control(evaluation, coordinator)


@pytest.fixture
def person(evaluation, coordinator):
    return add_people(evaluation, coordinator, 1)[0]


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return _text(found[1]).replace("Error:", "").strip()


def _day(d: date, name: str = "taken_on") -> dict:
    return {f"{name}_0": str(d.day), f"{name}_1": str(d.month), f"{name}_2": str(d.year)}


def _post_swemwbs(client, person, measure, stage, on, answers):
    data = {"stage": stage, **_day(on)}
    data |= {f"item_{i}": str(a) for i, a in enumerate(answers, start=1)}
    return client.post(reverse("outcomes_measurement_new", args=[person.pk, measure.pk]), data)


def test_a_good_swemwbs_entry_is_saved_as_raw_and_metric(client, coordinator, person, wellbeing):
    client.force_login(coordinator)
    response = _post_swemwbs(client, person, wellbeing, "baseline", START, [4, 4, 4, 3, 3, 3, 3])
    assert response.status_code == 302
    saved = Measurement.objects.get(participant=person)
    assert (saved.raw, str(saved.score), saved.items) == (24, "21.54", [4, 4, 4, 3, 3, 3, 3])
    assert saved.consent_on == CONSENT and saved.recorded_by == coordinator


@pytest.mark.parametrize("bad", ["6", "0", "three", ""])
def test_an_answer_outside_1_to_5_is_refused_next_to_its_item(
    client, coordinator, person, wellbeing, bad
):
    client.force_login(coordinator)
    answers = ["3", "3", bad, "3", "3", "3", "3"]
    page = _post_swemwbs(client, person, wellbeing, "baseline", START, answers).content.decode()
    assert _field_error(page, "item_3") == (
        "Choose an answer from “None of the time” (1) to “All of the time” (5)."
    )
    assert 'id="id_item_1_2" name="item_1" type="radio" value="3" checked' in page
    assert 'name="taken_on_2" type="text" inputmode="numeric" value="2026"' in page
    assert not Measurement.objects.exists()


def test_the_service_refuses_bad_answers_too(person, wellbeing, coordinator):
    with pytest.raises(Exception) as caught:
        score(person, wellbeing, coordinator, "baseline", START, items=[3, 3, 3, 3, 3, 3, 9])
    assert "item_7" in caught.value.message_dict


@pytest.mark.parametrize("bad", ["11", "0", "-2"])
def test_a_co_produced_score_outside_its_scale_is_refused(
    client, coordinator, person, control, bad
):
    client.force_login(coordinator)
    data = {"stage": "baseline", "score": bad, **_day(START)}
    page = client.post(
        reverse("outcomes_measurement_new", args=[person.pk, control.pk]), data
    ).content.decode()
    assert _field_error(page, "score") == "Enter a score from 1 to 10."
    assert f'value="{bad}"' in page
    assert not Measurement.objects.exists()


def test_a_follow_up_on_or_before_the_baseline_is_refused(client, coordinator, person, control):
    score(person, control, coordinator, "baseline", START, value=4)
    client.force_login(coordinator)
    for day in (START, date(2026, 3, 1)):
        data = {"stage": "follow_up", "score": "6", **_day(day)}
        page = client.post(
            reverse("outcomes_measurement_new", args=[person.pk, control.pk]), data
        ).content.decode()
        assert _field_error(page, "taken_on") == (
            "The follow-up must be after the baseline, which was on 2 March 2026."
        )
        assert 'name="score" type="text" value="6"' in page or 'value="6"' in page
    assert Measurement.objects.count() == 1


def test_a_baseline_after_the_follow_up_is_refused(person, control, coordinator):
    score(person, control, coordinator, "follow_up", LATER, value=6)
    with pytest.raises(Exception) as caught:
        score(person, control, coordinator, "baseline", date(2026, 9, 3), value=4)
    assert caught.value.message_dict["taken_on"] == [
        "The baseline must be before the follow-up, which was on 2 September 2026."
    ]


def test_a_second_baseline_for_the_same_person_and_measure_is_refused(
    client, coordinator, person, control
):
    score(person, control, coordinator, "baseline", START, value=4)
    client.force_login(coordinator)
    data = {"stage": "baseline", "score": "5", **_day(date(2026, 3, 3))}
    page = client.post(
        reverse("outcomes_measurement_new", args=[person.pk, control.pk]), data
    ).content.decode()
    assert _field_error(page, "stage") == "They already have a baseline score for this measure."
    assert Measurement.objects.get().score == 4


def test_the_database_refuses_a_second_baseline_too(person, control, coordinator):
    first = score(person, control, coordinator, "baseline", START, value=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(
            participant=person,
            measure=control,
            stage="baseline",
            taken_on=START,
            consent_on=CONSENT,
            raw=5,
            score=5,
            recorded_by=coordinator,
            recorded_at=first.recorded_at,
        )


def test_a_score_from_before_consent_is_refused_by_the_page_and_the_database(
    client, coordinator, person, control
):
    client.force_login(coordinator)
    data = {"stage": "baseline", "score": "5", **_day(date(2026, 2, 27))}
    page = client.post(
        reverse("outcomes_measurement_new", args=[person.pk, control.pk]), data
    ).content.decode()
    assert _field_error(page, "taken_on") == (
        "The date answered is before they agreed to take part (1 March 2026). "
        "Scores can only be recorded with consent."
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(
            participant=person,
            measure=control,
            stage="baseline",
            taken_on=date(2026, 2, 27),
            consent_on=CONSENT,
            raw=5,
            score=5,
            recorded_by=coordinator,
            recorded_at=timezone.now(),
        )


def test_a_score_for_someone_who_withdrew_is_refused(client, coordinator, person, control):
    services.consent_withdraw(person, coordinator)
    person.refresh_from_db()
    with pytest.raises(Exception, match="withdrawn their consent"):
        score(person, control, coordinator, "baseline", START, value=4)
    client.force_login(coordinator)
    url = reverse("outcomes_measurement_new", args=[person.pk, control.pk])
    assert client.post(url, {"stage": "baseline", "score": "4", **_day(START)}).status_code == 403
    assert not Measurement.objects.exists()


def test_a_person_cannot_be_added_without_consent(client, coordinator, evaluation):
    client.force_login(coordinator)
    data = {"reference": "Alex", "user": "", **_day(CONSENT, "consent_on")}
    page = client.post(
        reverse("outcomes_participant_new", args=[evaluation.pk]), data
    ).content.decode()
    assert _field_error(page, "consent") == (
        "Only add someone who has agreed to take part. Tick the box once they have."
    )
    assert 'value="Alex"' in page
    assert not Participant.objects.exists()


def test_a_co_produced_measure_needs_its_scale_direction_and_group(client, coordinator, evaluation):
    client.force_login(coordinator)
    data = {
        "kind": "co_produced",
        "name": "Control",
        "wording": "I feel in control",
        "scale_min": "10",
        "scale_max": "1",
        "direction": "",
        "meaningful_change": "1",
        "co_produced_with": "",
    }
    page = client.post(reverse("outcomes_measure_new", args=[evaluation.pk]), data)
    page = page.content.decode()
    assert _field_error(page, "scale_max") == (
        "The highest score must be more than the lowest score."
    )
    assert _field_error(page, "direction") == (
        "Choose whether a higher or a lower score is better."
    )
    assert _field_error(page, "co_produced_with") == "Say which group made this measure with you."
    assert not evaluation.measures.exists()


def test_swemwbs_can_be_added_once(evaluation, coordinator):
    add_wellbeing(evaluation, coordinator)
    with pytest.raises(Exception) as caught:
        add_wellbeing(evaluation, coordinator)
    assert caught.value.message_dict["kind"] == ["This evaluation already uses SWEMWBS."]


def test_scores_use_the_published_table_through_the_page_flow(
    client, coordinator, person, wellbeing
):
    client.force_login(coordinator)
    _post_swemwbs(client, person, wellbeing, "baseline", START, RAW_21)
    page = client.get(reverse("outcomes_participant", args=[person.pk])).content.decode()
    assert "19.25" in _text(page) and "(raw 21)" in _text(page)


def test_the_swemwbs_form_shows_each_statement_and_answer_in_words(
    client, coordinator, person, wellbeing
):
    client.force_login(coordinator)
    page = client.get(
        reverse("outcomes_measurement_new", args=[person.pk, wellbeing.pk])
    ).content.decode()
    text = _text(page)
    assert "I've been feeling optimistic about the future" in text
    assert "I've been able to make up my own mind about things" in text
    assert text.count("None of the time") == 7 and text.count("All of the time") == 7
    assert "free to use, with registration" in text
