"""A pooling group's ledger: splitting shared costs to the penny, and keeping every penny.

Hand-worked examples first (the arithmetic is in the comments, in pence), then
properties over random costs and random sequences of entries, then the error
messages people will read.
"""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from withus.pooling.ledger import (
    RETURNED,
    SPLIT_EQUAL,
    SPLIT_HOURS,
    Contribution,
    InsufficientFunds,
    Join,
    Leave,
    SharedCost,
    StatementLine,
    run,
    split_cost,
    unspent,
)

D = Decimal


def pence(amount: Decimal) -> int:
    return int(amount * 100)


def pounds(p: int) -> Decimal:
    return Decimal(p).scaleb(-2)


# --- hand-worked splits ------------------------------------------------------


def test_it_splits_100_pounds_three_ways_giving_the_odd_penny_to_the_lowest_id():
    # 10000p / 3 = 3333 r 1 each, so 3333 + 3333 + 3333 = 9999p: 1p left over.
    # All three remainders are equal (1/3p), so the tie goes to the lowest id, 1.
    shares = split_cost(D("100.00"), {3: 1, 1: 1, 2: 1})
    assert shares == {1: D("33.34"), 2: D("33.33"), 3: D("33.33")}
    assert list(shares) == [1, 2, 3]
    assert sum(shares.values()) == D("100.00")


def test_it_splits_a_45_pound_pa_cost_by_hours_used():
    # Hours 2, 3.5, 1.5: total 7.  4500p x 2/7   = 1285.714p -> 1285, remainder .714
    #                              4500p x 3.5/7 = 2250p     -> 2250, remainder 0
    #                              4500p x 1.5/7 =  964.286p ->  964, remainder .286
    # 1285 + 2250 + 964 = 4499p, so 1p is left: the largest remainder (.714) is member 1.
    shares = split_cost(D("45.00"), {1: 2, 2: D("3.5"), 3: D("1.5")})
    assert shares == {1: D("12.86"), 2: D("22.50"), 3: D("9.64")}


def test_it_gives_more_than_one_left_over_penny_by_largest_remainder_then_id():
    # 10p over 4 equal shares: 2.5p each -> 2p each = 8p, 2p left over.
    # All remainders equal (.5p), so ids 1 and 2 get a penny each.
    assert split_cost(D("0.10"), {4: 1, 3: 1, 2: 1, 1: 1}) == {
        1: D("0.03"),
        2: D("0.03"),
        3: D("0.02"),
        4: D("0.02"),
    }
    # 100p by weights 1, 1, 1 for ids 5, 6, 7 plus weight 0 for id 1:
    # 33 r 1/3 each, 1p left -> id 5 (lowest id with that remainder). Id 1 gets nothing.
    assert split_cost(D("1.00"), {1: 0, 5: 1, 6: 1, 7: 1}) == {
        1: D("0.00"),
        5: D("0.34"),
        6: D("0.33"),
        7: D("0.33"),
    }


def test_it_splits_nothing_into_nothing():
    assert split_cost(D("0"), {1: 1, 2: 3}) == {1: D("0.00"), 2: D("0.00")}


# --- a year-like run, by hand ------------------------------------------------

ANNE, BEN, CHLOE, DEV = 1, 2, 3, 4

