"""Suggested budget-pooling groups: worked examples, and rules that always hold.

withus.pooling.matching is plain Python (no database), so none of these tests
touch one.
"""

import random
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from withus.pooling.matching import Holder, SuggestedGroup, normalise_interest, suggest_groups


def _people(start: int, count: int, interests, locality: str) -> list[Holder]:
    return [Holder(i, frozenset(interests), locality) for i in range(start, start + count)]


def _check(groups, holders, *, neighbours=None, exclude_ids=(), min_size=3, max_size=8):
    """Every rule a list of suggestions must keep, whatever the input."""
    by_id = {h.id: h for h in holders}
    near: dict[str, set[str]] = {}
    for place, nexts in (neighbours or {}).items():
        for other in nexts:
            near.setdefault(place, set()).add(other)
            near.setdefault(other, set()).add(place)
    seen: set[int] = set()
    for group in groups:
        assert isinstance(group, SuggestedGroup)
        assert min_size <= len(group.member_ids) <= max_size
        assert group.member_ids == tuple(sorted(group.member_ids))
        assert seen.isdisjoint(group.member_ids), "someone is in two groups"
        seen.update(group.member_ids)
        assert not set(group.member_ids) & set(exclude_ids)
        assert group.shared_interests, "a group always shares an interest"
        assert group.shared_interests == tuple(sorted(group.shared_interests))
        members = [by_id[i] for i in group.member_ids]
        for member in members:
            mine = {normalise_interest(x) for x in member.interests}
            assert set(group.shared_interests) <= mine
            assert member.locality in group.localities
        assert set(group.localities) == {m.locality for m in members}
        # One member's locality is the same as, or next to, everyone else's.
        assert any(
            set(group.localities) <= {anchor} | near.get(anchor, set())
            for anchor in group.localities
        )
        likes, where = group.reasons
        assert likes.startswith(f"All {len(group.member_ids)} people like ")
        for interest in group.shared_interests:
            assert interest in likes
        for place in group.localities:
            assert place in where
    ranks = [(-len(g.shared_interests), -len(g.member_ids)) for g in groups]
    assert ranks == sorted(ranks), "most shared interests first, then biggest"
    return seen


def _nobody_left_who_could_be_grouped(groups, holders, *, neighbours, exclude_ids, min_size):
    """No interest has min_size unplaced people living in or next to one of their localities."""
    placed = {i for g in groups for i in g.member_ids}
    near: dict[str, set[str]] = {}
    for place, nexts in (neighbours or {}).items():
        for other in nexts:
            near.setdefault(place, set()).add(other)
            near.setdefault(other, set()).add(place)
    left = [h for h in holders if h.id not in placed and h.id not in set(exclude_ids)]
    for anchor in {h.locality for h in left}:
        area = {anchor} | near.get(anchor, set())
        liked: dict[str, int] = {}
        anchored: set[str] = set()
        for h in left:
            if h.locality in area:
                for interest in {normalise_interest(x) for x in h.interests} - {""}:
                    liked[interest] = liked.get(interest, 0) + 1
                    if h.locality == anchor:
                        anchored.add(interest)
        for interest in anchored:
            assert liked[interest] < min_size, (interest, anchor)


# Worked examples


def test_it_groups_four_swimmers_together_and_leaves_two_far_away_out():
    holders = _people(1, 4, {"swimming"}, "NV1") + _people(5, 2, {"swimming"}, "NV9")
    groups = suggest_groups(holders, neighbours={"NV1": frozenset({"NV2"})})
    assert groups == [
        SuggestedGroup(
            member_ids=(1, 2, 3, 4),
            shared_interests=("swimming",),
            localities=("NV1",),
            reasons=("All 4 people like swimming.", "They all live in NV1."),
        )
    ]


def test_it_ranks_people_sharing_more_interests_first():
    holders = _people(1, 3, {"swimming"}, "NV5") + _people(4, 3, {"swimming", "cooking"}, "NV1")
    groups = suggest_groups(holders)
    assert [g.member_ids for g in groups] == [(4, 5, 6), (1, 2, 3)]
    assert groups[0].shared_interests == ("cooking", "swimming")
    assert groups[0].reasons[0] == "All 3 people like cooking and swimming."
    assert groups[1].shared_interests == ("swimming",)


def test_it_puts_people_sharing_more_interests_together_before_bigger_groups():
    # All six swim in NV1, but three also cook: they go together, not 1..6 as one group.
    holders = _people(1, 3, {"swimming"}, "NV1") + _people(4, 3, {"swimming", "cooking"}, "NV1")
    groups = suggest_groups(holders)
    assert [(g.member_ids, g.shared_interests) for g in groups] == [
        ((4, 5, 6), ("cooking", "swimming")),
        ((1, 2, 3), ("swimming",)),
    ]


