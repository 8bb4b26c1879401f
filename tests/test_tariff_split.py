"""The pathway tariff split to the penny at every level, worked by hand.

Tariff -> stages -> providers -> (upfront, on outcome), each with the one penny
rule in withus.core.split: round down, pennies left over to the parts that lost
most, ties to the part listed first.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.pathways.tariff import (
    ProviderPlan,
    StagePlan,
    TariffProblem,
    problems,
    provider_totals,
    split_tariff,
    statement,
)

D = Decimal
A, B, C = (
    ProviderPlan(1, "Alpha", D(100)),
    ProviderPlan(2, "Beta", D(60)),
    ProviderPlan(3, "Cee", D(40)),
)


def _stages(outcome="25"):
    return [
        StagePlan("Assessment", D(20), D(outcome), [A]),
        StagePlan("Treatment", D(50), D(outcome), [B, C]),
        StagePlan("Staying well", D(30), D(outcome), [A]),
    ]


def test_2750_pounds_splits_exactly_with_no_pennies_left():
    # £2,750.00 = 275000p. Stages 20/50/30: 55000, 137500, 82500 (all exact).
    # Stage 2, 60/40: 82500 and 55000. 25% on outcome:
    #   Beta 82500 -> upfront 75% = 61875, outcome 25% = 20625
    #   Cee 55000  -> 41250 and 13750
    #   Alpha stage 1 55000 -> 41250 and 13750; stage 3 82500 -> 61875 and 20625
    split = split_tariff(D("2750.00"), _stages())
    assert [s.total for s in split] == [55000, 137500, 82500]
    beta, cee = split[1].providers
    assert (beta.total, beta.upfront, beta.on_outcome) == (82500, 61875, 20625)
    assert (cee.total, cee.upfront, cee.on_outcome) == (55000, 41250, 13750)
    alpha1 = split[0].providers[0]
    assert (alpha1.upfront, alpha1.on_outcome) == (41250, 13750)
    assert split[2].providers[0].on_outcome == 20625


def test_pennies_left_over_go_to_the_part_that_lost_most_then_the_first_listed():
    # £1,000.01 = 100001p. Stages 20/50/30: exact 20000.2, 50000.5, 30000.3
    #   -> 20000, 50000, 30000 = 100000; 1p left; stage 2 lost most (.5): 50001.
    # Stage 2 (50001p), 60/40: exact 30000.6, 20000.4 -> 30000, 20000; 1p left
    #   -> Beta (lost .6): 30001, Cee 20000.
    # Beta 30001p, 25% on outcome: upfront 22500.75, outcome 7500.25 -> 22500, 7500;
    #   1p left -> upfront (lost .75): 22501 and 7500.
    # Cee 20000p: 15000 and 5000.
    split = split_tariff(D("1000.01"), _stages())
    assert [s.total for s in split] == [20000, 50001, 30000]
    beta, cee = split[1].providers
    assert (beta.total, beta.upfront, beta.on_outcome) == (30001, 22501, 7500)
    assert (cee.total, cee.upfront, cee.on_outcome) == (20000, 15000, 5000)


def test_a_tie_gives_the_penny_to_the_first_listed():
    one_third = D("33.33")
    stages = [
        StagePlan("One", one_third, D(50), [A]),
        StagePlan("Two", one_third, D(50), [A]),
        StagePlan("Three", D("33.34"), D(50), [A]),
    ]
    # With 33.33/33.33/33.34 of 10000p: 3333, 3333, 3334 exactly.
    assert [s.total for s in split_tariff(D("100.00"), stages)] == [3333, 3333, 3334]
    # 3333p half on outcome: 1666.5 each -> 1666, 1666, 1p left, a tie: upfront first.
    first = split_tariff(D("100.00"), stages)[0].providers[0]
    assert (first.upfront, first.on_outcome) == (1667, 1666)


def test_the_statement_adds_upfront_for_starts_and_outcome_parts_for_outcomes():
    # £2,750.00 split as above. 3 people started; 2 stage 2 outcomes, 1 stage 3.
    split = split_tariff(D("2750.00"), _stages())
    lines = statement(split, started=3, met={1: 2, 2: 1})
    totals = {t.name: t for t in provider_totals(lines)}
    # Alpha: upfront 3 x (41250 + 61875) = 309375; outcomes 1 x 20625 (stage 3).
    assert (totals["Alpha"].upfront, totals["Alpha"].on_outcome) == (309375, 20625)
    # Beta: upfront 3 x 61875 = 185625; outcome 2 x 20625 = 41250.
    assert (totals["Beta"].upfront, totals["Beta"].on_outcome) == (185625, 41250)
    # Cee: 3 x 41250 = 123750; 2 x 13750 = 27500.
    assert (totals["Cee"].upfront, totals["Cee"].on_outcome) == (123750, 27500)
    assert sum(t.total for t in totals.values()) == 309375 + 20625 + 185625 + 41250 + 123750 + 27500


@pytest.mark.parametrize(
    ("tariff", "words"),
    [
        (D("0"), "more than £0"),
        (D("-5"), "more than £0"),
        (D("10.005"), "whole pence"),
        (D("NaN"), "amount in pounds"),
    ],
)
def test_a_bad_tariff_is_named(tariff, words):
    assert any(words in p for p in problems(tariff, _stages()))
    with pytest.raises(TariffProblem):
        split_tariff(tariff, _stages())


def test_shares_not_adding_to_100_say_by_how_much():
    stages = [
        StagePlan("Assessment", D(20), D(25), [A]),
        StagePlan("Treatment", D("45.5"), D(25), [ProviderPlan(2, "Beta", D(70)), C]),
        StagePlan("Aftercare", D(30), D(25), []),
    ]
    found = problems(D("100"), stages)
    assert "The stages' shares of the tariff add up to 95.5%" in found[0]
    assert "4.5% short" in found[0]
    assert "Stage 2, Treatment: the providers' shares add up to 110%" in found[1]
    assert "10% too much" in found[1]
    assert found[2] == "Stage 3, Aftercare: add at least one provider."
    assert problems(D("100"), []) == ["Add at least one stage."]


def _shares(cuts: list[int]) -> list[Decimal]:
    """Cut 10000 basis points at ``cuts``: shares (in %, 2 places) adding to exactly 100."""
    points = [0, *sorted(cuts), 10000]
    return [D(b - a) / 100 for a, b in zip(points, points[1:], strict=False)]


cuts = st.lists(st.integers(min_value=1, max_value=9999), unique=True, max_size=4)


@given(
    pence=st.integers(min_value=1, max_value=10**9),
    stage_cuts=cuts,
    provider_cuts=st.lists(cuts, min_size=5, max_size=5),
    outcome=st.integers(min_value=0, max_value=10000),
)
def test_every_level_adds_up_to_the_penny(pence, stage_cuts, provider_cuts, outcome):
    tariff = D(pence) / 100
    stages = [
        StagePlan(
            f"S{i}",
            share,
            D(outcome) / 100,
            [ProviderPlan(j, f"P{j}", s) for j, s in enumerate(_shares(provider_cuts[i]))],
        )
        for i, share in enumerate(_shares(stage_cuts))
    ]
    split = split_tariff(tariff, stages)
    assert sum(s.total for s in split) == pence
    for stage in split:
        assert sum(p.total for p in stage.providers) == stage.total
        for p in stage.providers:
            assert p.upfront + p.on_outcome == p.total
            assert p.upfront >= 0 and p.on_outcome >= 0
    assert sum(s.upfront + s.on_outcome for s in split) == pence


@given(
    pence=st.integers(min_value=1, max_value=10**8),
    stage_cuts=cuts,
    started=st.integers(min_value=0, max_value=500),
    met=st.lists(st.integers(min_value=0, max_value=500), min_size=5, max_size=5),
)
def test_the_statement_total_is_starts_times_upfront_plus_outcomes_times_outcome_parts(
    pence, stage_cuts, started, met
):
    stages = [
        StagePlan(
            f"S{i}", share, D(30), [ProviderPlan(1, "P1", D(60)), ProviderPlan(2, "P2", D(40))]
        )
        for i, share in enumerate(_shares(stage_cuts))
    ]
    split = split_tariff(D(pence) / 100, stages)
    by_stage = dict(enumerate(met[: len(split)]))
    lines = statement(split, started, by_stage)
    expected = started * sum(s.upfront for s in split) + sum(
        by_stage[i] * s.on_outcome for i, s in enumerate(split)
    )
    assert sum(line.total for line in lines) == expected
    assert sum(t.total for t in provider_totals(lines)) == expected