YEAR = [
    Join(ANNE, date(2025, 1, 1)),
    Join(BEN, date(2025, 1, 1)),
    Join(CHLOE, date(2025, 1, 1)),
    Contribution(ANNE, D("200.00"), date(2025, 1, 5)),
    Contribution(BEN, D("200.00"), date(2025, 1, 5)),
    Contribution(CHLOE, D("200.00"), date(2025, 1, 5)),
    # 25000p by hours 10/6/4 of 20: 12500, 7500, 5000 exactly.
    SharedCost("PA, January", D("250.00"), date(2025, 1, 31), SPLIT_HOURS, {1: 10, 2: 6, 3: 4}),
    Contribution(ANNE, D("200.00"), date(2025, 2, 5)),
    Contribution(BEN, D("200.00"), date(2025, 2, 5)),
    Contribution(CHLOE, D("200.00"), date(2025, 2, 5)),
    # 4000p / 3 = 1333 r 1 each; 1p left -> Anne (tie, lowest id): 1334, 1333, 1333.
    SharedCost("Swimming", D("40.00"), date(2025, 2, 14)),
    # 10000p by hours 3 and 3.5 of 6.5 (Chloe used none):
    # Anne 4615.38 -> 4615 (r .38), Ben 5384.62 -> 5384 (r .62): 9999p, 1p -> Ben.
    SharedCost("PA, February", D("100.00"), date(2025, 2, 28), SPLIT_HOURS, {1: 3, 2: D("3.5")}),
    # Chloe: 200 - 50 + 200 - 13.33 = 336.67, all returned.
    Leave(CHLOE, date(2025, 3, 1)),
    Join(DEV, date(2025, 3, 1)),
    Contribution(DEV, D("150.00"), date(2025, 3, 2)),
    # Split among Anne, Ben and Dev only: 9000p / 3 = 3000 each.
    SharedCost("Cinema trip", D("90.00"), date(2025, 3, 31), SPLIT_EQUAL),
]


def test_it_runs_a_year_like_sequence_to_the_penny():
    state = run(YEAR)
    # Anne: 400 - 125 - 13.34 - 46.15 - 30 = 185.51
    # Ben:  400 -  75 - 13.33 - 53.85 - 30 = 227.82
    # Dev:  150 - 30                       = 120.00
    assert state.balances == {ANNE: D("185.51"), BEN: D("227.82"), DEV: D("120.00")}
    assert state.members == {ANNE, BEN, DEV}
    assert state.returned == {CHLOE: D("336.67")}
    assert state.pool == unspent(state) == D("533.33")
    # In 1350.00 = pool 533.33 + spent (250 + 40 + 100 + 90 = 480.00) + returned 336.67.
    assert state.pool + D("480.00") + state.returned[CHLOE] == D("1350.00")


def test_it_gives_a_leaver_a_statement_ending_with_the_money_returned():
    # Chloe used no hours in February, so that cost has no line on her statement.
    assert run(YEAR).statements[CHLOE] == [
        StatementLine(date(2025, 1, 5), "Paid in from your budget", D("200.00"), D("200.00")),
        StatementLine(date(2025, 1, 31), "PA, January", D("-50.00"), D("150.00")),
        StatementLine(date(2025, 2, 5), "Paid in from your budget", D("200.00"), D("350.00")),
        StatementLine(date(2025, 2, 14), "Swimming", D("-13.33"), D("336.67")),
        StatementLine(date(2025, 3, 1), RETURNED, D("-336.67"), D("0.00")),
    ]


def test_it_lets_someone_rejoin_and_adds_up_what_was_returned_each_time():
    entries = [
        Join(1, date(2025, 1, 1)),
        Contribution(1, D("10.00"), date(2025, 1, 1)),
        Leave(1, date(2025, 2, 1)),
        Join(1, date(2025, 3, 1)),
        Contribution(1, D("5.50"), date(2025, 3, 1)),
        Leave(1, date(2025, 4, 1)),
        Join(1, date(2025, 5, 1)),
    ]
    state = run(entries)
    assert state.balances == {1: D("0.00")}
    assert state.returned == {1: D("15.50")}
    assert [line.balance for line in state.statements[1]] == [
        D("10.00"),
        D("0.00"),
        D("5.50"),
        D("0.00"),
    ]


