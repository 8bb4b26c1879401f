"""The penny split used by pathway tariffs and shared savings, worked by hand."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.core.split import SplitError, split_pence, split_pounds


def test_a_hundred_pounds_three_ways_gives_the_odd_penny_to_the_first():
    # 10000p / 3 = 3333.33p each; 1p left over, every remainder ties, first part gets it.
    assert split_pence(10000, [1, 1, 1]) == [3334, 3333, 3333]


def test_the_penny_goes_to_the_part_that_lost_most_by_rounding_down():
    # £1,250.00 split 45 / 35 / 20: 56250, 43750, 25000 exactly - no pennies left.
    assert split_pounds(Decimal("1250.00"), [45, 35, 20]) == [
        Decimal("562.50"),
        Decimal("437.50"),
        Decimal("250.00"),
    ]
    # 101p split 1/3, 1/3, 1/3 with weights 30, 30, 40: 30.3, 30.3, 40.4 -> 30, 30, 40, 1p left;
    # remainders .3, .3, .4 -> the third part gets it.
    assert split_pence(101, [30, 30, 40]) == [30, 30, 41]


def test_uneven_weights_exact_values():
    # £999.99 = 99999p split 12.5 / 37.5 / 50:
    # 12499.875, 37499.625, 49999.5 -> 12499, 37499, 49999 (1 short of 99999 by 2);
    # remainders .875, .625, .5 -> first and second get a penny.
    assert split_pence(99999, [Decimal("12.5"), Decimal("37.5"), 50]) == [12500, 37500, 49999]


@pytest.mark.parametrize("weights", [[], [0, 0], [1, -1]])
def test_refuses_weights_that_split_nothing(weights):
    with pytest.raises(SplitError):
        split_pence(100, weights)


def test_refuses_fractions_of_a_penny():
    with pytest.raises(SplitError):
        split_pounds(Decimal("1.005"), [1, 1])


@given(
    total=st.integers(min_value=0, max_value=10**9),
    weights=st.lists(st.integers(min_value=0, max_value=10**4), min_size=1, max_size=8).filter(any),
)
def test_parts_always_add_up_and_are_within_a_penny_of_exact(total, weights):
    parts = split_pence(total, weights)
    assert sum(parts) == total
    whole = sum(weights)
    for part, w in zip(parts, weights, strict=True):
        exact = total * w / whole
        assert abs(part - exact) < 1
        assert part >= 0
