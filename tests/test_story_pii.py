"""Flagging personal details in stories for the moderator, and not flagging ordinary words.

Realistic sentences first: what should be flagged, then what must not be,
then the choices made about names (precision over recall), then properties
over random text.
"""

import time
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from withus.stories.pii import FIRST_NAMES, NOT_NAMES, Flag, flags


def found(text):
    return [(f.kind, f.text) for f in flags(text)]


# --- what is flagged ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Email addresses.
        ("email me at jo.bloggs@example.com", [("email", "jo.bloggs@example.com")]),
        ("My email is Sarah.Jones@nhs.net.", [("email", "Sarah.Jones@nhs.net")]),
        ("write to a_b+news@mail.example.co.uk please", [("email", "a_b+news@mail.example.co.uk")]),
        # Phone numbers: landlines, mobiles and +44, spaced, dashed, bracketed.
        ("call 0191 123 4567", [("phone", "0191 123 4567")]),
        ("07700 900123", [("phone", "07700 900123")]),
        ("+44 7700 900123", [("phone", "+44 7700 900123")]),
        ("ring 07700-900-123 after six", [("phone", "07700-900-123")]),
        ("my number is 07700900123.", [("phone", "07700900123")]),
        ("(0191) 498 0000 is the home", [("phone", "(0191) 498 0000")]),
        ("London 020 7946 0018", [("phone", "020 7946 0018")]),
        ("try +44 (0)20 7946 0018", [("phone", "+44 (0)20 7946 0018")]),
        ("or 0044 191 498 0000", [("phone", "0044 191 498 0000")]),
        ("Tel:07700900123", [("phone", "07700900123")]),
        ("the office on 0300 123 4567", [("phone", "0300 123 4567")]),
        ("01632 960123", [("phone", "01632 960123")]),
        # Postcodes: full ones, and the first half straight after a street.
        ("we moved to NE8 1HE last year", [("postcode", "NE8 1HE")]),
        ("postcode sw1a 1aa", [("postcode", "sw1a 1aa")]),
        ("M1 1AE", [("postcode", "M1 1AE")]),
        ("I live on Acacia Avenue, NE8", [("postcode", "NE8")]),
        ("Coronation Street, Gateshead NE8 is near", [("postcode", "NE8")]),
        ("my postcode is DH1", [("postcode", "DH1")]),
        # Street addresses and flats.
        (
            "I live at 14 Acacia Avenue, NE8 1HE",
            [("address", "14 Acacia Avenue"), ("postcode", "NE8 1HE")],
        ),
        ("she lives at 2a High Street now", [("address", "2a High Street")]),
        ("round at 7, Old Mill Lane", [("address", "7, Old Mill Lane")]),
        ("Flat 3 has damp", [("address", "Flat 3")]),
        ("I live in flat 12b.", [("address", "flat 12b")]),
        (
            "Flat 3, 14 Victoria Road, Gateshead NE8",
            [("address", "Flat 3"), ("address", "14 Victoria Road"), ("postcode", "NE8")],
        ),
        ("the party at 10 Castle Hill", [("address", "10 Castle Hill")]),
        # Names after a title.
        ("Nurse Patel was lovely", [("name", "Nurse Patel")]),
        ("Dr Okafor listened to me", [("name", "Dr Okafor")]),
        ("I saw Dr. Ahmed Khan on Tuesday", [("name", "Dr. Ahmed Khan")]),
        ("Mrs O'Brien next door helped", [("name", "Mrs O'Brien")]),
        ("Ask for Sister McDonald.", [("name", "Sister McDonald")]),
        ("and Matron Smith-Jones sorted it", [("name", "Matron Smith-Jones")]),
        ("the nurse Kowalczyk was kind", [("name", "Kowalczyk")]),
        # Names after "called", "my carer" and the like.
        ("my carer Jane left", [("name", "Jane")]),
        ("a lady called Bogdana came", [("name", "Bogdana")]),
        ("My support worker, Bogdana Nowak, helped", [("name", "Bogdana Nowak")]),
        ("his social worker Tendai phoned", [("name", "Tendai")]),
        ("my PA Precious is brilliant", [("name", "Precious")]),
        # First names from the list, not starting a sentence.
        ("Thanks to Sarah and Mohammed for everything", [("name", "Sarah"), ("name", "Mohammed")]),
        ("I asked Siobhan about it.", [("name", "Siobhan")]),
        ("We were helped by Priya Sharma on the ward", [("name", "Priya Sharma")]),
        ("the worker, Kwame, was great", [("name", "Kwame")]),
        ("and Zoë came too", [("name", "Zoë")]),
        # A first name starting a sentence, when a surname follows.
        ("Sarah Jones came round every day.", [("name", "Sarah Jones")]),
        ("It was fine. Hope Williams rang me.", [("name", "Hope Williams")]),
        # Several kinds together.
        (
            "Ring Dave on 07700 900123 or email dave@example.org",
            [("name", "Dave"), ("phone", "07700 900123"), ("email", "dave@example.org")],
        ),
    ],
)
def test_it_flags_personal_details(text, expected):
    assert found(text) == expected