def test_it_lets_a_cost_use_up_a_balance_exactly():
    state = run(
        [
            Join(1, date(2025, 1, 1)),
            Join(2, date(2025, 1, 1)),
            Contribution(1, D("0.51"), date(2025, 1, 1)),
            Contribution(2, D("0.50"), date(2025, 1, 1)),
            SharedCost("Tea", D("1.01"), date(2025, 1, 1)),  # 101p: 51 (id 1) + 50
        ]
    )
    assert state.balances == {1: D("0.00"), 2: D("0.00")}
    assert state.pool == D("0.00")


# --- properties of a split ---------------------------------------------------

weight_values = st.one_of(
    st.integers(0, 100),
    st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False),
)
weightings = st.dictionaries(st.integers(1, 40), weight_values, min_size=1, max_size=12).filter(
    lambda weights: any(weights.values())
)
costs = st.integers(0, 10_000_000).map(pounds)


@given(costs, weightings)
def test_it_splits_a_cost_so_the_shares_add_up_to_it_exactly(total, weights):
    shares = split_cost(total, weights)
    assert sum(shares.values()) == total
    assert set(shares) == set(weights)
    assert all(share.as_tuple().exponent == -2 for share in shares.values())


@given(costs, weightings)
def test_it_keeps_every_share_within_a_penny_of_the_exact_share(total, weights):
    shares = split_cost(total, weights)
    total_weight = sum(Fraction(w) for w in weights.values())
    for member, share in shares.items():
        exact = pence(total) * Fraction(weights[member]) / total_weight
        assert abs(pence(share) - exact) < 1
        if weights[member] == 0:
            assert share == 0


@given(costs, weightings, st.randoms(use_true_random=False))
def test_it_gives_the_same_split_whatever_order_the_members_come_in(total, weights, random):
    items = list(weights.items())
    random.shuffle(items)
    assert split_cost(total, dict(items)) == split_cost(total, weights)
    assert list(split_cost(total, dict(items))) == sorted(weights)


@given(costs, st.integers(1, 30))
def test_it_gives_equal_weights_shares_a_penny_apart_at_most_lower_ids_first(total, people):
    shares = list(split_cost(total, dict.fromkeys(range(1, people + 1), 1)).values())
    assert max(shares) - min(shares) <= D("0.01")
    assert shares == sorted(shares, reverse=True)


# --- properties of any valid sequence of entries -----------------------------

PEOPLE = range(1, 7)