def test_it_splits_ten_gardeners_into_two_groups_of_five():
    groups = suggest_groups(_people(1, 10, {"gardening"}, "NV1"))
    assert [g.member_ids for g in groups] == [(1, 2, 3, 4, 5), (6, 7, 8, 9, 10)]
    assert groups[0].reasons[0] == "All 5 people like gardening."


def test_it_splits_eighteen_into_balanced_groups_of_six():
    groups = suggest_groups(_people(1, 18, {"music"}, "NV1"))
    assert [len(g.member_ids) for g in groups] == [6, 6, 6]
    assert sorted(i for g in groups for i in g.member_ids) == list(range(1, 19))


def test_it_makes_one_group_of_eight_and_no_more():
    groups = suggest_groups(_people(1, 8, {"music"}, "NV1"))
    assert [g.member_ids for g in groups] == [tuple(range(1, 9))]


def test_it_suggests_no_group_for_two_people():
    assert suggest_groups(_people(1, 2, {"football"}, "NV1")) == []
    assert suggest_groups([]) == []


def test_it_never_groups_people_with_no_interests():
    holders = _people(1, 5, set(), "NV1") + _people(6, 2, {"  ", ""}, "NV1")
    assert suggest_groups(holders) == []
    holders += _people(8, 2, {"art"}, "NV1")
    assert suggest_groups(holders) == []


def test_it_never_groups_people_with_no_locality():
    assert suggest_groups(_people(1, 3, {"art"}, " ")) == []


def test_it_normalises_interests():
    holders = [
        Holder(1, frozenset({"Going to the Pub"}), "NV1"),
        Holder(2, frozenset({"  going  to the pub "}), "NV1"),
        Holder(3, frozenset({"GOING TO THE PUB", "Gym"}), "NV1"),
    ]
    [group] = suggest_groups(holders)
    assert group.shared_interests == ("going to the pub",)
    assert group.reasons[0] == "All 3 people like going to the pub."


def test_it_groups_neighbours_only_when_told_they_are_neighbours():
    holders = _people(1, 2, {"walking"}, "NV1") + _people(3, 1, {"walking"}, "NV2")
    assert suggest_groups(holders) == []
    for neighbours in ({"NV1": {"NV2"}}, {"NV2": frozenset({"NV1"})}):  # either way round
        [group] = suggest_groups(holders, neighbours=neighbours)
        assert group.member_ids == (1, 2, 3)
        assert group.localities == ("NV1", "NV2")
        assert group.reasons[1] in (
            "They all live in NV1 or next to it (NV2).",
            "They all live in NV2 or next to it (NV1).",
        )


def test_it_does_not_treat_a_neighbours_neighbour_as_near():
    # NV1 - NV2 - NV3 in a row; nobody lives in NV2, so NV1 and NV3 are too far apart.
    neighbours = {"NV1": {"NV2"}, "NV2": {"NV3"}}
    holders = _people(1, 2, {"art"}, "NV1") + _people(3, 2, {"art"}, "NV3")
    assert suggest_groups(holders, neighbours=neighbours) == []
    # Someone in NV2 joins: everyone lives in NV2 or next to it.
    [group] = suggest_groups(holders + _people(5, 1, {"art"}, "NV2"), neighbours=neighbours)
    assert group.member_ids == (1, 2, 3, 4, 5)
    assert group.reasons[1] == "They all live in NV2 or next to it (NV1, NV3)."


def test_it_takes_the_anchor_localitys_people_first_when_splitting():
    neighbours = {"NV1": {"NV2"}}
    holders = _people(1, 5, {"art"}, "NV2") + _people(6, 5, {"art"}, "NV1")
    groups = suggest_groups(holders, neighbours=neighbours)
    assert {g.member_ids for g in groups} == {(1, 2, 3, 4, 5), (6, 7, 8, 9, 10)}
    assert all(len(g.localities) == 1 for g in groups)


def test_it_leaves_out_excluded_people():
    holders = _people(1, 4, {"cinema"}, "NV1")
    [group] = suggest_groups(holders, exclude_ids={2})
    assert group.member_ids == (1, 3, 4)
    assert suggest_groups(holders, exclude_ids={1, 2}) == []


def test_it_respects_other_sizes():
    holders = _people(1, 7, {"chess"}, "NV1")
    assert [len(g.member_ids) for g in suggest_groups(holders, min_size=2, max_size=3)] == [3, 2, 2]
    # 7 cannot be split into groups of 5 or 6: one group of 6, one person left.
    assert [g.member_ids for g in suggest_groups(holders, min_size=5, max_size=6)] == [
        (1, 2, 3, 4, 5, 6)
    ]


@pytest.mark.parametrize(("min_size", "max_size"), [(1, 8), (4, 3), (0, 0)])
def test_it_refuses_impossible_sizes(min_size, max_size):
    with pytest.raises(ValueError, match="min_size"):
        suggest_groups([], min_size=min_size, max_size=max_size)


