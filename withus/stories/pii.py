"""Spot personal details in a story, so a moderator can check them before it is shown.

Stories from the public are read by a moderator before anyone else sees
them. :func:`flags` points at the parts that look like an email address, a
phone number, a postcode, a street address or someone's name, each with a
plain reason. It never changes or removes anything: the moderator decides.
No Django here.

What it looks for
    - Email addresses.
    - UK phone numbers: mobiles (07...), landlines (01..., 02..., 03...) and the
      same with +44 or 0044 in front, written with spaces, dashes or brackets.
      Dates (12/03/2026), money (£1,250) and short numbers ("room 12") are not
      phone numbers, and neither is anything with too few or too many digits.
    - Full UK postcodes ("NE8 1HE", also "ne8 1he"), and the first half of one
      ("NE8") when it comes straight after a street name or the word postcode.
      A first half on its own is never flagged: "A1", "M6" and "B12" are roads
      and vitamins far more often than postcodes.
    - Street addresses: a house number and a capitalised street name ending in
      Road, Street, Lane, Avenue, Close, Drive, Way, Court, Crescent, Place,
      Terrace, Gardens, Grove, Hill, Row, Square or Walk ("14 Acacia Avenue");
      and flat numbers ("Flat 3").
    - Names:
        * a title and a capitalised word: Mr, Mrs, Ms, Miss, Dr, Doctor, Nurse,
          Sister or Matron ("Nurse Patel", "Dr Okafor");
        * a common first name from the list below, when it is not the first word
          of a sentence ("thanks to Sarah"), or when it is and a surname follows
          ("Sarah Jones came round");
        * a capitalised word after "called", "named", "my carer", "my nurse",
          "my worker", "support worker" and a few more like them ("my carer Bogdana").
      Words people use for services and places (Northvale, NHS, GP, A&E, Council,
      Hospital), days and months are never names, and a name followed by a word
      like Road, Hospital or Centre is a place ("Victoria Road", "Queen Elizabeth
      Hospital"), not a person.

Names: precision over recall
    A moderator who is shown too many false alarms stops reading them, so the
    name rules are narrow. This means some names are missed:
    - A name from the list at the start of a sentence with no surname after it:
      "Hope is what kept me going" is not flagged (Hope is a name, but this is
      far more often the word), and so "Sarah came every day." is missed too.
    - Names not in the list and with no title or "called" before them
      ("Bogdana was kind").
    - Names written in lower case ("sarah"), or in capitals ("SARAH").
    - Nicknames and initials ("Big Dave", "J. Smith"), and names inside words.
    - Anything that only identifies someone in context ("the tall nurse on
      Ward 4", "my neighbour at number 6").
    Phone numbers starting 08 or 09 (mostly helplines and services) and non-UK
    numbers are not flagged either.
"""

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Kind = Literal["email", "phone", "postcode", "address", "name"]


@dataclass(frozen=True)
class Flag:
    kind: Kind
    start: int
    end: int  # like a slice: text[start:end] is what was flagged
    text: str
    why: str  # plain English, for the moderator: "looks like a phone number"


# When two flags cover exactly the same text, the earlier kind here is kept.
_KIND_ORDER: tuple[Kind, ...] = ("email", "phone", "postcode", "address", "name")

# --- words -------------------------------------------------------------------


def _words(written: str) -> frozenset[str]:
    return frozenset(written.split())


