"""Suggested peer mentors: worked examples, and rules that always hold.

withus.peer_support.matching is plain Python (no database), so none of these
tests touch one.
"""

import random
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from withus.peer_support import models
from withus.peer_support.matching import (
    AGE_GROUP_WORDS,
    AVAILABILITY_WORDS,
    EXPERIENCE_LABELS,
    GENDER_LABELS,
    MentorFacts,
    Suggestion,
    Wish,
    long_date,
    suggest,
)

TODAY = date(2026, 3, 10)
NO_WISH = Wish(frozenset(), "", "", "", frozenset())


def _mentor(id: int, name: str = "", **changes) -> MentorFacts:
    """A mentor who can be matched and shares nothing, unless told otherwise."""
    facts = MentorFacts(
        id=id,
        name=name or f"Mentor {id}",
        experience=frozenset(),
        languages=frozenset({"English"}),
        availability=frozenset(),
        gender="",
        age_group="",
        capacity=3,
        open_matches=0,
        trained=True,
        check_status="clear",
        check_expires=date(2027, 1, 1),
        active=True,
    )
    return replace(facts, **changes)


def _wish(**changes) -> Wish:
    return replace(NO_WISH, **changes)


def _only(wish: Wish, mentor: MentorFacts, today: date = TODAY) -> Suggestion:
    (suggestion,) = suggest(wish, [mentor], today)
    return suggestion


# The labels must be the models' own, so the page and the reasons agree.


def test_the_labels_are_the_models_labels():
    assert {c: str(label) for c, label in models.Experience.choices} == EXPERIENCE_LABELS
    assert list(EXPERIENCE_LABELS) == list(models.Experience.values)
    assert {c: str(label) for c, label in models.Gender.choices} == GENDER_LABELS
    assert set(AGE_GROUP_WORDS) == set(models.AgeGroup.values)
    assert set(AVAILABILITY_WORDS) == set(models.Availability.values)


# Worked examples.


def test_a_worked_example_orders_by_points_then_room_then_name():
    wish = Wish(
        experience=frozenset({"mental_health", "alcohol"}),
        language="Polish",
        gender="woman",
        age_group="25_44",
        availability=frozenset({"weekend", "weekday_evening"}),
    )
    ania = _mentor(
        1,
        "Ania",
        experience=frozenset({"mental_health", "alcohol", "drugs"}),
        languages=frozenset({"Polish", "English"}),
        gender="woman",
        age_group="25_44",
        availability=frozenset({"weekend"}),
        open_matches=1,
    )  # 3 + 3 + 3 + 2 + 1 + 1 = 13
    bob = _mentor(
        2,
        "Bob",
        experience=frozenset({"mental_health"}),
        gender="man",
        availability=frozenset({"weekend", "weekday_evening", "weekday_daytime"}),
    )  # 3 + 0 + 0 + 0 + 2 = 5
    cara = _mentor(
        3,
        "Cara",
        experience=frozenset({"alcohol"}),
        availability=frozenset({"weekend", "weekday_evening"}),
        capacity=4,
    )  # 3 + 2 = 5, more room than Bob
    dev = _mentor(
        4, "Dev", experience=frozenset({"mental_health"}), languages=frozenset({"polish"})
    )  # 3 + 3 = 6
    eve = _mentor(5, "Eve")  # 0
    result = suggest(wish, [eve, bob, dev, cara, ania], TODAY)

    assert [(s.name, s.points) for s in result] == [
        ("Ania", 13),
        ("Dev", 6),
        ("Cara", 5),
        ("Bob", 5),
        ("Eve", 0),
    ]
    assert all(s.blocked == "" for s in result)
    assert result[0] == Suggestion(
        mentor_id=1,
        name="Ania",
        points=13,
        reasons=(
            "Shares lived experience: Alcohol use and recovery, Mental health",
            "Speaks Polish",
            "Woman, as asked",
            "Aged 25 to 44, as asked",
            "Free at weekends",
            "Can take 2 more people",
        ),
        blocked="",
    )
    assert result[3].reasons == (
        "Shares lived experience: Mental health",
        "Does not speak Polish",
        "Not the gender asked for",
        "Has not said their age group",
        "Free on weekday evenings and at weekends",
        "Can take 3 more people",
    )
    assert result[4].reasons == (
        "Does not share the lived experience asked for",
        "Does not speak Polish",
        "Has not said their gender",
        "Has not said their age group",
        "Not free at the times asked for",
        "Can take 3 more people",
    )


def test_equal_points_and_room_go_by_name_then_id():
    result = suggest(
        NO_WISH,
        [_mentor(9, "bea"), _mentor(3, "Bea"), _mentor(7, "Al"), _mentor(2, "Bea")],
        TODAY,
    )
    assert [(s.name, s.mentor_id) for s in result] == [
        ("Al", 7),
        ("Bea", 2),
        ("Bea", 3),
        ("bea", 9),
    ]


