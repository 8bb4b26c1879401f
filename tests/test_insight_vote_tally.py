"""Counting dot votes: exact totals, a stated tie rule and shared places.

withus.insight.tally is plain Python, so none of these tests touch a database.
Every expected figure below is worked out by hand in the comments.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from withus.insight.tally import BallotLine, ThemeResult, check_ballot, tally


def _lines(ballots: dict[int, dict[int, int]]) -> list[BallotLine]:
    return [
        BallotLine(ballot_id=b, theme_id=t, dots=d)
        for b, votes in ballots.items()
        for t, d in votes.items()
    ]


def _table(results: list[ThemeResult]) -> list[tuple[int, int, int, int, int]]:
    return [(r.theme_id, r.dots, r.supporters, r.statements, r.rank) for r in results]


# ------------------------------------------------------------------ tally


def test_it_counts_three_ballots_exactly():
    # Themes 1..4 with 6, 2, 3 and 1 statements.
    # Ballot 100: theme 1 gets 3, theme 2 gets 2          (5 dots)
    # Ballot 101: theme 1 gets 1, theme 3 gets 4          (5 dots)
    # Ballot 102: theme 1 gets 2, theme 3 gets 2, theme 4 gets 1 (5 dots)
    # Theme 1: 3 + 1 + 2 = 6 dots from 3 ballots
    # Theme 3: 4 + 2     = 6 dots from 2 ballots  -> after theme 1 (fewer supporters), joint 1st
    # Theme 2: 2         = 2 dots from 1 ballot   -> 3rd
    # Theme 4: 1         = 1 dot  from 1 ballot   -> 4th
    lines = _lines({100: {1: 3, 2: 2}, 101: {1: 1, 3: 4}, 102: {1: 2, 3: 2, 4: 1}})
    results = tally(lines, {1: 6, 2: 2, 3: 3, 4: 1})
    assert _table(results) == [
        # theme, dots, supporters, statements, rank
        (1, 6, 3, 6, 1),
        (3, 6, 2, 3, 1),
        (2, 2, 1, 2, 3),
        (4, 1, 1, 1, 4),
    ]
    assert sum(r.dots for r in results) == 15  # 3 ballots x 5 dots


def test_it_puts_more_dots_first_whatever_the_other_counts():
    # Theme 1 has 1 dot from 1 ballot but 50 statements; theme 2 has 2 dots
    # from 1 ballot and 1 statement. Dots decide first: theme 2 is 1st.
    results = tally(_lines({1: {1: 1}, 2: {2: 2}}), {1: 50, 2: 1})
    assert _table(results) == [(2, 2, 1, 1, 1), (1, 1, 1, 50, 2)]


def test_it_breaks_a_tie_on_dots_by_more_supporters():
    # Theme 1: 4 dots, all from ballot 1 -> 1 supporter.
    # Theme 2: 2 + 2 = 4 dots from ballots 2 and 3 -> 2 supporters.
    # Equal dots, so theme 2 (more supporters) is listed first even though
    # theme 1 has more statements and a lower id. Both share 1st place.
    results = tally(_lines({1: {1: 4}, 2: {2: 2}, 3: {2: 2}}), {1: 9, 2: 1})
    assert _table(results) == [(2, 4, 2, 1, 1), (1, 4, 1, 9, 1)]


def test_it_breaks_a_tie_on_supporters_by_more_statements():
    # Theme 1: 3 dots from ballot 1; theme 2: 3 dots from ballot 2.
    # Equal dots, 1 supporter each. Theme 2 has 5 statements, theme 1 has 2,
    # so theme 2 comes first although its id is higher.
    results = tally(_lines({1: {1: 3}, 2: {2: 3}}), {1: 2, 2: 5})
    assert _table(results) == [(2, 3, 1, 5, 1), (1, 3, 1, 2, 1)]


def test_it_breaks_a_full_tie_by_the_theme_made_first():
    # Themes 7 and 3: 2 dots each, 1 supporter each, 4 statements each.
    # Everything equal, so the lower id (made first) comes first: 3, then 7.
    results = tally(_lines({1: {7: 2}, 2: {3: 2}}), {7: 4, 3: 4})
    assert [r.theme_id for r in results] == [3, 7]
    assert [r.rank for r in results] == [1, 1]


def test_it_gives_joint_places_and_skips_the_next_place():
    # Dots: theme 1 = 9, theme 2 = 5, theme 3 = 5, theme 4 = 2.
    # Themes 2 and 3 are joint 2nd, so the next place is 4th, not 3rd.
    ballots = {1: {1: 5}, 2: {1: 4, 2: 1}, 3: {2: 4}, 4: {3: 5}, 5: {4: 2}}
    results = tally(_lines(ballots), {1: 1, 2: 1, 3: 1, 4: 1})
    # Theme 2 has 2 supporters (ballots 2 and 3), theme 3 has 1: theme 2 first.
    assert [(r.theme_id, r.dots, r.rank) for r in results] == [
        (1, 9, 1),
        (2, 5, 2),
        (3, 5, 2),
        (4, 2, 4),
    ]


def test_it_lists_themes_nobody_voted_for_with_zero_and_a_shared_last_place():
    # Theme 1 gets 3 dots. Themes 2 and 3 get none: 0 dots, 0 supporters,
    # joint 2nd, theme 3 first because it has more statements (4 against 1).
    results = tally(_lines({1: {1: 3}}), {1: 1, 2: 1, 3: 4})
    assert _table(results) == [(1, 3, 1, 1, 1), (3, 0, 0, 4, 2), (2, 0, 0, 1, 2)]


def test_it_does_not_count_a_line_of_zero_dots_as_support():
    # Ballot 1 puts 0 on theme 2, ballot 2 puts 2 on theme 2: 1 supporter, not 2.
    results = tally(_lines({1: {1: 2, 2: 0}, 2: {2: 2}}), {1: 1, 2: 1})
    by_theme = {r.theme_id: r for r in results}
    assert by_theme[2].supporters == 1
    assert by_theme[1].supporters == 1


def test_it_returns_nothing_when_there_are_no_themes():
    assert tally([], {}) == []


def test_it_refuses_a_vote_for_a_theme_it_was_not_given():
    with pytest.raises(ValueError, match="unknown theme 9"):
        tally([BallotLine(ballot_id=1, theme_id=9, dots=1)], {1: 1})


def test_it_refuses_negative_dots():
    with pytest.raises(ValueError, match="negative"):
        tally([BallotLine(ballot_id=1, theme_id=1, dots=-1)], {1: 1})


# ------------------------------------------------------------ check_ballot


def test_it_accepts_a_ballot_that_uses_every_vote():
    assert check_ballot({1: 3, 2: 2}, 5) == []


def test_it_accepts_a_ballot_that_uses_fewer_votes_than_allowed():
    assert check_ballot({1: 1, 2: 0}, 5) == []


def test_it_says_how_many_votes_were_used_when_over_the_allowance():
    # 3 + 3 = 6 against an allowance of 5.
    assert check_ballot({1: 3, 2: 3}, 5) == ["You have 5 votes. You used 6."]


def test_it_asks_for_at_least_one_vote():
    assert check_ballot({}, 5) == ["Give at least 1 vote to a theme."]
    assert check_ballot({1: 0, 2: 0}, 5) == ["Give at least 1 vote to a theme."]


def test_it_refuses_negative_votes_without_letting_them_pay_for_others():
    # -2 + 7 would be 5, but negatives are not subtracted: 7 counts, over 5.
    assert check_ballot({1: -2, 2: 7}, 5) == [
        "A theme cannot have fewer than 0 votes.",
        "You have 5 votes. You used 7.",
    ]
    # Only a negative line: one message, not also "give at least 1 vote".
    assert check_ballot({1: -1}, 5) == ["A theme cannot have fewer than 0 votes."]


# -------------------------------------------------------------- properties

ballot_maps = st.dictionaries(
    st.integers(1, 8),  # theme
    st.integers(0, 6),  # dots
    max_size=8,
)
elections = st.tuples(
    st.dictionaries(st.integers(1, 8), st.integers(0, 20), min_size=8, max_size=8),
    st.dictionaries(st.integers(1, 40), ballot_maps, max_size=25),
)


def _from(statements, ballots):
    statements = {t: statements.get(t, 0) for t in range(1, 9)}
    return statements, _lines(ballots)


@settings(max_examples=200, deadline=None)
@given(elections)
def test_it_conserves_every_dot_cast(election):
    statements, lines = _from(*election)
    results = tally(lines, statements)
    assert sum(r.dots for r in results) == sum(line.dots for line in lines)
    assert {r.theme_id for r in results} == set(statements)


@settings(max_examples=200, deadline=None)
@given(elections)
def test_it_ranks_by_dots_with_places_that_never_go_down(election):
    statements, lines = _from(*election)
    results = tally(lines, statements)
    ranks = [r.rank for r in results]
    assert ranks == sorted(ranks)
    assert ranks[0] == 1
    assert [r.dots for r in results] == sorted((r.dots for r in results), reverse=True)
    for r in results:
        # A place is 1 + the number of themes with strictly more dots.
        assert r.rank == 1 + sum(1 for other in results if other.dots > r.dots)
        assert r.supporters <= len({line.ballot_id for line in lines})


@settings(max_examples=200, deadline=None)
@given(elections, st.randoms(use_true_random=False))
def test_it_gives_the_same_result_whatever_order_the_lines_come_in(election, rnd):
    statements, lines = _from(*election)
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    themes = list(statements.items())
    rnd.shuffle(themes)
    assert tally(shuffled, dict(themes)) == tally(lines, statements)


@settings(max_examples=200, deadline=None)
@given(ballot_maps, st.integers(1, 20))
def test_it_finds_a_ballot_fine_exactly_when_it_uses_between_1_and_the_allowance(votes, allowance):
    used = sum(votes.values())
    assert (check_ballot(votes, allowance) == []) == (1 <= used <= allowance)
