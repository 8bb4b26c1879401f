"""Suggest small groups of people who could pool their personal budgets.

A facilitator sees these as *suggestions*, each with the reasons it was made,
and decides with the people themselves. Only people who have agreed to be
matched should be passed in. Groups are formed from what people enjoy (their
interests) and where they live, never from health or diagnosis: a ``Holder``
has no field for anything else. This module has no Django imports, so it can be
tested and timed on its own.

Rules:

1. Interests are normalised: spaces trimmed and collapsed, lower case
   ("  Going to the  Pub" is "going to the pub"). A person with no interests,
   no locality, or whose id is in ``exclude_ids`` is never put in a group.
2. ``neighbours`` is read both ways: if NV1 lists NV2, NV2 is next to NV1.
   It is not followed further: next to a neighbour is not near.
3. A group is anchored on one locality where at least one member lives; every
   member lives there or next to it. So everyone in a group lives in the same
   place as, or next door to, that member.
4. Candidates are every combination of up to ``MAX_INTEREST_COMBINATION``
   interests that someone has, for every locality. The best candidate is taken
   first: more shared interests first, then the bigger group, then by interest
   names and locality (alphabetical), so the result never depends on the input
   order or on chance.
5. A candidate with more people than ``max_size`` is split into balanced groups
   (18 people, at most 8 a group, become 6 + 6 + 6). Its people are taken those
   living in the anchor locality first, then by locality and id.
6. Each person is in at most one group. Once someone is placed, the candidates
   they were in shrink and are ranked again.
7. A group's shared interests are all those every member has (so they can be
   more than the candidate's). The groups come back most shared interests
   first, then biggest first, then by interests and ids.

When nothing more can be formed, no interest has ``min_size`` unplaced people
who like it living in, or next to, a locality where one of them lives.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

# Combinations of at most this many interests are searched for. A group that
# shares more still lists all of them; it is only ranked as if it shared this many.
MAX_INTEREST_COMBINATION = 3


@dataclass(frozen=True)
class Holder:
    """Someone with a personal budget who has agreed to be matched."""

    id: int
    interests: frozenset[str]
    locality: str


@dataclass(frozen=True)
class SuggestedGroup:
    """A suggested group, with the reasons in plain English."""

    member_ids: tuple[int, ...]
    shared_interests: tuple[str, ...]
    localities: tuple[str, ...]
    reasons: tuple[str, ...]


def normalise_interest(interest: str) -> str:
    """``"  Going to the  PUB "`` -> ``"going to the pub"``."""
    return " ".join(interest.split()).casefold()


def suggest_groups(
    holders: Sequence[Holder],
    *,
    neighbours: Mapping[str, Iterable[str]] | None = None,
    min_size: int = 3,
    max_size: int = 8,
    exclude_ids: Iterable[int] = frozenset(),
) -> list[SuggestedGroup]:
    """Suggest groups of ``min_size``..``max_size`` people; see the module docstring."""
    if min_size < 2 or max_size < min_size:
        raise ValueError(f"need 2 <= min_size <= max_size, got {min_size} and {max_size}")
    seen_ids: set[int] = set()
    for holder in holders:
        if holder.id in seen_ids:
            raise ValueError(f"holder id {holder.id} appears more than once")
        seen_ids.add(holder.id)

    excluded = set(exclude_ids)
    interests_of: dict[int, frozenset[str]] = {}
    locality_of: dict[int, str] = {}
    for holder in sorted(holders, key=lambda h: h.id):
        if holder.id in excluded:
            continue
        interests = frozenset(filter(None, map(normalise_interest, holder.interests)))
        locality = holder.locality.strip()
        if interests and locality:
            interests_of[holder.id] = interests
            locality_of[holder.id] = locality

    # The anchor locality first, then its neighbours in name order.
    near: dict[str, set[str]] = {}
    for place, nexts in (neighbours or {}).items():
        for other in nexts:
            near.setdefault(place.strip(), set()).add(other.strip())
            near.setdefault(other.strip(), set()).add(place.strip())
    area: dict[str, tuple[str, ...]] = {
        place: (place, *sorted(near.get(place, set()) - {place}))
        for place in set(locality_of.values())
    }

    # people[combo][locality]: ids (ascending) of everyone with all of combo
    # living in locality; count[combo][locality]: how many are still unplaced.
    people: dict[tuple[str, ...], dict[str, list[int]]] = {}
    combos_of: dict[int, list[tuple[str, ...]]] = {}
    for holder_id, interests in interests_of.items():
        ordered = sorted(interests)
        locality = locality_of[holder_id]
        mine = [
            combo
            for k in range(1, min(len(ordered), MAX_INTEREST_COMBINATION) + 1)
            for combo in combinations(ordered, k)
        ]
        combos_of[holder_id] = mine
        for combo in mine:
            by_place = people.get(combo)
            if by_place is None:
                people[combo] = {locality: [holder_id]}
            elif locality in by_place:
                by_place[locality].append(holder_id)
            else:
                by_place[locality] = [holder_id]
    count = {
        combo: {p: len(ids) for p, ids in by_place.items()} for combo, by_place in people.items()
    }

    def next_size(available: int) -> int:
        if available <= max_size:
            return available
        parts = -(-available // max_size)
        if available // parts >= min_size:
            return -(-available // parts)
        return max_size

    def ranking(
        combo: tuple[str, ...], anchor: str
    ) -> tuple[int, int, tuple[str, ...], str] | None:
        counts = count[combo]
        if not counts.get(anchor):
            return None
        available = sum(counts.get(place, 0) for place in area[anchor])
        if available < min_size:
            return None
        return (-len(combo), -next_size(available), combo, anchor)

    heap = []
    for combo, counts in count.items():
        if len(counts) == 1 and next(iter(counts.values())) < min_size:
            continue  # everyone with this combination lives in one place, too few of them
        for anchor in counts:
            entry = ranking(combo, anchor)
            if entry is not None:
                heap.append(entry)
    heapq.heapify(heap)

    placed: set[int] = set()
    groups: list[SuggestedGroup] = []
    while heap:
        entry = heapq.heappop(heap)
        _, neg_size, combo, anchor = entry
        current = ranking(combo, anchor)
        if current is None:
            continue
        if current != entry:  # it shrank since it was ranked: rank it again
            heapq.heappush(heap, current)
            continue
        members: list[int] = []
        for place in area[anchor]:
            ids = people[combo].get(place)
            if ids:
                members.extend(i for i in ids if i not in placed)
        members = sorted(members[:-neg_size])
        placed.update(members)
        for member in members:
            place = locality_of[member]
            for member_combo in combos_of[member]:
                count[member_combo][place] -= 1
        groups.append(_describe(members, anchor, interests_of, locality_of))
        again = ranking(combo, anchor)
        if again is not None:
            heapq.heappush(heap, again)

    groups.sort(
        key=lambda g: (
            -len(g.shared_interests),
            -len(g.member_ids),
            g.shared_interests,
            g.member_ids,
        )
    )
    return groups


def _describe(
    members: list[int],
    anchor: str,
    interests_of: Mapping[int, frozenset[str]],
    locality_of: Mapping[int, str],
) -> SuggestedGroup:
    shared = tuple(sorted(frozenset.intersection(*(interests_of[m] for m in members))))
    localities = tuple(sorted({locality_of[m] for m in members}))
    likes = f"All {len(members)} people like {_and_list(shared)}."
    if localities == (anchor,):
        where = f"They all live in {anchor}."
    else:
        others = ", ".join(place for place in localities if place != anchor)
        where = f"They all live in {anchor} or next to it ({others})."
    return SuggestedGroup(
        member_ids=tuple(members),
        shared_interests=shared,
        localities=localities,
        reasons=(likes, where),
    )


def _and_list(words: Sequence[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]
