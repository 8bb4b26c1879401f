"""Open budget arithmetic (withus/open_budgets/figures.py), worked by hand, then properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.open_budgets import figures as f

D = Decimal


def test_a_year_is_named_by_both_years_and_read_many_ways():
    assert f.year_label(2025) == "2025 to 2026"
    for written in ("2025 to 2026", "2025-26", "2025/26", "2025-2026", "2025", " FY2025/2026 "):
        assert f.parse_year(written) == 2025, written
    # 2099-00 ends in 2100: the century turns.
    assert f.parse_year("2099-00") == 2099


@pytest.mark.parametrize(
    "written, says",
    [
        ("", "Enter the financial year like 2025 to 2026."),
        ("last year", '"last year" is not a financial year.'),
        ("2025 to 2027", "must end the year after it starts"),
        ("1066", "must start between 2000 and 2100"),
    ],
)
def test_a_year_that_is_not_a_year_is_refused_in_words(written, says):
    with pytest.raises(f.FigureProblem, match=says.replace("(", r"\(")):
        f.parse_year(written)


def test_unit_cost_is_to_the_penny_rounding_halves_up():
    # £1,000.00 for 3 people: 100000p / 3 = 33333.33p -> 33333p = £333.33 (remainder 1 < 1.5).
    assert f.unit_cost(D("1000.00"), 3) == D("333.33")
    # £2.00 for 3: 200p / 3 = 66.67p -> 67p (remainder 2, 2*2 >= 3) = £0.67.
    assert f.unit_cost(D("2.00"), 3) == D("0.67")
    # £0.05 for 2: 5p / 2 = 2.5p, exactly half -> up to 3p = £0.03.
    assert f.unit_cost(D("0.05"), 2) == D("0.03")
    # £612,000.00 for 85 people: 61200000p / 85 = 720000p exactly = £7,200.00.
    assert f.unit_cost(D("612000.00"), 85) == D("7200.00")


@pytest.mark.parametrize("people", [None, 0])
def test_unit_cost_is_not_known_without_people(people):
    assert f.unit_cost(D("1000.00"), people) is None


def test_change_in_pounds_and_percent_to_one_place():
    # £900,000 -> £760,000: -£140,000; -140000 / 900000 = -15.555...% -> -15.6%.
    assert f.change(D("900000.00"), D("760000.00")) == f.Change(D("-140000.00"), D("-15.6"))
    # £200 -> £201: +£1, 0.5% exactly.
    assert f.change(D("200.00"), D("201.00")) == f.Change(D("1.00"), D("0.5"))
    # £400 -> £400.20: 0.05% -> half rounds away from zero -> 0.1%.
    assert f.change(D("400.00"), D("400.20")) == f.Change(D("0.20"), D("0.1"))
    # Nothing last year: pounds only, no percentage. No year before: no change at all.
    assert f.change(D("0.00"), D("50.00")) == f.Change(D("50.00"), None)
    assert f.change(None, D("50.00")) is None


def test_years_total_compare_with_the_year_before_and_come_newest_first():
    recorded = {
        2024: [f.Line("Day services", D("900000.00"), 150), f.Line("Peer support", D("60000"), 40)],
        2025: [
            f.Line("day  SERVICES", D("760000.00"), 120),  # the same service, other capitals
            f.Line("Peer support", D("95000.00"), 75),
            f.Line("Advocacy", D("48000.00"), 0),  # new this year, people not known
        ],
    }
    newer, older = f.years(recorded)
    assert (newer.label, older.label) == ("2025 to 2026", "2024 to 2025")
    # 760000 + 95000 + 48000 = 903000; last year 900000 + 60000 = 960000; -57000 = -5.9375% -> -5.9.
    assert newer.total == D("903000.00")
    assert newer.change == f.Change(D("-57000.00"), D("-5.9"))
    day, peer, advocacy = newer.lines
    # 76000000p / 120 = 633333.33p -> £6,333.33; -140000 / 900000 -> -15.6%.
    assert day.unit_cost == D("6333.33")
    assert day.change == f.Change(D("-140000.00"), D("-15.6"))
    # 9500000p / 75 = 126666.67p -> £1,266.67; +35000 / 60000 = 58.333...% -> 58.3%.
    assert peer.unit_cost == D("1266.67")
    assert peer.change == f.Change(D("35000.00"), D("58.3"))
    assert advocacy.unit_cost is None and advocacy.change is None
    # The oldest year has no year before to compare with.
    assert older.change is None and not older.has_year_before
    assert older.total == D("960000.00")


@pytest.mark.parametrize(
    "amount, says",
    [
        (D("10.005"), "fractions of a penny"),
        (D("-1.00"), "cannot be less than £0"),
        (D("10000000000.00"), "too large"),
    ],
)
def test_bad_money_is_refused_not_rounded(amount, says):
    with pytest.raises(f.FigureProblem, match=says):
        f.check_money(amount)


def test_money_and_people_are_read_as_people_write_them():
    assert f.parse_money("£12,500") == D("12500.00")
    assert f.parse_people("1,200") == 1200
    assert f.parse_people("") is None
    assert f.parse_people("12.0") == 12
    with pytest.raises(f.FigureProblem, match="not a whole number"):
        f.parse_people("12.5")
    with pytest.raises(f.FigureProblem, match="cannot be less than 0"):
        f.parse_people("-3")
    with pytest.raises(f.FigureProblem, match="not an amount in pounds"):
        f.parse_money("lots")


def test_save_and_share_splits_to_the_penny():
    # £180,000 at 40 / 30 / 30: 72000, 54000, 54000 exactly.
    assert f.share_split(D("180000.00"), [D(40), D(30), D(30)]) == [
        D("72000.00"),
        D("54000.00"),
        D("54000.00"),
    ]
    # £100.00 at 33.33 / 33.33 / 33.34: 3333p, 3333p, 3334p exactly (10000 x .3333 = 3333).
    assert f.share_split(D("100.00"), [D("33.33"), D("33.33"), D("33.34")]) == [
        D("33.33"),
        D("33.33"),
        D("33.34"),
    ]
    # £0.10 at 50 / 25 / 25: 5p, 2.5p, 2.5p -> 5, 2, 2 and 1p left; the remainders tie
    # (.5, .5) so the first of them listed, the commissioners' share, gets it.
    assert f.share_split(D("0.10"), [D(50), D(25), D(25)]) == [D("0.05"), D("0.03"), D("0.02")]


@pytest.mark.parametrize(
    "percents, says",
    [
        ([D(40), D(30), D(25)], "The shares add up to 95%, 5% short of 100%."),
        ([D(40), D(40), D("30.5")], "The shares add up to 110.5%, 10.5% over 100%."),
        ([D(-10), D(60), D(50)], "from 0% to 100%"),
        ([D("33.333"), D("33.333"), D("33.334")], "at most 2 decimal places"),
    ],
)
def test_shares_must_add_up_to_100_and_say_by_how_much(percents, says):
    assert says in f.percents_problem(percents)
    with pytest.raises(f.FigureProblem):
        f.share_split(D("100.00"), percents)


money = st.integers(min_value=0, max_value=10**11).map(lambda p: Decimal(p) / 100)


@st.composite
def percents(draw):
    # Two cut points on 0..10000 hundredths of a percent: three shares adding to 100.
    a, b = sorted(draw(st.tuples(st.integers(0, 10000), st.integers(0, 10000))))
    return [Decimal(a) / 100, Decimal(b - a) / 100, Decimal(10000 - b) / 100]


@given(amount=money, shares=percents())
def test_shares_always_add_up_to_the_saving(amount, shares):
    parts = f.share_split(amount, shares)
    assert sum(parts, Decimal(0)) == amount
    # Never more than a penny from the exact share.
    for part, percent in zip(parts, shares, strict=True):
        assert abs(part - amount * percent / 100) < Decimal("0.01")


@given(spend=money, people=st.integers(min_value=1, max_value=10**6))
def test_unit_cost_times_people_is_within_half_a_penny_per_person_of_spend(spend, people):
    cost = f.unit_cost(spend, people)
    assert cost is not None
    assert abs(cost * people - spend) <= Decimal("0.005") * people


@given(
    lines=st.lists(
        st.tuples(money, st.one_of(st.none(), st.integers(0, 1000))), min_size=0, max_size=12
    )
)
def test_a_years_total_is_the_sum_of_its_lines(lines):
    recorded = {2025: [f.Line(f"Service {i}", s, p) for i, (s, p) in enumerate(lines)]}
    (year,) = f.years(recorded)
    assert year.total == sum((s for s, _p in lines), Decimal("0.00"))
    assert [x.line.spend for x in year.lines] == [s for s, _p in lines]