# At least 150 first names common in the UK today and in living memory, from
# many backgrounds. Words that are also months, seasons or ordinary words that
# are often capitalised (May, June, April, August, Summer, Christian, Will,
# Faith) are left out on purpose.
FIRST_NAMES: frozenset[str] = _words(
    """
    Aaliyah Abdi Abena Abigail Adam Adaeze Ahmed Ahmet Aisha Alan Alasdair Alex
    Alexander Alfie Ali Alice Amanda Amelia Amina Amir Amit Amy Ana Andre Andrew
    Andrzej Angela Angus Anjali Ann Anne Anthony Aoife Arjun Arthur Ava Ayaan
    Ayesha Barbara Barry Bella Ben Benjamin Beryl Bethan Bilal Blessing Bob
    Brenda Brian Bushra Callum Carlos Carol Catherine Catriona Cerys Charlie
    Charlotte Chinedu Chioma Chloe Chris Christine Christopher Ciara Ciaran
    Cillian Claire Colin Connor Dafydd Daisy Dan Daniel Danielle Dave David Dawn
    Debbie Deborah Declan Deepak Delroy Dennis Derek Desmond Diane Donna Doreen
    Dorothy Dylan Eamon Edward Efua Eileen Eilidh Eleanor Elena Elizabeth Ella
    Emeka Emily Emma Esme Ethan Evie Farah Fatima Femi Ffion Fiona Florence
    Folake Freddie Freya Gareth Gary Gemma Geoffrey George Georgia Gillian
    Giovanni Grace Graham Gurdeep Gurpreet Hamish Hannah Harjit Harper Harpreet
    Harriet Harry Hassan Hayley Helen Henry Hina Holly Hope Hussain Ian Ibrahim
    Imogen Imran Ioana Irene Isabella Isla Ismail Ivy Iwan Jack Jacob Jake Jamie
    James Jane Janet Jasmine Jaspreet Jaswinder Jean Jennifer Jenny Jermaine
    Jessica Jim Jo Joan Joanne Jodie Joe John Jordan Jose Joseph Joshua Julie
    Kamala Karen Katarzyna Kate Kathleen Katie Keisha Keith Kelly Kemal Kenneth
    Kevin Khadija Khalid Kieran Kirsty Kofi Krzysztof Kwabena Kwame Laura Layla
    Leanne Leila Leo Leroy Lewis Liam Lily Linda Lisa Lucy Luis Luke Magdalena
    Maisie Malcolm Mandeep Marcus Marek Margaret Maria Marco Mark Martin Mary
    Maryam Matilda Matthew Maureen Megan Mehmet Mei Mia Michael Michelle Mick
    Mihai Mike Mohamed Mohammad Mohammed Molly Morag Muhammad Mustafa Nadia
    Nasreen Natalie Nathan Neha Neil Ngozi Nia Niamh Nicola Nkechi Noah Noor
    Oksana Olena Oliver Olivia Oluwaseun Omar Oscar Owain Padraig Parveen
    Patricia Paul Pauline Pawel Pete Peter Philip Phoebe Piotr Pooja Poppy
    Precious Priya Rachel Rahul Raj Ravi Rebecca Rhiannon Rhys Richard Rob
    Robert Rosie Ruby Rukhsana Ryan Sadia Saima Sam Samantha Samira Samuel Sandra
    Sanjay Sarah Seamus Sean Segun Shabana Shanice Shazia Sheila Shirley Sian
    Simon Simran Sinead Siobhan Sofia Sophia Sophie Stacey Stephen Steve Steven
    Stuart Sukhdev Sunita Susan Tanisha Tariq Terry Theo Thomas Tim Tom Tomasz
    Tony Tracey Tracy Trevor Tunde Tyrone Victoria Vijay Wendy William Willow
    Winston Yasmin Yusuf Zainab Zain Zara Zoe Zoë Siân Seán
    """
)

_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Doctor", "Nurse", "Sister", "Matron")

# Capitalised words that are never a name here: services and places people
# mention, days, months, and the little words that start sentences.
NOT_NAMES: frozenset[str] = _words(
    """
    Northvale Eastmoor NHS GP GPs A&E AE UK England Scotland Wales Ireland Britain
    British English
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November
    December Spring Summer Autumn Winter Christmas Easter Eid Diwali Ramadan
    Hanukkah Vaisakhi New Year
    I Im I'm Ive I've Id I'd Ill I'll Me My Mine Myself We Our Us You Your He Him His
    She Her Hers They Them Their It Its
    The A An And But Or So Then Than When If As At In On Of To For With From By
    After Before Because Since While Until Although Though That This These Those
    There Here What Who Whom Whose Why How Where Which Not No Yes Thank Thanks
    Please Hello Hi Dear Also Just Very Only Even Still All Every Some Any Most
    Much Many Lots Each Both Another Other Once Never Always Sometimes Today
    Tomorrow Yesterday Now Later Soon Again Well Oh Ok OK Okay Sorry God Lord
    Mind Mencap Scope Shelter Crisis Samaritans Healthwatch Barnardo's Facebook
    Google WhatsApp Zoom Teams Amazon Tesco Asda
    """
) | frozenset(_TITLES)

# Words that make the capitalised words before them a place, a service or a job.
PLACE_WORDS: frozenset[str] = _words(
    """
    Road Street Lane Avenue Close Drive Way Court Crescent Place Terrace Gardens
    Garden Grove Hill Row Square Walk Park Green Rise View Mews Parade Estate
    Hospital Infirmary Ward Unit Wing Clinic Surgery Practice Pharmacy Centre
    Center House Home Lodge Hall Hospice Trust Council Team Service Services
    Group Club Society Charity Foundation Association Project Network Hub School
    College University Academy Church Mosque Temple Gurdwara Synagogue Library
    Station Bridge Building Tower Fund Partnership Care Health Support
    Practitioner Specialist Manager Consultant Lead Associate Assistant Advisor
    Adviser Officer Worker Coordinator Registrar Surgeon Therapist Director
    Visitor Prescriber Partner Bank Cottage Farm Manor Villa Villas Heights Appeal
    """
)

