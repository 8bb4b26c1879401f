"""Participants set against residents: small numbers withheld, gaps named only when sure.

Hand-worked tables first (the arithmetic is in the comments), then the
biggest gaps, then properties over random counts, then the error messages.
"""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.representation.compare import (
    PREFER_NOT,
    CategoryTable,
    Gap,
    GroupRow,
    biggest_gaps,
    compare,
)

D = Decimal

LABELS = {
    "age_band": "Age",
    "gender": "Gender",
    "ethnic_group": "Ethnic group",
    "disabled": "Disability",
    "experience": "Lived experience",
}
GENDER = [
    ("woman", "Women"),
    ("man", "Men"),
    ("non_binary", "Non-binary people"),
    ("other", "People who describe their gender another way"),
    (PREFER_NOT, "Prefer not to say"),
]
DISABLED = [("yes", "Disabled people"), ("no", "People who are not disabled")]
EXPERIENCE = [
    ("drugs", "People who used drugs"),
    ("alcohol", "People who drank"),
    ("carer", "Carers"),
]


def message(error_type, call, *args, **kwargs):
    with pytest.raises(error_type) as raised:
        call(*args, **kwargs)
    return str(raised.value)


def one_table(category, listed, people, answered=None, residents=None):
    """Compare one category; ``people`` and ``residents`` are keyed by group."""
    if answered is None:
        answered = sum(n for group, n in people.items() if group != PREFER_NOT)
    return compare(
        {(category, group): n for group, n in people.items()},
        {category: answered},
        {(category, group): D(p) for group, p in (residents or {}).items()},
        {category: listed},
        LABELS,
    )[0]


def withheld_groups(table):
    return [row.group for row in table.rows if row.withheld]


def shown(group, label, n, percent, resident, gap):
    return GroupRow(
        group,
        label,
        n,
        D(percent),
        None if resident is None else D(resident),
        None if gap is None else D(gap),
        False,
    )


def hidden(group, label, resident=None):
    return GroupRow(group, label, None, None, None if resident is None else D(resident), None, True)


# --- tables by hand ------------------------------------------------------------


def test_it_sets_participants_against_residents():
    # 25 answered: women 7 / 25 = 28.0%, 28.0 - 51.0 = -23.0;
    #              men  18 / 25 = 72.0%, 72.0 - 49.0 = +23.0.
    table = one_table(
        "gender", GENDER[:2], {"woman": 7, "man": 18}, residents={"woman": "51.0", "man": "49.0"}
    )

    assert table == CategoryTable(
        category="gender",
        label="Gender",
        answered=25,
        answered_withheld=False,
        rows=(
            shown("woman", "Women", 7, "28.0", "51.0", "-23.0"),
            shown("man", "Men", 18, "72.0", "49.0", "23.0"),
        ),
    )


def test_it_rounds_each_percent_to_one_place_halves_up():
    # 5 / 15 = 33.33... -> 33.3 and 10 / 15 = 66.66... -> 66.7.
    third = one_table("disabled", DISABLED, {"yes": 5, "no": 10})
    assert [row.participant_percent for row in third.rows] == [D("33.3"), D("66.7")]
    # 5 / 16 = 31.25 -> 31.3 and 11 / 16 = 68.75 -> 68.8: each is rounded on its
    # own, so the two add to 100.1.
    sixteenths = one_table("disabled", DISABLED, {"yes": 5, "no": 11})
    assert [row.participant_percent for row in sixteenths.rows] == [D("31.3"), D("68.8")]


def test_it_rounds_a_gap_from_the_percents_as_shown_halves_away_from_zero():
    # 33.3 - 12.35 = 20.95 -> 21.0; 66.7 - 66.75 = -0.05 -> -0.1 (as big as +0.05).
    table = one_table(
        "disabled", DISABLED, {"yes": 5, "no": 10}, residents={"yes": "12.35", "no": "66.75"}
    )
    assert [row.gap for row in table.rows] == [D("21.0"), D("-0.1")]


def test_it_leaves_out_the_resident_percent_and_gap_where_none_was_entered():
    table = one_table("gender", GENDER[:2], {"woman": 7, "man": 18}, residents={"man": "49"})

    assert table.rows[0] == shown("woman", "Women", 7, "28.0", None, None)
    assert table.rows[1] == shown("man", "Men", 18, "72.0", "49", "23.0")