# --- what is not flagged -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # Numbers that are not phone numbers.
        "I waited 12 weeks",
        "it cost £1,250",
        "it cost £1,250,000 in the end",
        "on 12/03/2026",
        "on 01/02/2026 at 10:30",
        "on 02 03 2026",
        "room 12",
        "ward 7 is on floor 2",
        "I was there 3 times",
        "my NHS number starts 943",
        "the helpline is 0800 123 4567",  # services, not people
        "year 2025-2026 and 2026-07 figures",
        "rated 4.5 out of 5",
        "a score of 0.75",
        # Places and services people name all the time.
        "The GP was kind",
        "I went to A&E at Northvale on Monday",
        "The NHS app never works",
        "Social Services did nothing",
        "I called Social Services twice",
        "a group called Mind helped me",
        "they sent me to St Mary's Hospital",
        "Queen Elizabeth Hospital was busy",
        "I go to Grace Court day centre",
        "the Victoria Road surgery",
        "we met at Hope Street",
        "Nurse Practitioner appointments are hard to get",
        # Days, months and ordinary capitalised words.
        "Monday",
        "It was better in May and June.",
        "See you on Friday. Then we will talk.",
        "The carers were kind",
        # A name-word starting a sentence with no surname: left alone on purpose.
        "Hope is what kept me going",
        "Grace and kindness is all I ask.",
        # Postcode lookalikes on their own.
        "they moved me off the A1 and onto the M6",
        "I take B12 every day",
        "NE8 is where I grew up",
        "my room is on the b1 2nd floor",
        # Flats and numbers that are not addresses.
        "the tyre went flat 3 times",
        "we live in a flat 3 floors up",
        "I waited 12 Long Days",
        "In 2019 Park Lane was closed for months",
        # Plain text with no details at all.
        "",
        "   ",
        "the staff were lovely and I felt listened to",
    ],
)
def test_it_does_not_flag_ordinary_words(text):
    assert found(text) == []


# --- names: what is missed on purpose ----------------------------------------


def test_it_misses_a_name_alone_at_the_start_of_a_sentence():
    # Precision over recall: "Hope" starting a sentence is usually the word,
    # so a listed name alone at the start of a sentence is not flagged.
    assert found("Sarah came every day.") == []
    assert found("I was scared. Sarah came every day.") == []
    # ... but the same name later in the sentence, or with a surname, is.
    assert found("Every day Sarah came.") == [("name", "Sarah")]
    assert found("Sarah Jones came every day.") == [("name", "Sarah Jones")]


def test_it_misses_names_it_has_no_clue_about():
    assert found("Bogdana was kind") == []  # not in the list, no title, no "called"
    assert found("sarah was kind, and so was SARAH") == []  # not capitalised as a name
    assert found("the tall nurse on Ward 4") == []  # identifying, but not a name


