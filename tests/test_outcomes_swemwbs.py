"""SWEMWBS scoring: the 7 answers add up to a raw score, changed with the published table."""

from decimal import Decimal

import pytest

from withus.outcomes import swemwbs

# The published raw-to-metric table (Stewart-Brown et al. 2009, Warwick Medical
# School), typed again here from the source, not copied from the module.
PUBLISHED = [
    (7, "7.00"),
    (8, "9.51"),
    (9, "11.25"),
    (10, "12.40"),
    (11, "13.33"),
    (12, "14.08"),
    (13, "14.75"),
    (14, "15.32"),
    (15, "15.84"),
    (16, "16.36"),
    (17, "16.88"),
    (18, "17.43"),
    (19, "17.98"),
    (20, "18.59"),
    (21, "19.25"),
    (22, "19.98"),
    (23, "20.73"),
    (24, "21.54"),
    (25, "22.35"),
    (26, "23.21"),
    (27, "24.11"),
    (28, "25.03"),
    (29, "26.02"),
    (30, "27.03"),
    (31, "28.13"),
    (32, "29.31"),
    (33, "30.70"),
    (34, "32.55"),
    (35, "35.00"),
]


@pytest.mark.parametrize(("raw", "metric"), PUBLISHED)
def test_each_raw_score_has_its_published_metric_score(raw, metric):
    assert swemwbs.metric_score(raw) == Decimal(metric)
    # Exactly two places, as published.
    assert str(swemwbs.metric_score(raw)) == metric


def test_the_table_has_all_29_entries_and_nothing_else():
    assert len(PUBLISHED) == 29
    assert sorted(swemwbs.METRIC) == list(range(7, 36))


def test_metric_scores_only_ever_go_up():
    values = [swemwbs.METRIC[raw] for raw in range(7, 36)]
    assert values == sorted(values) and len(set(values)) == 29


def test_the_answers_add_up_to_the_raw_score_then_convert():
    # 3+3+3+3+3+3+3 = 21 -> 19.25; 4+4+4+3+3+3+3 = 24 -> 21.54.
    assert swemwbs.score([3] * 7) == (21, Decimal("19.25"))
    assert swemwbs.score([4, 4, 4, 3, 3, 3, 3]) == (24, Decimal("21.54"))
    assert swemwbs.score([1] * 7) == (7, Decimal("7.00"))
    assert swemwbs.score([5] * 7) == (35, Decimal("35.00"))


@pytest.mark.parametrize("bad", [0, 6, -1, True, "3", 2.5])
def test_an_answer_outside_1_to_5_is_refused_naming_the_item(bad):
    with pytest.raises(swemwbs.BadAnswers) as caught:
        swemwbs.raw_score([3, 3, bad, 3, 3, 3, 3])
    assert set(caught.value.problems) == {3}


def test_six_or_eight_answers_are_refused():
    for answers in ([3] * 6, [3] * 8):
        with pytest.raises(swemwbs.BadAnswers):
            swemwbs.raw_score(answers)


@pytest.mark.parametrize("raw", [6, 36, 0])
def test_a_raw_score_outside_7_to_35_has_no_metric_score(raw):
    with pytest.raises(ValueError, match="7 to 35"):
        swemwbs.metric_score(raw)


def test_the_wording_and_licence_are_as_published():
    assert swemwbs.ITEMS == (
        "I've been feeling optimistic about the future",
        "I've been feeling useful",
        "I've been feeling relaxed",
        "I've been dealing with problems well",
        "I've been thinking clearly",
        "I've been feeling close to other people",
        "I've been able to make up my own mind about things",
    )
    assert [label for _v, label in swemwbs.ANSWERS] == [
        "None of the time",
        "Rarely",
        "Some of the time",
        "Often",
        "All of the time",
    ]
    assert "NHS Health Scotland, University of Warwick and University of Edinburgh" in (
        swemwbs.LICENCE
    )