def test_it_withholds_a_group_of_fewer_than_five_or_none():
    # Women 4 and other 0 are small: two withheld, so no third is needed.
    table = one_table(
        "gender",
        GENDER[:4],
        {"woman": 4, "man": 20, "non_binary": 6},
        residents={"woman": "51", "other": "0.2"},
    )

    assert table.rows[0] == hidden("woman", "Women", "51")
    assert table.rows[3] == hidden("other", "People who describe their gender another way", "0.2")
    assert withheld_groups(table) == ["woman", "other"]
    # Percents are still of everybody who answered: 20 / 30 = 66.7, 6 / 30 = 20.0.
    assert table.rows[1].participant_percent == D("66.7")
    assert table.rows[2].participant_percent == D("20.0")


def test_it_withholds_the_smallest_group_shown_when_only_one_is_small():
    # Women 3 alone would be 35 - 20 - 6 - 6 = 3 by subtraction. Non-binary and
    # other are the smallest shown (6 each): the one listed later goes too.
    table = one_table("gender", GENDER[:4], {"woman": 3, "man": 20, "non_binary": 6, "other": 6})

    assert withheld_groups(table) == ["woman", "other"]
    assert table.rows[2] == shown("non_binary", "Non-binary people", 6, "17.1", None, None)


def test_it_withholds_the_smallest_group_not_the_last_one():
    table = one_table("gender", GENDER[:4], {"woman": 6, "man": 20, "non_binary": 0, "other": 9})

    assert withheld_groups(table) == ["woman", "non_binary"]


def test_it_withholds_both_of_two_groups_when_one_is_small():
    table = one_table("disabled", DISABLED, {"yes": 3, "no": 20}, residents={"yes": "20"})

    assert table.answered == 23
    assert table.answered_withheld is False
    assert table.rows == (
        hidden("yes", "Disabled people", "20"),
        hidden("no", "People who are not disabled"),
    )


def test_it_withholds_no_second_group_of_lived_experience():
    # One person can be in several groups, so 20 - 10 - 12 says nothing about drugs.
    table = one_table("experience", EXPERIENCE, {"drugs": 3, "alcohol": 10, "carer": 12}, 20)

    assert withheld_groups(table) == ["drugs"]
    assert [row.participant_percent for row in table.rows[1:]] == [D("50.0"), D("60.0")]


def test_it_withholds_a_whole_category_fewer_than_five_answered():
    table = one_table(
        "gender",
        GENDER,
        {"woman": 2, "man": 2, PREFER_NOT: 9},
        residents={"woman": "51", "man": "49"},
    )

    assert table.answered == 4
    assert table.answered_withheld is True
    assert withheld_groups(table) == ["woman", "man", "non_binary", "other", PREFER_NOT]
    assert all(row.participants is None and row.gap is None for row in table.rows)
    assert table.rows[0].resident_percent == D("51")


def test_it_withholds_a_category_nobody_answered():
    table = one_table("disabled", DISABLED, {})

    assert (table.answered, table.answered_withheld) == (0, True)
    assert withheld_groups(table) == ["yes", "no"]


def test_it_counts_prefer_not_to_say_apart_and_never_against_residents():
    # 25 answered: 7 women, 18 men; 6 more preferred not to say. The percents
    # are of the 25, and a resident share for prefer not to say is ignored.
    table = one_table(
        "gender",
        [GENDER[0], GENDER[1], GENDER[4]],
        {"woman": 7, "man": 18, PREFER_NOT: 6},
        residents={PREFER_NOT: "3"},
    )

    assert table.answered == 25
    assert table.rows[0].participant_percent == D("28.0")
    assert table.rows[2] == GroupRow(PREFER_NOT, "Prefer not to say", 6, None, None, None, False)


def test_it_withholds_a_small_prefer_not_to_say_without_withholding_more():
    # Prefer not to say is not part of the 25, so nothing else is withheld for it.
    table = one_table(
        "gender", [GENDER[0], GENDER[1], GENDER[4]], {"woman": 7, "man": 18, PREFER_NOT: 2}
    )

    assert withheld_groups(table) == [PREFER_NOT]
    assert table.rows[2] == hidden(PREFER_NOT, "Prefer not to say")


def test_it_keeps_the_order_of_the_categories_and_groups_given():
    tables = compare(
        {("gender", "man"): 9, ("gender", "woman"): 9, ("disabled", "no"): 9},
        {"gender": 18, "disabled": 9},
        {},
        {"disabled": DISABLED[::-1], "gender": GENDER[1::-1]},
        {"gender": "Gender"},
    )

    assert [(t.category, t.label) for t in tables] == [
        ("disabled", "disabled"),  # no label given, so its own name
        ("gender", "Gender"),
    ]
    assert [[row.group for row in t.rows] for t in tables] == [["no", "yes"], ["man", "woman"]]