def test_no_wish_gives_only_the_room_reason():
    suggestion = _only(NO_WISH, _mentor(1, experience=frozenset({"drugs"}), gender="man"))
    assert suggestion.points == 0
    assert suggestion.reasons == ("Can take 3 more people",)


def test_room_is_counted_in_people():
    assert _only(NO_WISH, _mentor(1, capacity=3, open_matches=2)).reasons == (
        "Can take 1 more person",
    )
    assert _only(NO_WISH, _mentor(1, capacity=5, open_matches=1)).reasons == (
        "Can take 4 more people",
    )


def test_language_is_compared_trimmed_and_ignoring_case():
    mentor = _mentor(1, languages=frozenset({"  British   Sign Language ", "POLISH"}))
    assert _only(_wish(language="british sign language"), mentor).reasons[0] == (
        "Speaks British Sign Language"
    )
    polish = _only(_wish(language="  polish "), mentor)
    assert polish.points == 3
    assert polish.reasons[0] == "Speaks POLISH"
    urdu = _only(_wish(language=" Urdu "), mentor)
    assert urdu.points == 0
    assert urdu.reasons[0] == "Does not speak Urdu"


def test_a_blank_language_wish_is_no_preference():
    assert _only(_wish(language="   "), _mentor(1)).reasons == ("Can take 3 more people",)


def test_each_gender_and_age_group_reads_well():
    for code, label in GENDER_LABELS.items():
        assert _only(_wish(gender=code), _mentor(1, gender=code)).reasons[0] == f"{label}, as asked"
    assert _only(_wish(age_group="65_plus"), _mentor(1, age_group="65_plus")).reasons[0] == (
        "Aged 65 or over, as asked"
    )
    different = _only(_wish(age_group="65_plus"), _mentor(1, age_group="under_25"))
    assert (different.points, different.reasons[0]) == (0, "Not the age group asked for")


def test_all_three_free_times_are_joined():
    every = frozenset(AVAILABILITY_WORDS)
    suggestion = _only(_wish(availability=every), _mentor(1, availability=every))
    assert suggestion.points == 3
    assert suggestion.reasons[0] == (
        "Free on weekday daytimes, on weekday evenings and at weekends"
    )


# Who is blocked, and why.


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"active": False}, "Not mentoring at the moment."),
        ({"check_status": "not_started", "check_expires": None}, "Background check not done yet."),
        ({"check_status": "waiting"}, "Background check result not back yet."),
        ({"check_status": "not_clear"}, "Background check not clear."),
        (
            {"check_expires": date(2026, 3, 3)},
            "Background check ran out on 3 March 2026. Renew it before new matches.",
        ),
        (
            {"check_expires": None},
            "Background check has no date it runs out. Add it before new matches.",
        ),
        ({"trained": False}, "Peer mentor training not finished."),
        ({"capacity": 3, "open_matches": 3}, "Already supporting 3 people, their most."),
        ({"capacity": 1, "open_matches": 1}, "Already supporting 1 person, their most."),
        (
            {"capacity": 2, "open_matches": 3},
            "Already supporting 3 people, more than their most of 2.",
        ),
        (
            {"capacity": 0, "open_matches": 0},
            "Not able to support anyone at the moment (their most is 0).",
        ),
    ],
)
def test_each_block_message(changes, message):
    assert _only(NO_WISH, _mentor(1, **changes)).blocked == message


def test_the_first_block_in_the_order_is_given():
    everything_wrong = _mentor(
        1,
        active=False,
        check_status="waiting",
        trained=False,
        capacity=1,
        open_matches=1,
    )
    assert _only(NO_WISH, everything_wrong).blocked == "Not mentoring at the moment."
    assert _only(NO_WISH, replace(everything_wrong, active=True)).blocked == (
        "Background check result not back yet."
    )
    expired = replace(
        everything_wrong, active=True, check_status="clear", check_expires=date(2026, 1, 31)
    )
    assert _only(NO_WISH, expired).blocked.startswith(
        "Background check ran out on 31 January 2026."
    )
    current = replace(expired, check_expires=TODAY)
    assert _only(NO_WISH, current).blocked == "Peer mentor training not finished."
    assert _only(NO_WISH, replace(current, trained=True)).blocked == (
        "Already supporting 1 person, their most."
    )


def test_a_check_running_out_today_has_not_run_out():
    assert _only(NO_WISH, _mentor(1, check_expires=TODAY)).blocked == ""
    assert _only(NO_WISH, _mentor(1, check_expires=date(2026, 3, 9))).blocked != ""