class PoolingGroup(RuleBasedStateMachine):
    """Builds a ledger one valid entry at a time, re-running it after each."""

    def __init__(self):
        super().__init__()
        self.entries = []
        self.state = run([])
        self.today = date(2025, 4, 1)
        self.contributed = D("0.00")
        self.spent = D("0.00")

    def _next_day(self, data):
        self.today += timedelta(days=data.draw(st.integers(0, 20)))
        return self.today

    def _add(self, entry):
        self.entries.append(entry)
        before, self.state = self.state, run(self.entries)
        return before

    def _member(self, data):
        return data.draw(st.sampled_from(sorted(self.state.members)))

    @precondition(lambda self: len(self.state.members) < len(PEOPLE))
    @rule(data=st.data())
    def join(self, data):
        person = data.draw(st.sampled_from(sorted(set(PEOPLE) - self.state.members)))
        self._add(Join(person, self._next_day(data)))
        assert self.state.balances[person] == D("0.00")

    @precondition(lambda self: self.state.members)
    @rule(data=st.data(), amount=st.integers(1, 50_000).map(pounds))
    def contribute(self, data, amount):
        member = self._member(data)
        before = self._add(Contribution(member, amount, self._next_day(data)))
        self.contributed += amount
        assert self.state.balances[member] == before.balances[member] + amount

    @precondition(lambda self: self.state.members)
    @rule(data=st.data(), by_hours=st.booleans())
    def share_a_cost(self, data, by_hours):
        members = sorted(self.state.members)
        amount = pounds(data.draw(st.integers(1, max(1, 2 * pence(self.state.pool)))))
        if by_hours:
            users = data.draw(st.lists(st.sampled_from(members), min_size=1, unique=True))
            hours = {m: D(data.draw(st.integers(1, 20))) / 2 for m in users}
            cost = SharedCost("Shared", amount, self._next_day(data), SPLIT_HOURS, hours)
            expected = split_cost(amount, {m: hours.get(m, 0) for m in members})
        else:
            cost = SharedCost("Shared", amount, self._next_day(data))
            expected = split_cost(amount, dict.fromkeys(members, 1))

        short = [m for m in members if expected[m] > self.state.balances[m]]
        if short:
            with pytest.raises(InsufficientFunds) as refused:
                run([*self.entries, cost])
            assert refused.value.member == short[0]
            assert refused.value.needed == expected[short[0]]
            return
        before = self._add(cost)
        self.spent += amount
        for m in members:
            assert self.state.balances[m] == before.balances[m] - expected[m]

    @precondition(lambda self: self.state.members)
    @rule(data=st.data())
    def leave(self, data):
        member = self._member(data)
        before = self._add(Leave(member, self._next_day(data)))
        gone = before.balances[member]
        assert member not in self.state.members
        assert self.state.returned[member] == before.returned.get(member, 0) + gone
        assert self.state.statements[member][-1] == StatementLine(
            self.today, RETURNED, -gone, D("0.00")
        )

    @invariant()
    def every_penny_is_in_the_pool_spent_or_returned(self):
        returned = sum(self.state.returned.values(), D("0.00"))
        assert self.contributed == unspent(self.state) + self.spent + returned

    @invariant()
    def nobody_is_ever_below_zero(self):
        assert all(balance >= 0 for balance in self.state.balances.values())

    @invariant()
    def the_pool_is_the_sum_of_the_members_balances(self):
        assert self.state.pool == sum(self.state.balances.values(), D("0.00"))
        assert all(b.as_tuple().exponent == -2 for b in self.state.balances.values())

    @invariant()
    def every_statement_adds_up_to_the_balance(self):
        for member, lines in self.state.statements.items():
            running = D("0.00")
            for line in lines:
                running += line.amount
                assert line.balance == running
            assert running == self.state.balances.get(member, D("0.00"))


def test_it_keeps_every_penny_accounted_for_over_any_sequence_of_entries():
    run_state_machine_as_test(
        PoolingGroup, settings=settings(max_examples=150, stateful_step_count=30, deadline=None)
    )


# --- errors, in the words people will see ------------------------------------


def message(error_type, call, *args):
    with pytest.raises(error_type) as raised:
        call(*args)
    return str(raised.value)


def test_it_refuses_to_split_among_nobody_or_by_all_zero_weights():
    assert (
        message(ValueError, split_cost, D("10.00"), {})
        == "A cost cannot be split when there is nobody to share it."
    )
    assert (
        message(ValueError, split_cost, D("10.00"), {1: 0, 2: D("0.0")})
        == "A cost cannot be split when everyone's share is zero."
    )


def test_it_refuses_a_negative_cost_or_one_that_is_not_whole_pence():
    assert (
        message(ValueError, split_cost, D("-1.00"), {1: 1})
        == "A cost cannot be negative (£-1.00); record money coming back as its own entry."
    )
    assert (
        message(ValueError, split_cost, D("1.005"), {1: 1})
        == "The cost must be a whole number of pence, not £1.005."
    )
    assert message(TypeError, split_cost, 1.5, {1: 1}) == "The cost must be a Decimal, not float."


def test_it_refuses_negative_or_float_weights():
    assert (
        message(ValueError, split_cost, D("1.00"), {1: 1, 2: -1})
        == "The weight for member 2 cannot be negative."
    )
    assert (
        message(TypeError, split_cost, D("1.00"), {1: 1.5})
        == "The weight for member 1 must be a whole number or a Decimal."
    )


