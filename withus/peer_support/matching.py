"""Suggest peer mentors for a person who has asked for one.

A coordinator sees these as *suggestions*, each with its reasons, and makes the
match themselves. No Django here, so the rules can be tested on their own; the
page shows the same rules.

Who can be matched
    A mentor is blocked (shown, but not offered) for the first of these that
    applies, in this order:

    1. Not active: "Not mentoring at the moment."
    2. Background check not clear: "Background check not done yet." (not
       started), "Background check result not back yet." (waiting) or
       "Background check not clear." (not clear).
    3. Check clear but run out (it ran out before today; running out today
       still counts): "Background check ran out on 3 March 2026. Renew it
       before new matches." A clear check with no date is blocked too, since a
       date is always needed.
    4. Peer mentor training not finished: "Peer mentor training not finished."
    5. No room: "Already supporting 3 people, their most." ("1 person"; a
       mentor over their most, or whose most is nobody, is told so.)

Points (worked out for everyone, blocked or not)
    - +3 for each area of lived experience the person asked for that the
      mentor shares.
    - +3 when the mentor speaks the language asked for. Languages are compared
      trimmed, with spaces collapsed, ignoring case ("  polish" is "Polish").
    - +2 when the mentor is the gender asked for.
    - +1 when the mentor is in the age group asked for.
    - +1 for each time the person is free that the mentor is free too.

    Each thing asked for gives a reason, whether it fits or not; something not
    asked for gives none. Every mentor also has a reason about their room
    ("Can take 2 more people").

Order
    Everyone who can be matched first: most points, then most room, then name
    (ignoring case), then id. Then the blocked, by name, then id. The same
    mentors always come back in the same order, whatever order they are given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from withus.core.dates import day_text as long_date

# Labels are exactly those of withus.peer_support.models.Experience, in its order.
EXPERIENCE_LABELS: dict[str, str] = {
    "drugs": "Drug use and recovery",
    "alcohol": "Alcohol use and recovery",
    "mental_health": "Mental health",
    "disability": "Living with a disability",
    "learning_disability": "Learning disability",
    "older_age": "Getting older",
    "homelessness": "Homelessness",
    "justice": "Prison or probation",
    "carer": "Caring for someone",
}

# The models' Gender labels.
GENDER_LABELS: dict[str, str] = {
    "woman": "Woman",
    "man": "Man",
    "non_binary": "Non-binary",
    "other": "Another way",
}

# The models' AgeGroup labels, worded to follow "Aged".
AGE_GROUP_WORDS: dict[str, str] = {
    "under_25": "under 25",
    "25_44": "25 to 44",
    "45_64": "45 to 64",
    "65_plus": "65 or over",
}

# The models' Availability, worded to follow "Free", in the models' order.
AVAILABILITY_WORDS: dict[str, str] = {
    "weekday_daytime": "on weekday daytimes",
    "weekday_evening": "on weekday evenings",
    "weekend": "at weekends",
}

CHECK_BLOCKS: dict[str, str] = {
    "not_started": "Background check not done yet.",
    "waiting": "Background check result not back yet.",
    "not_clear": "Background check not clear.",
}

EXPERIENCE_POINTS = 3
LANGUAGE_POINTS = 3
GENDER_POINTS = 2
AGE_GROUP_POINTS = 1
AVAILABILITY_POINTS = 1


@dataclass(frozen=True)
class MentorFacts:
    """What matching needs to know about one mentor."""

    id: int
    name: str
    experience: frozenset[str]  # Experience codes
    languages: frozenset[str]  # as typed
    availability: frozenset[str]  # Availability codes
    gender: str  # "" if not given
    age_group: str  # "" if not given
    capacity: int
    open_matches: int
    trained: bool  # finished peer mentor training
    check_status: str  # "not_started" | "waiting" | "clear" | "not_clear"
    check_expires: date | None
    active: bool


@dataclass(frozen=True)
class Wish:
    """What the person asked for in a mentor; "" or empty is no preference."""

    experience: frozenset[str]
    language: str
    gender: str
    age_group: str
    availability: frozenset[str]  # empty is any time


@dataclass(frozen=True)
class Suggestion:
    """One mentor, with points and reasons; ``blocked`` is "" when they can be matched."""

    mentor_id: int
    name: str
    points: int
    reasons: tuple[str, ...]
    blocked: str


def normalise_language(language: str) -> str:
    """``"  british  Sign language "`` -> ``"british sign language"``."""
    return " ".join(language.split()).casefold()


def suggest(wish: Wish, mentors: Iterable[MentorFacts], today: date) -> list[Suggestion]:
    """Every mentor as a suggestion for ``wish``, best first; see the module docstring."""
    seen: set[int] = set()
    matchable: list[tuple[tuple[int, int, str, str, int], Suggestion]] = []
    blocked: list[tuple[tuple[str, str, int], Suggestion]] = []
    for mentor in mentors:
        if mentor.id in seen:
            raise ValueError(f"mentor id {mentor.id} appears more than once")
        seen.add(mentor.id)
        points, reasons = _score(wish, mentor)
        why_not = blocked_because(mentor, today)
        suggestion = Suggestion(mentor.id, mentor.name, points, reasons, why_not)
        name_key = (mentor.name.casefold(), mentor.name)
        if why_not:
            blocked.append(((*name_key, mentor.id), suggestion))
        else:
            room = mentor.capacity - mentor.open_matches
            matchable.append(((-points, -room, *name_key, mentor.id), suggestion))
    matchable.sort(key=lambda pair: pair[0])
    blocked.sort(key=lambda pair: pair[0])
    return [s for _, s in matchable] + [s for _, s in blocked]


def blocked_because(mentor: MentorFacts, today: date) -> str:
    """Why ``mentor`` cannot take on someone new today, or "" if they can."""
    if not mentor.active:
        return "Not mentoring at the moment."
    if mentor.check_status != "clear":
        try:
            return CHECK_BLOCKS[mentor.check_status]
        except KeyError:
            raise ValueError(f"unknown background check status {mentor.check_status!r}") from None
    if mentor.check_expires is None:
        # The database never allows this; if it happens, nobody knows the check is current.
        return "Background check has no date it runs out. Add it before new matches."
    if mentor.check_expires < today:
        return (
            f"Background check ran out on {long_date(mentor.check_expires)}. "
            "Renew it before new matches."
        )
    if not mentor.trained:
        return "Peer mentor training not finished."
    if mentor.open_matches >= mentor.capacity:
        if mentor.capacity <= 0:
            return "Not able to support anyone at the moment (their most is 0)."
        supporting = _people(mentor.open_matches)
        if mentor.open_matches == mentor.capacity:
            return f"Already supporting {supporting}, their most."
        return f"Already supporting {supporting}, more than their most of {mentor.capacity}."
    return ""


def _score(wish: Wish, mentor: MentorFacts) -> tuple[int, tuple[str, ...]]:
    points = 0
    reasons: list[str] = []

    if wish.experience:
        shared = wish.experience & mentor.experience
        if shared:
            points += EXPERIENCE_POINTS * len(shared)
            labels = [
                EXPERIENCE_LABELS.get(code, code) for code in _in_order(shared, EXPERIENCE_LABELS)
            ]
            reasons.append("Shares lived experience: " + ", ".join(labels))
        else:
            reasons.append("Does not share the lived experience asked for")

    wanted = " ".join(wish.language.split())
    if wanted:
        spoken = {normalise_language(lang): lang.strip() for lang in mentor.languages}
        as_they_write_it = spoken.get(wanted.casefold())
        if as_they_write_it is not None:
            points += LANGUAGE_POINTS
            # Their own spelling: a wish typed "polish" still reads "Speaks Polish".
            reasons.append(f"Speaks {' '.join(as_they_write_it.split())}")
        else:
            reasons.append(f"Does not speak {wanted}")

    if wish.gender:
        if mentor.gender == wish.gender:
            points += GENDER_POINTS
            reasons.append(f"{GENDER_LABELS.get(wish.gender, wish.gender)}, as asked")
        elif not mentor.gender:
            reasons.append("Has not said their gender")
        else:
            reasons.append("Not the gender asked for")

    if wish.age_group:
        if mentor.age_group == wish.age_group:
            points += AGE_GROUP_POINTS
            reasons.append(f"Aged {AGE_GROUP_WORDS.get(wish.age_group, wish.age_group)}, as asked")
        elif not mentor.age_group:
            reasons.append("Has not said their age group")
        else:
            reasons.append("Not the age group asked for")

    if wish.availability:
        both_free = wish.availability & mentor.availability
        if both_free:
            points += AVAILABILITY_POINTS * len(both_free)
            words = [
                AVAILABILITY_WORDS.get(code, code)
                for code in _in_order(both_free, AVAILABILITY_WORDS)
            ]
            reasons.append("Free " + _and_list(words))
        else:
            reasons.append("Not free at the times asked for")

    room = mentor.capacity - mentor.open_matches
    if room > 0:
        reasons.append(f"Can take {_people(room, more=True)}")
    else:
        reasons.append("Has no room for anyone more")
    return points, tuple(reasons)


def _in_order(codes: Iterable[str], known: dict[str, str]) -> list[str]:
    """Known codes in the models' order, then any others alphabetically."""
    rank = {code: i for i, code in enumerate(known)}
    return sorted(codes, key=lambda code: (rank.get(code, len(rank)), code))


def _people(count: int, *, more: bool = False) -> str:
    extra = " more" if more else ""
    return f"{count}{extra} {'person' if count == 1 else 'people'}"


def _and_list(words: Sequence[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]