# --- the biggest gaps by hand ------------------------------------------------


def gender_and_disability():
    return compare(
        {
            ("gender", "woman"): 7,
            ("gender", "man"): 18,
            ("disabled", "yes"): 6,
            ("disabled", "no"): 19,
        },
        {"gender": 25, "disabled": 25},
        {
            ("gender", "woman"): D("51.0"),
            ("gender", "man"): D("49.0"),
            ("disabled", "yes"): D("22.4"),
            ("disabled", "no"): D("77.6"),
        },
        {"gender": GENDER[:2], "disabled": DISABLED},
        LABELS,
    )


def test_it_names_the_biggest_gaps_in_words():
    # Women 28.0 - 51.0 = -23.0, men 72.0 - 49.0 = 23.0: a tie, women listed first.
    # Disabled 6 / 25 = 24.0, 24.0 - 22.4 = 1.6: too small to name.
    assert biggest_gaps(gender_and_disability()) == [
        Gap("gender", "woman", "Women: 28% of participants, 51% of residents", D("23.0")),
        Gap("gender", "man", "Men: 72% of participants, 49% of residents", D("23.0")),
    ]


def test_it_rounds_the_percents_in_words_to_whole_numbers_halves_up():
    # 5 / 16 = 31.25 -> 31.3, said as 31%; 11 / 16 = 68.75 -> 68.8, said as 69%.
    # Residents 12.5 is said as 13%, 87.49 as 87%.
    table = one_table(
        "disabled", DISABLED, {"yes": 5, "no": 11}, residents={"yes": "12.5", "no": "87.49"}
    )

    assert [gap.words for gap in biggest_gaps([table])] == [
        "Disabled people: 31% of participants, 13% of residents",  # 18.8
        "People who are not disabled: 69% of participants, 87% of residents",  # 18.7
    ]
    # 28.4 is said as 28% and 28.5 as 29%: 142 / 500 = 28.4, 285 / 1000 = 28.5.
    words = [
        biggest_gaps(
            [one_table("disabled", DISABLED, {"yes": yes, "no": no}, residents={"yes": "60"})]
        )[0].words
        for yes, no in [(142, 358), (285, 715)]
    ]
    assert words == [
        "Disabled people: 28% of participants, 60% of residents",
        "Disabled people: 29% of participants, 60% of residents",
    ]


def test_it_names_a_withheld_group_that_is_surely_under_represented():
    # 30 answered gender. Women 3, non-binary 2 and other 0 are withheld: three
    # small groups, so each surely has at most 4. 4 / 30 = 13.333...%, and
    # 51 - 13.333... = 37.666..., rounded down to 37.6 so it stays "at least".
    # Men: 25 / 30 = 83.3, 83.3 - 49.0 = 34.3. Non-binary: 13.3% is more than
    # its 0.5% of residents, so nothing is sure.
    table = one_table(
        "gender",
        GENDER[:4],
        {"woman": 3, "man": 25, "non_binary": 2, "other": 0},
        residents={"woman": "51", "man": "49", "non_binary": "0.5"},
    )

    assert withheld_groups(table) == ["woman", "non_binary", "other"]
    assert biggest_gaps([table]) == [
        Gap("gender", "woman", "Women: fewer than 5 participants, 51% of residents", D("37.6")),
        Gap("gender", "man", "Men: 83% of participants, 49% of residents", D("34.3")),
    ]


def test_it_names_a_withheld_group_when_two_withheld_have_fewer_than_five_between_them():
    # Women 3 and other 0 are withheld; 29 - 20 - 6 = 3 are between them, so
    # both surely have fewer than 5. 4 / 29 = 13.793...; 51 - 13.793... = 37.206... -> 37.2.
    table = one_table(
        "gender",
        GENDER[:4],
        {"woman": 3, "man": 20, "non_binary": 6, "other": 0},
        residents={"woman": "51"},
    )

    assert biggest_gaps([table]) == [
        Gap("gender", "woman", "Women: fewer than 5 participants, 51% of residents", D("37.2"))
    ]


