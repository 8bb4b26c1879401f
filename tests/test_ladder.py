"""The cycle's stages, the co-production ladder and the involvement profile."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.cycle import ladder
from withus.cycle.ladder import InvolvementFact


def test_it_numbers_stages_one_to_eight_in_cycle_order():
    assert ladder.stage_number("needs_assessment") == 1
    assert ladder.stage_number("procurement") == 5
    assert ladder.stage_number("review_decommissioning") == 8


def test_it_puts_coercion_at_the_bottom_and_co_production_at_the_top():
    assert ladder.level_number("coercion") == 1
    assert ladder.level_number("consultation") == 4
    assert ladder.level_number("co_production") == 7


def test_it_allows_only_the_next_stage_or_an_earlier_one():
    assert ladder.allowed_moves("needs_assessment") == ["review_current_services"]
    assert ladder.allowed_moves("specification") == [
        "procurement",
        "needs_assessment",
        "review_current_services",
        "priorities",
    ]


def test_it_starts_a_new_cycle_after_review_or_decommissioning():
    moves = ladder.allowed_moves("review_decommissioning")
    assert moves[0] == "needs_assessment"
    assert len(moves) == 7 and "review_decommissioning" not in moves


@given(st.sampled_from(ladder.STAGES))
def test_it_never_allows_skipping_forward(current):
    for target in ladder.allowed_moves(current):
        jump = ladder.stage_number(target) - ladder.stage_number(current)
        assert (
            jump == 1 or jump < 0 or (current == ladder.STAGES[-1] and target == ladder.STAGES[0])
        )


def test_it_builds_a_profile_with_highest_rung_people_and_hours_per_stage():
    facts = [
        InvolvementFact("needs_assessment", "consultation", 140, Fraction(70)),
        InvolvementFact("needs_assessment", "co_design", 8, Fraction(24)),
        InvolvementFact("priorities", "informing", 3, Fraction(3, 2)),
    ]
    rows = ladder.profile("priorities", facts)
    assert [r.stage for r in rows] == list(ladder.STAGES)
    first, second, third = rows[0], rows[1], rows[2]
    # 140 + 8 people; 70 + 24 hours; the higher of consultation and co-design.
    assert (first.records, first.people, first.hours, first.highest_level) == (
        2,
        148,
        Fraction(94),
        "co_design",
    )
    assert first.real is True
    assert (second.reached, second.records, second.highest_level) == (True, 0, None)
    assert (third.highest_level, third.hours, third.real) == ("informing", Fraction(3, 2), False)
    assert rows[3].reached is False


def test_it_works_out_the_share_of_stages_with_real_involvement():
    # 3 of 5 stages reached co-design or higher: 60%.
    share = ladder.real_involvement_share(5, 3)
    assert share == Fraction(3, 5)
    assert ladder.whole_percent(share) == 60
    # 2 of 3 is 66.67% and rounds to 67; 1 of 8 is 12.5% and rounds half up to 13.
    assert ladder.whole_percent(ladder.real_involvement_share(3, 2)) == 67
    assert ladder.whole_percent(ladder.real_involvement_share(8, 1)) == 13
    assert ladder.real_involvement_share(0, 0) == 0


def test_it_refuses_more_real_stages_than_stages_reached():
    with pytest.raises(ValueError):
        ladder.real_involvement_share(2, 3)


@given(st.integers(1, 8).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))))
def test_it_keeps_the_share_between_nought_and_a_hundred_percent(pair):
    reached, real = pair
    percent = ladder.whole_percent(ladder.real_involvement_share(reached, real))
    assert 0 <= percent <= 100
    assert (percent == 100) == (real == reached)


def test_it_rounds_bar_widths_to_the_nearest_five_percent():
    # 5 of 7 rungs is 71.4%: nearest 5 is 70. 6 of 7 is 85.7%: 85. 1 of 7 is 14.3%: 15.
    assert ladder.bar_step(5, 7) == 70
    assert ladder.bar_step(6, 7) == 85
    assert ladder.bar_step(1, 7) == 15
    assert ladder.bar_step(7, 7) == 100
    assert ladder.bar_step(0, 7) == 0


@given(st.integers(-5, 20), st.integers(1, 12))
def test_it_keeps_bar_widths_in_steps_of_five_within_the_track(value, maximum):
    step = ladder.bar_step(value, maximum)
    assert step % 5 == 0 and 0 <= step <= 100