# Capital-letter words in a name: "Patel", "O'Brien", "Smith-Jones", "McDonald", "Zoë".
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_NAME_WORD = (
    rf"(?:Mc|Mac|O['\u2019])?[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
    rf"(?![{_UPPER}{_LOWER}&\d])"
)
_GAP = r"[ \t]+"  # words of one name are on one line

# --- patterns ------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)

# A run that might be a phone number; its digits are checked afterwards.
_PHONE = re.compile(
    r"(?<![\w+£$€/.,-])"  # not the middle of a word, a number, money or a date
    r"(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?\(?|\(?0)"
    r"\d{1,4}\)?"
    r"(?:[ -]?\d){6,9}"
    r"(?!\d|[/.,:-]\d)"
)
_UK_NUMBER = re.compile(r"07\d{9}|0[23]\d{9}|01\d{8,9}")

# Inward codes never use C, I, K, M, O or V.
_INWARD_LETTERS = "ABD-HJLNP-UW-Z"
_OUTWARD = r"[A-Z]{1,2}\d[A-Z\d]?"
_POSTCODE = re.compile(
    rf"\b(?:{_OUTWARD} ?\d[{_INWARD_LETTERS}]{{2}}"
    rf"|{_OUTWARD.lower()} \d[{_INWARD_LETTERS.lower()}]{{2}})\b"
)
_ORDINAL_ENDINGS = ("st", "nd", "rd", "th")

_STREET_ENDINGS = (
    "Road|Street|Lane|Avenue|Close|Drive|Way|Court|Crescent|Place|Terrace|Gardens|Grove"
    "|Hill|Row|Square|Walk"
)
_STREET_NAME = rf"(?:[{_UPPER}][{_LOWER}'\u2019-]+{_GAP}){{1,3}}(?:{_STREET_ENDINGS})\b"
# A house number has 1 to 3 digits, so a year ("in 2019 Park Lane ...") is not one.
_ADDRESS = re.compile(rf"(?<![\w£$€.,/-])\d{{1,3}}[A-Za-z]?(?![\w/.,:-]\w),?{_GAP}{_STREET_NAME}")
# "Flat 3"; in lower case only when it is not "flat 3 floors up" and the like.
_FLAT = re.compile(
    r"\b(?:Flat|flat)[ \t]+\d{1,4}[A-Za-z]?\b"
    r"(?![ \t]+(?:floors?|storeys?|stories|doors?|times?|days?|weeks?|months?|years?"
    r"|hours?|minutes?|miles?|steps?|stairs|flights?)\b)"
)
_OUTWARD_AFTER = re.compile(
    rf"(?:{_STREET_NAME}|\b[Pp]ost ?code(?:[ \t]+is)?:?)"
    rf",?[ \t]+(?:[{_UPPER}][{_LOWER}]+,?[ \t]+)?(?P<outward>{_OUTWARD})\b"
)

_TITLE_NAME = re.compile(
    rf"\b(?P<title>(?:Mr|Mrs|Ms|Dr)\b\.?|Miss\b|(?:Doctor|Nurse|Sister|Matron|doctor|nurse"
    rf"|sister|matron)\b){_GAP}(?P<name>{_NAME_WORD})(?:{_GAP}(?P<surname>{_NAME_WORD}))?"
)
_AFTER_WORDS = re.compile(
    r"\b(?:called|named|(?:[Mm]y|[Hh]er|[Hh]is|[Tt]heir|[Oo]ur)[ \t]+"
    r"(?:carer|nurse|worker|social[ \t]+worker|care[ \t]+worker|key[ \t]?worker|keyworker"
    r"|PA|personal[ \t]+assistant)|[Ss]upport[ \t]+worker)\b,?"
    rf"{_GAP}(?P<name>{_NAME_WORD})(?:{_GAP}(?P<surname>{_NAME_WORD}))?"
)
_WORD = re.compile(rf"(?<![\w'\u2019-]){_NAME_WORD}")
_SURNAME = re.compile(rf"{_GAP}({_NAME_WORD})")
_FOLLOWING_WORDS = re.compile(rf"(?:{_GAP}(?:{_NAME_WORD}|St\.?|&|and)){{1,4}}")


def _person_word(word: str | None) -> bool:
    return bool(word) and word not in NOT_NAMES and word not in PLACE_WORDS


def _starts_sentence(text: str, at: int) -> bool:
    """True when the word at ``at`` is the first of a sentence, line or bullet."""
    i = at - 1
    while i >= 0 and text[i] in " \t\"'\u2018\u201c([-*\u2022":
        i -= 1
    return i < 0 or text[i] in ".!?\n\r"