def test_it_does_not_name_a_withheld_group_that_may_be_protecting_another():
    # Women 3 and other 6 are withheld (other only to protect women). From the
    # table, either could be the one with 5 or more (35 - 20 - 6 = 9 between
    # them), so saying "women: fewer than 5" would give the protection away.
    table = one_table(
        "gender",
        GENDER[:4],
        {"woman": 3, "man": 20, "non_binary": 6, "other": 6},
        residents={"woman": "51", "other": "51"},
    )

    assert withheld_groups(table) == ["woman", "other"]
    assert biggest_gaps([table]) == []
    # The same when the two happen to be both small: the table cannot tell.
    both_small = one_table(
        "gender",
        GENDER[:4],
        {"woman": 3, "man": 20, "non_binary": 6, "other": 2},
        residents={"woman": "51"},
    )
    assert biggest_gaps([both_small]) == []


def test_it_names_a_withheld_lived_experience_group():
    # No second group is withheld here, so drugs surely has at most 4 of 40:
    # 10.0%, and 25.55 - 10 = 15.55 -> 15.5 (rounded down).
    table = one_table(
        "experience",
        EXPERIENCE,
        {"drugs": 3, "alcohol": 10, "carer": 12},
        40,
        residents={"drugs": "25.55", "alcohol": "25", "carer": "30"},
    )

    assert biggest_gaps([table]) == [
        Gap(
            "experience",
            "drugs",
            "People who used drugs: fewer than 5 participants, 26% of residents",
            D("15.5"),
        )
    ]  # alcohol 25.0 - 25 = 0.0; carers 30.0 - 30 = 0.0


def test_it_never_says_a_withheld_group_is_over_represented():
    # At most 4 of 25 is 16%: more than 10% of residents, so it could be either way.
    table = one_table(
        "experience", EXPERIENCE[:2], {"drugs": 0, "alcohol": 25}, 25, residents={"drugs": "10"}
    )

    assert biggest_gaps([table]) == []


def test_it_names_gaps_of_five_points_or_more_only():
    # 5 / 10 = 50.0: 50.0 - 55.0 = -5.0 is named; 50.0 - 45.1 = 4.9 is not.
    table = one_table(
        "disabled", DISABLED, {"yes": 5, "no": 5}, residents={"yes": "55", "no": "45.1"}
    )

    assert [(g.group, g.size) for g in biggest_gaps([table])] == [("yes", D("5.0"))]


def test_it_leaves_out_prefer_not_to_say_missing_residents_and_withheld_categories():
    tables = compare(
        {
            ("gender", "woman"): 10,
            ("gender", "man"): 10,
            ("gender", PREFER_NOT): 30,
            ("disabled", "yes"): 1,
            ("disabled", "no"): 2,
        },
        {"gender": 20, "disabled": 3},
        {
            ("gender", PREFER_NOT): D("0"),
            ("gender", "man"): D("50"),
            ("disabled", "yes"): D("90"),
        },
        {"gender": [GENDER[0], GENDER[4], GENDER[1]], "disabled": DISABLED},
        LABELS,
    )
    # Women are 50.0% but have no resident percent; men are 50.0 against 50,
    # no gap; prefer not to say is never compared; disability is withheld
    # whole (3 answered).
    assert tables[0].rows[1].participants == 30
    assert tables[1].answered_withheld
    assert biggest_gaps(tables) == []


def test_it_names_at_most_the_limit_biggest_first():
    tables = gender_and_disability() + [
        one_table(
            "age_band", [("18_24", "People aged 18 to 24")], {"18_24": 5}, 50, {"18_24": "40"}
        )
    ]
    # 18 to 24: 5 / 50 = 10.0, 10.0 - 40 = -30.0, the biggest.

    assert [(g.group, g.size) for g in biggest_gaps(tables)] == [
        ("18_24", D("30.0")),
        ("woman", D("23.0")),
        ("man", D("23.0")),
    ]
    assert [g.group for g in biggest_gaps(tables, limit=1)] == ["18_24"]
    assert biggest_gaps(tables, limit=0) == []


def test_it_breaks_ties_by_category_order_then_group_order():
    # Disability first this time: yes 10 / 20 = 50.0 against 40 and 60, so
    # both 10.0 away; then gender, women and men both 10.0 away too.
    tables = compare(
        {
            ("disabled", "yes"): 10,
            ("disabled", "no"): 10,
            ("gender", "woman"): 10,
            ("gender", "man"): 10,
        },
        {"disabled": 20, "gender": 20},
        {
            ("disabled", "yes"): D("40"),
            ("disabled", "no"): D("60"),
            ("gender", "woman"): D("60"),
            ("gender", "man"): D("40"),
        },
        {"disabled": DISABLED[::-1], "gender": GENDER[:2]},
        LABELS,
    )

    assert [(g.category, g.group) for g in biggest_gaps(tables, limit=4)] == [
        ("disabled", "no"),
        ("disabled", "yes"),
        ("gender", "woman"),
        ("gender", "man"),
    ]


