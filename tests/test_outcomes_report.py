"""The report: a plain-English sentence first, the change with its 95% range,
how the changes spread (chart and table), missing answers, and small groups withheld."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.outcomes_world import (
    LATER,
    START,
    add_control,
    add_people,
    make_evaluation,
    score,
)
from withus.core.models import AuditEntry
from withus.outcomes import services


def _text(response) -> str:
    body = response.content.decode().split('id="main-content"', 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def evaluation(area, commissioner, scheme):
    return make_evaluation(area, commissioner, scheme)


@pytest.fixture
def control(evaluation, coordinator):
    return add_control(evaluation, coordinator)


def _scores(evaluation, measure, by, pairs, prefix="P"):
    people = add_people(evaluation, by, len(pairs), prefix=prefix)
    for person, (before, after) in zip(people, pairs, strict=True):
        if before is not None:
            score(person, measure, by, "baseline", START, value=before)
        if after is not None:
            score(person, measure, by, "follow_up", LATER, value=after)
    return people


def test_the_summary_sentence_comes_first_with_the_hand_worked_figures(
    client, evaluation, control, coordinator
):
    # Changes -3, +2, +2, +2, +2: mean 1, SD sqrt(5), SE 1, t(4) 2.776, so the
    # 95% range is -1.776 to 3.776, shown as -1.8 to 3.8. Two more people
    # answered only at the start.
    _scores(
        evaluation,
        control,
        coordinator,
        [(5, 2), (5, 7), (5, 7), (5, 7), (5, 7), (5, None), (6, None)],
    )
    client.force_login(coordinator)
    page = _text(client.get(reverse("outcomes_report", args=[evaluation.pk])))
    sentence = (
        "5 people filled in these questions at the start and again after 6 months. "
        "On average their score went up by 1.0 points (we are 95% sure the real change "
        "is between -1.8 and 3.8)."
    )
    assert sentence in page
    assert page.index(sentence) < page.index("How much each person's score changed")
    assert "The range includes no change at all" in page
    assert "2.776 is Student's t for 95% with 4 degrees of freedom" in page
    assert "The standard deviation of the changes is 2.2" in page
    # 1 worse, 0 the same, 4 better: every band is under five.
    assert page.count("fewer than 5 people — not shown to protect privacy") == 3
    assert "complete-case analysis" in page
    # 2 answered only at the start: under five, withheld.
    assert "Answered at the start only fewer than 5 — not shown to protect privacy" in page


def test_fewer_than_five_with_both_scores_withholds_the_change(
    client, evaluation, control, coordinator
):
    _scores(evaluation, control, coordinator, [(5, 9)] * 4 + [(5, None)] * 6)
    client.force_login(coordinator)
    page = _text(client.get(reverse("outcomes_report", args=[evaluation.pk])))
    assert (
        "Fewer than 5 people answered at the start and again at the follow-up — "
        "not shown to protect privacy." in page
    )
    assert "On average" not in page and "95% sure" not in page
    assert "Answered at the start only 6" in page


def test_lower_is_better_is_told_the_right_way_round(client, evaluation, coordinator):
    gp = services.measure_add(
        evaluation,
        coordinator,
        kind="co_produced",
        name="GP visits",
        wording="GP visits in the last 3 months",
        scale_min=0,
        scale_max=30,
        direction="lower",
        meaningful_change=Decimal(1),
        co_produced_with="the recovery group",
    )
    # 6 people from 4 visits to 2, and 1 from 4 to 4: mean change -12/7 = -1.714...
    _scores(evaluation, gp, coordinator, [(4, 2)] * 6 + [(4, 4)])
    client.force_login(coordinator)
    page = _text(client.get(reverse("outcomes_report", args=[evaluation.pk])))
    assert "On average their score went down by 1.7 points" in page
    assert "For this measure that is a change for the better." in page
    assert "A lower score is better." in page
    # Band words follow the direction: going down is better here.
    assert "Better Score went down by 1 or more 6 85.7%" in page


def test_the_chart_comes_with_a_table_of_the_same_figures(client, evaluation, control, coordinator):
    # 6 better by 2, 6 about the same, 5 worse by 2.
    _scores(evaluation, control, coordinator, [(5, 7)] * 6 + [(5, 5)] * 6 + [(5, 3)] * 5)
    client.force_login(coordinator)
    response = client.get(reverse("outcomes_report", args=[evaluation.pk]))
    raw = response.content.decode()
    assert 'class="withus-chart" aria-hidden="true"' in raw
    assert "withus-bar--100" in raw  # the biggest group has the full bar
    page = _text(response)
    assert "Worse Score went down by 1 or more 5 29.4%" in page
    assert "About the same Score changed by less than 1 6 35.3%" in page
    assert "Better Score went up by 1 or more 6 35.3%" in page


def test_the_swemwbs_report_shows_the_licence(client, evaluation, coordinator):
    services.measure_add(evaluation, coordinator, kind="swemwbs")
    client.force_login(coordinator)
    page = _text(client.get(reverse("outcomes_report", args=[evaluation.pk])))
    assert (
        "SWEMWBS is © NHS Health Scotland, University of Warwick and University of "
        "Edinburgh. It is free to use, with registration at Warwick Medical School." in page
    )
    assert "Nothing: answered both times" in page


def test_publishing_and_unpublishing_are_audited_and_change_who_can_read(
    client, evaluation, control, coordinator, budget_holder
):
    client.force_login(budget_holder)
    url = reverse("outcomes_report", args=[evaluation.pk])
    assert client.get(url).status_code == 403
    services.publish(evaluation, coordinator)
    published = client.get(url)
    assert published.status_code == 200
    assert evaluation.title in published.content.decode()
    services.publish(evaluation, coordinator, publish=False)
    assert client.get(url).status_code == 403
    with pytest.raises(Exception, match="not public"):
        services.publish(evaluation, coordinator, publish=False)
    # Both decisions are in the audit log, by the runner, in order.
    decisions = AuditEntry.objects.filter(
        action__in=("outcomes.publish", "outcomes.unpublish")
    ).order_by("pk")
    assert [(e.action, e.actor_id) for e in decisions] == [
        ("outcomes.publish", coordinator.pk),
        ("outcomes.unpublish", coordinator.pk),
    ]