def test_it_refuses_the_same_id_twice():
    with pytest.raises(ValueError, match="more than once"):
        suggest_groups(_people(1, 3, {"art"}, "NV1") + _people(1, 1, {"gym"}, "NV2"))


def test_it_puts_nobody_in_two_groups_when_they_share_several_interests():
    holders = (
        _people(1, 4, {"swimming", "music"}, "NV1")
        + _people(5, 4, {"music", "gym"}, "NV1")
        + _people(9, 4, {"gym", "swimming"}, "NV1")
    )
    groups = suggest_groups(holders)
    placed = _check(groups, holders)
    assert placed == set(range(1, 13))
    assert [(g.member_ids, g.shared_interests) for g in groups] == [
        ((5, 6, 7, 8), ("gym", "music")),
        ((9, 10, 11, 12), ("gym", "swimming")),
        ((1, 2, 3, 4), ("music", "swimming")),
    ]


def _mixed_town(seed: int) -> tuple[list[Holder], dict[str, frozenset[str]]]:
    rng = random.Random(seed)
    places = [f"NV{n}" for n in range(1, 10)]
    neighbours = {places[n]: frozenset({places[n + 1]}) for n in range(len(places) - 1)}
    interests = ["swimming", "gardening", "music", "cooking", "football", "art", "gym"]
    holders = [
        Holder(i, frozenset(rng.sample(interests, rng.randint(0, 3))), rng.choice(places))
        for i in range(1, 301)
    ]
    return holders, neighbours


def test_it_gives_the_same_answer_for_the_same_people_in_any_order():
    holders, neighbours = _mixed_town(7)
    first = suggest_groups(holders, neighbours=neighbours, exclude_ids={5, 6})
    assert first == suggest_groups(holders, neighbours=neighbours, exclude_ids={5, 6})
    shuffled = holders[:]
    random.Random(1).shuffle(shuffled)
    assert first == suggest_groups(shuffled, neighbours=neighbours, exclude_ids={6, 5})
    _check(first, holders, neighbours=neighbours, exclude_ids={5, 6})
    _nobody_left_who_could_be_grouped(
        first, holders, neighbours=neighbours, exclude_ids={5, 6}, min_size=3
    )
    assert len(first) > 20


# Properties on random input

_PLACES = ["NV1", "NV2", "NV3", "NV4", "NV5"]
_INTERESTS = ["swimming", "Swimming ", "music", "cooking", "art", "gym", "going to the pub", ""]

_holder_lists = st.lists(
    st.tuples(st.frozensets(st.sampled_from(_INTERESTS), max_size=4), st.sampled_from(_PLACES)),
    max_size=60,
).map(lambda rows: [Holder(i, interests, place) for i, (interests, place) in enumerate(rows, 1)])
_neighbour_maps = st.lists(st.tuples(st.sampled_from(_PLACES), st.sampled_from(_PLACES))).map(
    lambda pairs: {a: frozenset(b for x, b in pairs if x == a) for a, _ in pairs}
)
_sizes = st.tuples(st.integers(2, 6), st.integers(0, 4)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=200, deadline=None)
@given(
    holders=_holder_lists,
    neighbours=_neighbour_maps,
    sizes=_sizes,
    exclude=st.sets(st.integers(1, 60), max_size=10),
    seed=st.integers(0, 1000),
)
def test_it_always_keeps_the_rules(holders, neighbours, sizes, exclude, seed):
    min_size, max_size = sizes
    kwargs = {
        "neighbours": neighbours,
        "exclude_ids": exclude,
        "min_size": min_size,
        "max_size": max_size,
    }
    groups = suggest_groups(holders, **kwargs)
    _check(groups, holders, **kwargs)
    _nobody_left_who_could_be_grouped(
        groups, holders, neighbours=neighbours, exclude_ids=exclude, min_size=min_size
    )
    shuffled = holders[:]
    random.Random(seed).shuffle(shuffled)
    assert suggest_groups(shuffled, **kwargs) == groups


@settings(max_examples=100, deadline=None)
@given(holders=_holder_lists)
def test_it_leaves_out_nobody_who_has_two_more_like_them_in_the_same_place(holders):
    # Anyone left out shares no interest with two other unplaced people in the same place.
    groups = suggest_groups(holders)
    placed = {i for g in groups for i in g.member_ids}
    left = [h for h in holders if h.id not in placed]
    for a, b, c in combinations(left, 3):
        if a.locality == b.locality == c.locality:
            common = {normalise_interest(x) for x in a.interests}
            common &= {normalise_interest(x) for x in b.interests}
            common &= {normalise_interest(x) for x in c.interests}
            assert not common - {""}
