"""The evaluation arithmetic (withus/outcomes/evaluation.py), worked by hand."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.outcomes import evaluation as ev

D = Decimal
LABELS = [("worse", "Worse"), ("same", "About the same"), ("better", "Better")]
MISSING = [
    ("baseline_only", "Start only"),
    ("follow_up_only", "Follow-up only"),
    ("neither", "Neither"),
]


def _pairs(diffs, start="10"):
    return [(D(start), D(start) + D(d)) for d in diffs]


def test_four_people_worked_by_hand():
    # Changes -1, 3, 3, 3. Mean = 8 / 4 = 2.
    # Squared distances from the mean: 9, 1, 1, 1 = 12. Variance = 12 / 3 = 4.
    # SD = 2. SE = 2 / sqrt(4) = 1. t for 3 degrees of freedom = 3.182.
    # CI = 2 - 3.182 = -1.182 to 2 + 3.182 = 5.182.
    result = ev.paired_change(_pairs(["-1", "3", "3", "3"]))
    assert result.n == 4
    assert result.mean == 2
    assert result.sd == 2
    assert result.se == 1
    assert result.t == D("3.182")
    assert result.low == Fraction("-1.182")
    assert result.high == Fraction("5.182")
    assert (ev.one_place(result.low), ev.one_place(result.high)) == (D("-1.2"), D("5.2"))


def test_five_people_worked_by_hand():
    # Changes -3, 2, 2, 2, 2. Mean = 5 / 5 = 1.
    # Squared distances: 16, 1, 1, 1, 1 = 20. Variance = 20 / 4 = 5, SD = sqrt(5).
    # SE = sqrt(5 / 5) = 1. t for 4 degrees of freedom = 2.776.
    # CI = 1 - 2.776 = -1.776 to 3.776, shown as -1.8 to 3.8.
    result = ev.paired_change(_pairs(["-3", "2", "2", "2", "2"]))
    assert result.mean == 1
    assert result.sd is not None and str(result.sd).startswith("2.236067977499789696")
    assert result.se == 1
    assert (result.low, result.high) == (Fraction("-1.776"), Fraction("3.776"))
    assert ev.one_place(result.low) == D("-1.8")


def test_swemwbs_metric_scores_worked_by_hand():
    # (baseline, follow-up) metric scores and changes:
    #   19.25 -> 21.54: +2.29     19.25 -> 19.25: 0
    #   17.43 -> 19.98: +2.55     21.54 -> 23.21: +1.67
    #   16.36 -> 17.98: +1.62
    # Sum 8.13, mean 1.626 (shown 1.6).
    # Distances: 0.664, -1.626, 0.924, 0.044, -0.006; squares 0.440896,
    # 2.643876, 0.853776, 0.001936, 0.000036 = 3.94052. Variance 3.94052 / 4 =
    # 0.98513, SD 0.99254 (shown 1.0). SE = sqrt(0.98513 / 5) = sqrt(0.197026)
    # = 0.44388 (0.4). t(4) = 2.776, margin = 1.23220, CI 0.39380 to 2.85820,
    # shown 0.4 to 2.9.
    pairs = [
        (D("19.25"), D("21.54")),
        (D("19.25"), D("19.25")),
        (D("17.43"), D("19.98")),
        (D("21.54"), D("23.21")),
        (D("16.36"), D("17.98")),
    ]
    result = ev.paired_change(pairs)
    assert result.mean == Fraction("1.626")
    assert result.sd is not None and result.sd.quantize(D("0.00001")) == D("0.99254")
    assert result.se is not None and result.se.quantize(D("0.00001")) == D("0.44388")
    assert result.low is not None and result.high is not None
    assert round(float(result.low), 5) == 0.39380
    assert round(float(result.high), 5) == 2.85820
    assert [ev.one_place(x) for x in (result.mean, result.low, result.high)] == [
        D("1.6"),
        D("0.4"),
        D("2.9"),
    ]


def test_one_person_has_a_mean_but_no_interval():
    result = ev.paired_change(_pairs(["4"]))
    assert result.mean == 4 and result.sd is None and result.low is None


def test_nobody_is_refused():
    with pytest.raises(ValueError):
        ev.paired_change([])


@pytest.mark.parametrize(
    ("df", "t"),
    [
        (1, "12.706"),
        (2, "4.303"),
        (10, "2.228"),
        (30, "2.042"),
        # Between rows: the row at or below (wider interval).
        (31, "2.042"),
        (39, "2.042"),
        (40, "2.021"),
        (59, "2.021"),
        (60, "2.000"),
        (119, "2.000"),
        (120, "1.980"),
        (5000, "1.980"),
    ],
)
def test_t_uses_the_table_row_at_or_below(df, t):
    assert ev.t_critical(df) == D(t)


def test_the_table_has_every_row_from_1_to_30_then_40_60_120():
    assert sorted(ev.T_TABLE) == [*range(1, 31), 40, 60, 120]


def test_rounding_is_one_place_halves_away_from_zero():
    assert ev.one_place(Fraction("2.45")) == D("2.5")
    assert ev.one_place(Fraction("-2.45")) == D("-2.5")
    assert ev.one_place(Fraction("2.4499")) == D("2.4")
    assert ev.one_place(Fraction(1, 3)) == D("0.3")
    assert ev.one_place(Fraction(0)) == D("0.0")


def test_bands_depend_on_which_way_is_better():
    three = D(3)
    assert ev.band(Fraction(3), three, True) == "better"
    assert ev.band(Fraction("2.99"), three, True) == "same"
    assert ev.band(Fraction(-3), three, True) == "worse"
    # GP visits: fewer is better.
    assert ev.band(Fraction(-2), D(1), False) == "better"
    assert ev.band(Fraction(2), D(1), False) == "worse"


def test_missing_answers_are_counted_by_kind():
    people = [(True, True)] * 3 + [(True, False)] * 2 + [(False, True)] + [(False, False)]
    assert ev.missing_counts(people) == {
        "both": 3,
        "baseline_only": 2,
        "follow_up_only": 1,
        "neither": 1,
    }


def test_under_five_with_both_scores_withholds_the_change():
    people = [(D(10), D(12))] * 4 + [(D(10), None)] * 6
    report = ev.measure_report(people, D(3), True, LABELS, MISSING)
    assert report.withheld and report.change is None and report.bands is None
    assert report.n_both == 4
    rows = {r.group: r for r in report.missing.rows}
    assert rows["baseline_only"].participants == 6


def test_a_small_band_is_withheld_with_a_second_so_it_cannot_be_worked_out():
    # 12 people: 2 worse, 4 about the same, 6 better. Both small groups are
    # withheld; "better" is shown.
    people = [(D(20), D(16))] * 2 + [(D(20), D(20))] * 4 + [(D(20), D(25))] * 6
    report = ev.measure_report(people, D(3), True, LABELS, MISSING)
    assert report.bands is not None
    shown = {r.group: (r.withheld, r.participants) for r in report.bands.rows}
    assert shown == {"worse": (True, None), "same": (True, None), "better": (False, 6)}

    # 2 worse, 5 about the same, 6 better: only "worse" is small. Alone it could
    # be worked out from the total (13 - 5 - 6), so the smallest shown, "about
    # the same", is withheld as well (the rule in compare.py).
    people = [(D(20), D(16))] * 2 + [(D(20), D(20))] * 5 + [(D(20), D(25))] * 6
    report = ev.measure_report(people, D(3), True, LABELS, MISSING)
    assert report.bands is not None
    assert [r.withheld for r in report.bands.rows] == [True, True, False]


scores = st.decimals(min_value=0, max_value=50, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(scores, scores), min_size=2, max_size=40))
def test_the_interval_contains_the_mean(pairs):
    result = ev.paired_change(pairs)
    assert result.low is not None and result.high is not None
    assert result.low <= result.mean <= result.high
    assert ev.one_place(result.low) <= ev.one_place(result.mean) <= ev.one_place(result.high)


@given(
    st.lists(st.tuples(scores, scores), min_size=2, max_size=40),
    st.decimals(min_value=-20, max_value=20, places=2, allow_nan=False, allow_infinity=False),
)
def test_adding_a_constant_to_every_follow_up_shifts_mean_and_interval_by_it(pairs, shift):
    before = ev.paired_change(pairs)
    after = ev.paired_change([(b, f + shift) for b, f in pairs])
    assert after.mean == before.mean + Fraction(shift)
    assert after.sd == before.sd and after.se == before.se
    assert before.low is not None and before.high is not None
    assert after.low == before.low + Fraction(shift)
    assert after.high == before.high + Fraction(shift)


@given(st.lists(st.tuples(scores, scores), min_size=2, max_size=40))
def test_more_people_never_make_t_bigger(pairs):
    n = len(pairs)
    assert ev.t_critical(n) <= ev.t_critical(n - 1)