def test_a_full_mentor_still_gets_points_and_a_room_reason():
    wish = _wish(experience=frozenset({"carer"}))
    suggestion = _only(wish, _mentor(1, experience=frozenset({"carer"}), open_matches=3))
    assert suggestion.points == 3
    assert suggestion.reasons == (
        "Shares lived experience: Caring for someone",
        "Has no room for anyone more",
    )


def test_the_blocked_come_last_in_name_order_whatever_their_points():
    wish = _wish(experience=frozenset({"drugs"}))
    result = suggest(
        wish,
        [
            _mentor(1, "Zed", experience=frozenset({"drugs"}), active=False),
            _mentor(2, "Amy", trained=False),
            _mentor(3, "Mo"),
            _mentor(4, "Kit", experience=frozenset({"drugs"})),
        ],
        TODAY,
    )
    assert [s.name for s in result] == ["Kit", "Mo", "Amy", "Zed"]
    assert result[3].points == 3


def test_long_dates_do_not_depend_on_the_locale():
    assert long_date(date(2026, 3, 3)) == "3 March 2026"
    assert long_date(date(2025, 12, 25)) == "25 December 2025"


def test_it_refuses_the_same_id_twice_and_unknown_check_statuses():
    with pytest.raises(ValueError, match="more than once"):
        suggest(NO_WISH, [_mentor(1), _mentor(1, "Other")], TODAY)
    with pytest.raises(ValueError, match="background check status"):
        suggest(NO_WISH, [_mentor(1, check_status="pending")], TODAY)


# Rules that always hold.

_EXPERIENCES = st.frozensets(st.sampled_from(list(EXPERIENCE_LABELS)))
_TIMES = st.frozensets(st.sampled_from(list(AVAILABILITY_WORDS)))
_LANGUAGES = ["English", "polish", " Urdu", "BSL"]

_wishes = st.builds(
    Wish,
    experience=_EXPERIENCES,
    language=st.sampled_from(["", *_LANGUAGES, "Welsh"]),
    gender=st.sampled_from(["", *GENDER_LABELS]),
    age_group=st.sampled_from(["", *AGE_GROUP_WORDS]),
    availability=_TIMES,
)


@st.composite
def _mentor_lists(draw):
    count = draw(st.integers(0, 12))
    mentors = []
    for i in range(count):
        mentors.append(
            MentorFacts(
                id=i + 1,
                name=draw(st.sampled_from(["Ali", "Bo", "Cy", "ali"])),
                experience=draw(_EXPERIENCES),
                languages=draw(st.frozensets(st.sampled_from(_LANGUAGES))),
                availability=draw(_TIMES),
                gender=draw(st.sampled_from(["", *GENDER_LABELS])),
                age_group=draw(st.sampled_from(["", *AGE_GROUP_WORDS])),
                capacity=draw(st.integers(0, 4)),
                open_matches=draw(st.integers(0, 5)),
                trained=draw(st.booleans()),
                check_status=draw(
                    st.sampled_from(["not_started", "waiting", "clear", "not_clear"])
                ),
                check_expires=draw(
                    st.one_of(st.none(), st.dates(date(2026, 1, 1), date(2026, 6, 1)))
                ),
                active=draw(st.booleans()),
            )
        )
    return mentors


@settings(max_examples=200, deadline=None)
@given(wish=_wishes, mentors=_mentor_lists(), seed=st.integers(0, 1000))
def test_it_always_keeps_the_rules(wish, mentors, seed):
    result = suggest(wish, mentors, TODAY)
    assert sorted(s.mentor_id for s in result) == sorted(m.id for m in mentors)

    # A blocked mentor never comes before one who can be matched.
    flags = [bool(s.blocked) for s in result]
    assert flags == sorted(flags)

    # The matchable are in points order; every reason list ends with room.
    points = [s.points for s in result if not s.blocked]
    assert points == sorted(points, reverse=True)
    for s in result:
        assert s.points >= 0
        assert s.reasons[-1].startswith(("Can take", "Has no room"))

    # The order never depends on the order given.
    shuffled = list(mentors)
    random.Random(seed).shuffle(shuffled)
    assert suggest(wish, shuffled, TODAY) == result


@settings(max_examples=200, deadline=None)
@given(wish=_wishes, mentors=_mentor_lists(), data=st.data())
def test_sharing_one_more_experience_never_lowers_points(wish, mentors, data):
    if not mentors:
        return
    mentor = data.draw(st.sampled_from(mentors))
    extra = data.draw(st.sampled_from(list(EXPERIENCE_LABELS)))
    richer = replace(mentor, experience=mentor.experience | {extra})
    before = _only(wish, mentor)
    after = _only(wish, richer)
    assert after.points >= before.points
    if extra in wish.experience and extra not in mentor.experience:
        assert after.points == before.points + 3
    assert after.blocked == before.blocked