START = [Join(1, date(2025, 1, 1)), Contribution(1, D("20.00"), date(2025, 1, 1))]


def test_it_refuses_money_from_someone_who_has_not_joined_or_has_left():
    assert (
        message(ValueError, run, [*START, Contribution(2, D("5.00"), date(2025, 1, 2))])
        == "Member 2 is not in the group on 2025-01-02, so cannot put money in."
    )
    left = [*START, Leave(1, date(2025, 1, 3))]
    assert (
        message(ValueError, run, [*left, Contribution(1, D("5.00"), date(2025, 1, 4))])
        == "Member 1 is not in the group on 2025-01-04, so cannot put money in."
    )
    assert (
        message(ValueError, run, [*left, Leave(1, date(2025, 1, 4))])
        == "Member 1 is not in the group on 2025-01-04, so cannot leave."
    )


def test_it_refuses_joining_twice_and_entries_out_of_date_order():
    assert (
        message(ValueError, run, [*START, Join(1, date(2025, 1, 2))])
        == "Member 1 is already in the group on 2025-01-02."
    )
    assert (
        message(ValueError, run, [*START, Join(2, date(2024, 12, 31))])
        == "Entries must be in date order: 2024-12-31 comes after 2025-01-01."
    )


def test_it_refuses_a_zero_contribution_or_a_zero_cost():
    assert (
        message(ValueError, run, [*START, Contribution(1, D("0.00"), date(2025, 1, 2))])
        == "A contribution must be more than £0.00, not £0.00."
    )
    assert (
        message(ValueError, run, [*START, SharedCost("Bus", D("0"), date(2025, 1, 2))])
        == "The cost of 'Bus' must be more than £0.00, not £0."
    )


def test_it_refuses_a_cost_that_would_take_someone_below_zero():
    entries = [
        *START,
        Join(2, date(2025, 1, 1)),
        Contribution(2, D("5.00"), date(2025, 1, 1)),
        # 1500p / 2 = 750p each: member 1 has 2000p, member 2 only 500p.
        SharedCost("Day trip", D("15.00"), date(2025, 1, 2)),
    ]
    with pytest.raises(InsufficientFunds) as refused:
        run(entries)
    assert str(refused.value) == (
        "Member 2 does not have enough left in the pool for 'Day trip': "
        "their share is £7.50 but they have £5.00."
    )
    assert (refused.value.member, refused.value.needed, refused.value.available) == (
        2,
        D("7.50"),
        D("5.00"),
    )


def test_it_refuses_a_cost_when_nobody_is_in_the_group():
    assert (
        message(ValueError, run, [SharedCost("Hall hire", D("30.00"), date(2025, 1, 1))])
        == "Nobody is in the group on 2025-01-01 to share the cost of 'Hall hire'."
    )


def test_it_refuses_hours_for_non_members_no_hours_or_hours_on_an_equal_split():
    on = date(2025, 1, 2)
    assert (
        message(ValueError, run, [*START, SharedCost("PA", D("9.00"), on, SPLIT_HOURS, {7: 2})])
        == "Hours were given for member 7, who is not in the group on 2025-01-02."
    )
    assert (
        message(ValueError, run, [*START, SharedCost("PA", D("9.00"), on, SPLIT_HOURS, {1: 0})])
        == "No hours were recorded for 'PA', so it cannot be split by hours."
    )
    assert (
        message(ValueError, run, [*START, SharedCost("PA", D("9.00"), on, SPLIT_HOURS)])
        == "No hours were recorded for 'PA', so it cannot be split by hours."
    )
    assert (
        message(ValueError, run, [*START, SharedCost("PA", D("9.00"), on, SPLIT_EQUAL, {1: 2})])
        == "Hours were given for 'PA', but it is split equally."
    )
    assert (
        message(ValueError, run, [*START, SharedCost("PA", D("9.00"), on, "by age")])
        == "Unknown way to split 'PA': 'by age'."
    )