# --- properties --------------------------------------------------------------

CATEGORIES = ["age_band", "gender", "ethnic_group", "disabled", "experience"]


@st.composite
def surveys(draw):
    """Random counts for some categories, consistent with the number who answered."""
    categories = draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=5, unique=True))
    counts, answered, population, groups = {}, {}, {}, {}
    for category in categories:
        names = [f"g{i}" for i in range(draw(st.integers(1, 6)))]
        if draw(st.booleans()):
            names.insert(draw(st.integers(0, len(names))), PREFER_NOT)
        groups[category] = [(name, name.upper()) for name in names]
        small_or_not = st.one_of(st.integers(0, 7), st.integers(0, 40))
        if category == "experience":
            answered[category] = draw(st.integers(0, 60))
            people = {name: draw(st.integers(0, answered[category])) for name in names}
        else:
            people = {name: draw(small_or_not) for name in names}
            answered[category] = sum(n for name, n in people.items() if name != PREFER_NOT)
        people[PREFER_NOT] = draw(small_or_not)
        for name in names:
            counts[(category, name)] = people[name]
            if draw(st.booleans()):
                population[(category, name)] = draw(
                    st.decimals(0, 100, places=2, allow_nan=False, allow_infinity=False)
                )
    return counts, answered, population, groups


@given(surveys())
def test_no_count_under_five_is_ever_shown(survey):
    counts, *_ = survey
    for table in compare(*survey, LABELS):
        for row in table.rows:
            if row.participants is not None:
                assert row.participants >= 5
                assert row.participants == counts[(table.category, row.group)]
            assert row.withheld == (row.participants is None)
            if row.withheld:
                assert row.participant_percent is None and row.gap is None


@given(surveys())
def test_one_group_alone_is_never_withheld_where_it_could_be_worked_out(survey):
    for table in compare(*survey, LABELS):
        compared = [row for row in table.rows if row.group != PREFER_NOT]
        if table.category == "experience" or table.answered < 5 or len(compared) < 2:
            continue
        assert sum(row.withheld for row in compared) != 1


@given(surveys())
def test_shown_percents_are_never_over_100_and_within_a_twentieth(survey):
    for table in compare(*survey, LABELS):
        for row in table.rows:
            if row.participant_percent is None:
                continue
            assert D(0) <= row.participant_percent <= D(100)
            exact = Fraction(100 * row.participants, table.answered)
            assert abs(Fraction(row.participant_percent) - exact) <= Fraction(1, 20)


@given(surveys(), st.integers(0, 6))
def test_every_gap_named_is_true_of_the_real_counts(survey, limit):
    counts, answered, population, _ = survey
    gaps = biggest_gaps(compare(*survey, LABELS), limit)

    assert len(gaps) <= limit
    assert [g.size for g in gaps] == sorted((g.size for g in gaps), reverse=True)
    for gap in gaps:
        assert gap.size >= 5
        assert gap.group != PREFER_NOT
        if "fewer than 5" in gap.words:
            real = counts[(gap.category, gap.group)]
            assert real < 5
            # The real share is below the residents' by at least the size named.
            exact = Fraction(100 * real, answered[gap.category])
            assert Fraction(population[(gap.category, gap.group)]) - exact >= Fraction(gap.size)


# --- errors ------------------------------------------------------------------


def test_it_refuses_counts_that_do_not_fit_the_number_who_answered():
    assert (
        message(ValueError, one_table, "gender", GENDER[:2], {"woman": 7, "man": 18}, 20)
        == "The gender groups add up to 25, more than the 20 who answered gender."
    )
    assert (
        message(ValueError, one_table, "experience", EXPERIENCE, {"drugs": 21}, 20)
        == "The count for experience drugs (21) is more than the 20 who answered experience."
    )
    assert (
        message(ValueError, one_table, "disabled", DISABLED, {"yes": -1}, 5)
        == "The count for disabled yes cannot be negative, not -1."
    )
    assert (
        message(ValueError, one_table, "disabled", DISABLED, {}, -1)
        == "The number who answered disabled cannot be negative, not -1."
    )


def test_it_refuses_a_negative_limit():
    assert (
        message(ValueError, biggest_gaps, [], -1)
        == "The most gaps to name cannot be negative, not -1."
    )