def _place_follows(text: str, end: int) -> bool:
    """True when the capitalised words after ``end`` make a place: "Grace Court"."""
    following = _FOLLOWING_WORDS.match(text, end)
    if not following:
        return False
    return any(word in PLACE_WORDS for word in following.group().split())


def _place_before(text: str, start: int) -> bool:
    """Saints, kings and queens name places: "St Mary's", "Queen Elizabeth Hospital"."""
    before = text[max(0, start - 10) : start]
    return re.search(r"\b(?:St\.?|Saint|King|Queen|Prince|Princess)[ \t]+$", before) is not None


# --- finding -------------------------------------------------------------------


def _emails(text: str) -> Iterator[Flag]:
    for m in _EMAIL.finditer(text):
        yield Flag("email", m.start(), m.end(), m.group(), "looks like an email address")


def _phones(text: str) -> Iterator[Flag]:
    for m in _PHONE.finditer(text):
        written = m.group()
        digits = re.sub(r"\D", "", written)
        if written.startswith(("+", "00")):
            digits = digits.removeprefix("00").removeprefix("44")
            digits = digits if digits.startswith("0") else "0" + digits
        if _UK_NUMBER.fullmatch(digits):
            yield Flag("phone", m.start(), m.end(), written, "looks like a phone number")


def _postcodes(text: str) -> Iterator[Flag]:
    for m in _POSTCODE.finditer(text):
        if m.group()[-2:] in _ORDINAL_ENDINGS:  # "b1 2nd" is not a postcode
            continue
        yield Flag("postcode", m.start(), m.end(), m.group(), "looks like a postcode")
    for m in _OUTWARD_AFTER.finditer(text):
        yield Flag(
            "postcode",
            m.start("outward"),
            m.end("outward"),
            m.group("outward"),
            "looks like the first half of a postcode",
        )


def _addresses(text: str) -> Iterator[Flag]:
    for m in _ADDRESS.finditer(text):
        yield Flag("address", m.start(), m.end(), m.group(), "looks like a street address")
    for m in _FLAT.finditer(text):
        yield Flag("address", m.start(), m.end(), m.group(), "looks like a flat number")


def _name_flag(text: str, start: int, end: int, why: str) -> Flag:
    return Flag("name", start, end, text[start:end], why)


def _names(text: str) -> Iterator[Flag]:
    for m in _TITLE_NAME.finditer(text):
        if not _person_word(m.group("name")) or _place_follows(text, m.end("name")):
            continue
        # "Nurse Patel" is flagged whole; in "my sister Karen" only "Karen" is the name.
        start = m.start() if m.group("title")[0].isupper() else m.start("name")
        end = m.end("surname") if _person_word(m.group("surname")) else m.end("name")
        yield _name_flag(text, start, end, "looks like someone's name (a title and a name)")

    for m in _AFTER_WORDS.finditer(text):
        if not _person_word(m.group("name")) or _place_follows(text, m.end("name")):
            continue
        end = m.end("surname") if _person_word(m.group("surname")) else m.end("name")
        yield _name_flag(text, m.start("name"), end, "looks like someone's name")

    for m in _WORD.finditer(text):
        if m.group() not in FIRST_NAMES or m.group() in NOT_NAMES:
            continue
        if _place_before(text, m.start()) or _place_follows(text, m.end()):
            continue
        surname = _SURNAME.match(text, m.end())
        has_surname = surname is not None and _person_word(surname.group(1))
        if _starts_sentence(text, m.start()) and not has_surname:
            continue  # "Hope is what kept me going": see "precision over recall"
        end = surname.end() if surname is not None and has_surname else m.end()
        yield _name_flag(text, m.start(), end, "looks like someone's first name")


def flags(text: str) -> list[Flag]:
    """Everything in ``text`` that looks like a personal detail, in the order it appears.

    Flags never overlap: where two would, the longer is kept (an email address
    over the name inside it, "14 Victoria Road" over "Victoria"); for two the
    same length, the kind listed first in :data:`Kind` is kept.
    """
    found = [*_emails(text), *_phones(text), *_postcodes(text), *_addresses(text)]
    found.extend(_names(text))
    kept: list[Flag] = []  # never overlapping, so in order of start and of end alike
    starts: list[int] = []
    for flag in sorted(
        found, key=lambda f: (-(f.end - f.start), f.start, _KIND_ORDER.index(f.kind))
    ):
        i = bisect.bisect_left(starts, flag.start)
        if (i > 0 and kept[i - 1].end > flag.start) or (i < len(kept) and kept[i].start < flag.end):
            continue  # overlaps a longer flag already kept
        kept.insert(i, flag)
        starts.insert(i, flag.start)
    return kept