def test_it_treats_a_name_after_called_as_a_name_even_if_it_is_a_word():
    # "Hope" after "called" is taken as a name: the moderator can ignore it.
    assert found("a place called Hope") == [("name", "Hope")]


def test_it_keeps_the_longer_of_two_overlapping_flags():
    # "Victoria" is a first name, but "14 Victoria Road" is the longer flag.
    assert found("I live at 14 Victoria Road") == [("address", "14 Victoria Road")]
    # The name inside an email address is part of the email flag.
    assert found("write to Sarah.Jones@example.com") == [("email", "Sarah.Jones@example.com")]
    # "sister Karen": the title rule and the name list find the same name once.
    assert found("my sister Karen came") == [("name", "Karen")]


def test_it_gives_positions_and_plain_reasons():
    text = "Call Jo on 07700 900123."
    assert flags(text) == [
        Flag("name", 5, 7, "Jo", "looks like someone's first name"),
        Flag("phone", 11, 23, "07700 900123", "looks like a phone number"),
    ]
    reasons = {f.why for f in flags("Nurse Patel, 14 Acacia Avenue, NE8 1HE, jo@example.com")}
    assert reasons == {
        "looks like someone's name (a title and a name)",
        "looks like a street address",
        "looks like a postcode",
        "looks like an email address",
    }


def test_it_has_a_broad_list_of_first_names_and_no_months_or_days():
    assert len(FIRST_NAMES) >= 150
    for name in ("Mohammed", "Priya", "Siobhan", "Kwame", "Katarzyna", "Rhys"):
        assert name in FIRST_NAMES
    assert not FIRST_NAMES & {"May", "June", "April", "August", "Monday", "Summer"}
    assert {"NHS", "GP", "A&E", "Northvale", "Monday", "March"} <= NOT_NAMES


# --- properties --------------------------------------------------------------

WORDS = [
    "the",
    "nurse",
    "was",
    "kind",
    "Sarah",
    "Hope",
    "Nurse",
    "Patel",
    "called",
    "14",
    "Acacia",
    "Avenue",
    "NE8",
    "1HE",
    "07700",
    "900123",
    "£1,250",
    "12/03/2026",
    "jo@example.com",
    "Monday",
    "GP",
    ".",
    ",",
    "\n",
    "Flat",
    "3",
    "+44",
    "(0191)",
    "my carer",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join))
def test_flags_are_in_order_and_never_overlap_in_sentences_of_story_words(text):
    found_flags = flags(text)
    for flag in found_flags:
        assert text[flag.start : flag.end] == flag.text
        assert flag.start < flag.end
        assert flag.why.startswith("looks like")
    for one, two in pairwise(found_flags):
        assert one.end <= two.start


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_it_never_fails_on_any_text(text):
    for flag in flags(text):
        assert text[flag.start : flag.end] == flag.text


@given(
    st.sampled_from(["07700 900123", "0191 498 0000", "+44 7700 900123", "020 7946 0018"]),
    st.sampled_from(["Call me on {}.", "{}", "ring {} after 6", "Number: {} thanks"]),
)
def test_it_finds_a_phone_number_wherever_it_is_put(number, sentence):
    assert ("phone", number) in found(sentence.format(number))


def test_it_reads_a_long_story_quickly():
    story = (
        "Nurse Patel was lovely and my carer Jane helped. I waited 12 weeks and it cost £1,250. "
        "Call 0191 123 4567 or email jo.bloggs@example.com; I live at 14 Acacia Avenue, NE8 1HE. "
    ) * 400
    began = time.perf_counter()
    result = flags(story)
    assert time.perf_counter() - began < 5
    assert len(result) == 6 * 400  # Nurse Patel, Jane, phone, email, address, postcode


def test_it_reads_a_story_of_nothing_but_names_quickly():
    # Every word a name: each must not look at the whole rest of the story.
    began = time.perf_counter()
    result = flags("Sarah " * 20_000)
    assert time.perf_counter() - began < 5
    assert len(result) == 10_000  # "Sarah Sarah" is a first name and a surname, twice over
