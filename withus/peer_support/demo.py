"""Northvale's peer support: the recovery community's mentors, thirteen months
of requests, matches and weekly sessions, and a smaller scheme not taking requests.

Made with a fixed seed so every demo is the same. The history is worked out day
by day in memory, using the same matching rules as the coordinators' page (so
nobody is matched past their most, or while their check has run out), and then
goes straight into the tables: a thousand sessions through the service would
only repeat the same audit entry. The scheme, its mentors and the peer mentor
login's two open matches and their sessions go through the services.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from withus.core.models import LocalArea, Organisation, User

from . import matching, services
from .models import Match, MentorRequest, MentorSession, Scheme

RECOVERY = "Northvale Recovery Peer Mentors"
PEOPLE_FIRST = "People First peer support"

EN = "English"
BSL = "British Sign Language"

# name, experience, languages, availability, gender, age group, capacity,
# months since training finished (None: not finished), check, months the check
# has left (negative: it has run out).
RECOVERY_MENTORS = (
    (
        "Marcus Bell",
        ["drugs", "alcohol", "justice"],
        [EN],
        ["weekday_daytime", "weekday_evening"],
        "man",
        "45_64",
        3,
        20,
        "clear",
        22,
    ),
    (
        "Agnieszka Nowak",
        ["alcohol", "mental_health"],
        [EN, "Polish"],
        ["weekday_evening", "weekend"],
        "woman",
        "25_44",
        3,
        18,
        "clear",
        14,
    ),
    (
        "Imran Hussain",
        ["drugs", "homelessness"],
        [EN, "Urdu", "Punjabi"],
        ["weekday_daytime", "weekend"],
        "man",
        "25_44",
        4,
        19,
        "clear",
        9,
    ),
    (
        "Bernadette Flynn",
        ["alcohol", "older_age", "carer"],
        [EN],
        ["weekday_daytime"],
        "woman",
        "65_plus",
        3,
        24,
        "clear",
        5,
    ),
    (
        "Layla Haddad",
        ["mental_health", "carer"],
        [EN, "Arabic"],
        ["weekday_evening"],
        "woman",
        "25_44",
        4,
        10,
        "clear",
        26,
    ),
    (
        "Owen Pritchard",
        ["alcohol", "mental_health", "disability"],
        [EN, BSL],
        ["weekday_daytime", "weekday_evening"],
        "man",
        "45_64",
        3,
        16,
        "clear",
        11,
    ),
    (
        "Chantelle Morris",
        ["mental_health", "homelessness"],
        [EN],
        ["weekday_evening", "weekend"],
        "woman",
        "under_25",
        4,
        6,
        "clear",
        30,
    ),
    (
        "Robin Achebe",
        ["drugs", "mental_health"],
        [EN],
        ["weekday_daytime", "weekday_evening", "weekend"],
        "non_binary",
        "25_44",
        4,
        15,
        "clear",
        17,
    ),
    (
        "Gurpreet Sandhu",
        ["alcohol", "carer", "mental_health"],
        [EN, "Punjabi"],
        ["weekday_daytime"],
        "woman",
        "45_64",
        4,
        21,
        "clear",
        7,
    ),
    (
        "Dave Whitlock",
        ["drugs", "alcohol", "justice", "homelessness"],
        [EN],
        ["weekday_daytime", "weekday_evening", "weekend"],
        "man",
        "45_64",
        5,
        25,
        "clear",
        3,
    ),
    (
        "Sinead Carey",
        ["drugs", "alcohol"],
        [EN],
        ["weekday_evening", "weekend"],
        "woman",
        "25_44",
        4,
        22,
        "clear",
        -1,
    ),
    (
        "Tomasz Wójcik",
        ["alcohol"],
        [EN, "Polish"],
        ["weekend"],
        "man",
        "25_44",
        3,
        None,
        "clear",
        34,
    ),
    (
        "Jade Osei",
        ["mental_health", "learning_disability"],
        [EN],
        ["weekday_daytime", "weekday_evening"],
        "woman",
        "under_25",
        2,
        1,
        "waiting",
        None,
    ),
    (
        "Peter Hollis",
        ["alcohol", "older_age"],
        [EN],
        ["weekday_daytime"],
        "man",
        "65_plus",
        3,
        23,
        "clear",
        19,
    ),
)

PEOPLE_FIRST_MENTORS = (
    (
        "Kerry-Ann Dawson",
        ["learning_disability"],
        [EN],
        ["weekday_daytime"],
        "woman",
        "25_44",
        2,
        26,
        "clear",
        12,
    ),
    (
        "Stephen Doyle",
        ["learning_disability", "disability"],
        [EN, BSL],
        ["weekday_daytime", "weekday_evening"],
        "man",
        "45_64",
        2,
        30,
        "clear",
        8,
    ),
    (
        "Ruth Adeyemi",
        ["disability", "carer"],
        [EN],
        ["weekday_daytime"],
        "woman",
        "45_64",
        2,
        28,
        "clear",
        15,
    ),
)

FIRST_NAMES = {
    "woman": (
        "Amy",
        "Beth",
        "Chloe",
        "Danielle",
        "Fatima",
        "Gemma",
        "Hannah",
        "Iwona",
        "Jasmine",
        "Kirsty",
        "Leanne",
        "Marta",
        "Nadia",
        "Olivia",
        "Parveen",
        "Rachel",
        "Samira",
        "Tracey",
        "Vicky",
        "Yasmin",
    ),
    "man": (
        "Aaron",
        "Bilal",
        "Callum",
        "Dominic",
        "Eddie",
        "Faisal",
        "George",
        "Harry",
        "Jakub",
        "Kieran",
        "Luke",
        "Mohammed",
        "Nathan",
        "Oliver",
        "Piotr",
        "Reece",
        "Sanjay",
        "Tyler",
        "Victor",
        "Zak",
    ),
    "": ("Alex", "Frankie", "Jordan", "Kai", "Morgan", "Riley", "Sam", "Taylor"),
}
SURNAMES = (
    "Ahmed",
    "Baker",
    "Clarke",
    "Dempsey",
    "Evans",
    "Fletcher",
    "Gallagher",
    "Hartley",
    "Iqbal",
    "Jenkins",
    "Kowalski",
    "Lawson",
    "McKenna",
    "Nowicki",
    "Obi",
    "Parkin",
    "Quinn",
    "Rashid",
    "Stanton",
    "Thornton",
    "Underwood",
    "Vaughan",
    "Walsh",
    "Yates",
    "Zielinski",
    "Ashworth",
    "Begum",
    "Coyle",
    "Duffy",
    "Ellison",
)

ABOUT = {
    "drugs": (
        "I have been clean for three months and want someone to talk to who gets it.",
        "Just finished a detox and I'm scared of going back to old friends.",
        "I want help to stay off heroin now I'm on a script.",
    ),
    "alcohol": (
        "I stopped drinking in the summer and the evenings are the hardest.",
        "My drinking got out of hand after I lost my job. I want to stay sober.",
        "I'd like someone to go with me to my first meetings.",
    ),
    "mental_health": (
        "I get very anxious going out and would like someone to help me get started again.",
        "Since leaving hospital I feel on my own.",
        "Low mood most days. I want to talk to someone who has been there.",
    ),
    "homelessness": (
        "I've just got a flat after two years sofa surfing and don't know where to start.",
        "Living in the hostel and want to move on.",
    ),
    "justice": (
        "Out of prison last month. Need help with appointments and probation.",
        "On licence and want to keep my head down and stay clean.",
    ),
    "older_age": ("I'm 70 and drinking more since my wife died.",),
    "carer": ("I care for my son who uses drugs and it is wearing me down.",),
    "disability": ("I use a wheelchair and want help to get to groups.",),
    "learning_disability": ("I want help to go to the day centre and the shops on my own.",),
}

TOPICS = (
    "Getting to appointments",
    "Benefits forms",
    "Going to a mutual aid meeting",
    "Cravings at the weekend",
    "Sorting out the flat",
    "Talking to family",
    "Planning the week",
    "Meeting the key worker",
    "Getting to the GP",
    "Coffee at the recovery café",
    "Looking at volunteering",
    "Court date",
    "Money and debts",
    "Sleep and routine",
    "A bad week",
    "Going to the gym",
    "College course",
    "Dealing with old friends",
)

OUTCOME_NOTES = {
    "goals_met": (
        "Going to meetings on their own now.",
        "Back at work part time and doing well.",
        "Feels ready to carry on without a mentor.",
    ),
    "moved_on": (
        "Now in the college recovery group.",
        "Moved to the housing support team.",
        "Started with the community mental health team.",
    ),
    "stopped": ("Stopped replying to messages.", "Did not come to the last three sessions."),
    "other": ("Moved out of Northvale.", "In hospital for a while; will ask again."),
    "mentor_left": ("Mentor stepped back; looking for another.",),
}

LANGUAGE_WISHES = ("Polish", "Polish", "Urdu", "Punjabi", "Arabic", BSL)
MODES = ("in_person",) * 5 + ("phone",) * 2 + ("video", "messages", "group")

# Requests waiting now: name, contact, about, experience, language, gender, age group,
# availability, referred by the facilitator, days ago.
WAITING = (
    (
        "Ewa Kaminska",
        "07700 900418",
        "I would like to talk to a woman who speaks Polish. My English is fine for "
        "shopping but not for this.",
        ["alcohol"],
        "Polish",
        "woman",
        "",
        ["weekday_evening"],
        False,
        9,
    ),
    (
        "Gareth Lloyd",
        "gareth.lloyd@example.com",
        "I want someone who knows about mental health and drinking, both together.",
        ["mental_health", "alcohol"],
        "",
        "",
        "45_64",
        [],
        False,
        6,
    ),
    (
        "Shannon Price",
        "07700 900731",
        "Leaving the hostel next month. Sam at People First thinks a mentor would help.",
        ["drugs", "homelessness"],
        "",
        "",
        "under_25",
        ["weekday_daytime"],
        True,
        3,
    ),
    (
        "Harold Jennings",
        "07700 900264",
        "Retired, on my own, and drinking most afternoons.",
        ["alcohol", "older_age"],
        "",
        "",
        "65_plus",
        ["weekday_daytime"],
        False,
        1,
    ),
)


@dataclass
class SimMentor:
    facts: dict  # Mentor fields
    sim_capacity: int
    key: int
    open: set = field(default_factory=set)


@dataclass
class SimRequest:
    key: int
    fields: dict
    received: date
    ready: date
    route: str
    matches: list = field(default_factory=list)  # SimMatch
    tried: set = field(default_factory=set)


@dataclass
class SimMatch:
    request: SimRequest
    mentor: SimMentor
    started_on: date
    reasons: list
    end: date | None  # planned close; None stays open
    outcome: str


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def mentor_fields(row, today: date) -> dict:
    name, exp, langs, avail, gender, age, cap, trained, check, expires = row
    return {
        "name": name,
        "experience": exp,
        "languages": langs,
        "availability": avail,
        "gender": gender,
        "age_group": age,
        "capacity": cap,
        "trained_on": None if trained is None else add_months(today, -trained).replace(day=1),
        "training": "; ".join(
            t
            for code, t in (("mental_health", "Mental Health First Aid"), ("drugs", "Naloxone"))
            if code in exp
        ),
        "check_status": check,
        "check_expires": None
        if expires is None
        else (today - timedelta(days=20) if expires < 0 else add_months(today, expires)),
        "active": True,
    }


def _facts(mentors, day: date) -> list[matching.MentorFacts]:
    return [
        matching.MentorFacts(
            id=m.key,
            name=m.facts["name"],
            experience=frozenset(m.facts["experience"]),
            languages=frozenset(m.facts["languages"]),
            availability=frozenset(m.facts["availability"]),
            gender=m.facts["gender"],
            age_group=m.facts["age_group"],
            capacity=m.sim_capacity,
            open_matches=len(m.open),
            trained=m.facts["trained_on"] is not None and m.facts["trained_on"] <= day,
            check_status=m.facts["check_status"],
            check_expires=m.facts["check_expires"],
            active=m.facts["active"],
        )
        for m in mentors
    ]


def _wish(fields) -> matching.Wish:
    return matching.Wish(
        experience=frozenset(fields["experience"]),
        language=fields["language"],
        gender=fields["gender"],
        age_group=fields["age_group"],
        availability=frozenset(fields["availability"]),
    )


def _names(rng):
    used = set()
    while True:
        gender = rng.choice(("woman", "woman", "man", "man", "man", ""))
        name = f"{rng.choice(FIRST_NAMES[gender])} {rng.choice(SURNAMES)}"
        if name not in used:
            used.add(name)
            yield name, gender


def _make_request(rng, key, name, gender, received, experience_pool, facilitator_share):
    first = rng.choice(experience_pool)
    experience = [first]
    if rng.random() < 0.45:
        second = rng.choice(experience_pool)
        if second != first:
            experience.append(second)
    language = rng.choice(LANGUAGE_WISHES) if rng.random() < 0.12 else ""
    wants_gender = gender if gender and rng.random() < 0.3 else ""
    if language == "Polish" and rng.random() < 0.5:
        wants_gender = "woman"
    age = rng.choice(("under_25", "25_44", "45_64", "65_plus")) if rng.random() < 0.2 else ""
    avail = (
        rng.sample(("weekday_daytime", "weekday_evening", "weekend"), rng.randint(1, 2))
        if rng.random() < 0.5
        else []
    )
    local = name.split()[0].lower()
    contact = (
        f"07700 900{rng.randint(100, 999)}"
        if rng.random() < 0.6
        else f"{local}.{name.split()[1].lower()}@example.com"
    )
    route = "facilitator" if rng.random() < facilitator_share else "self"
    return SimRequest(
        key=key,
        fields={
            "name": name,
            "contact": contact,
            "about": rng.choice(ABOUT[first]),
            "experience": experience,
            "language": language,
            "gender": wants_gender,
            "age_group": age,
            "availability": avail,
        },
        received=received,
        ready=received + timedelta(days=rng.randint(2, 12)),
        route=route,
    )


def simulate(
    rng: random.Random,
    today: date,
    mentors: list[SimMentor],
    requests: list[SimRequest],
    *,
    keep_open: SimMentor | None = None,
) -> list[SimMatch]:
    """Match the requests day by day, as a coordinator would, and close matches as planned.

    ``keep_open``'s matches that would close in the last 100 days stay open, so
    that mentor has a full set of open matches now.
    """
    by_end: dict[date, list[SimMatch]] = {}
    queue: list[SimRequest] = []
    pending = sorted(requests, key=lambda r: (r.received, r.key))
    matches: list[SimMatch] = []
    day = min(r.received for r in requests)
    while day <= today:
        for match in by_end.pop(day, []):
            match.mentor.open.discard(match.request.key)
            if match.outcome == "mentor_left":
                match.request.tried.add(match.mentor.key)
                match.request.ready = day + timedelta(days=rng.randint(3, 8))
                queue.append(match.request)
        while pending and pending[0].received <= day:
            queue.append(pending.pop(0))
        for req in [r for r in queue if r.ready <= day]:
            offered = [
                s
                for s in matching.suggest(_wish(req.fields), _facts(mentors, day), day)
                if not s.blocked and s.mentor_id not in req.tried
            ]
            if not offered:
                continue
            pick = offered[1] if len(offered) > 1 and rng.random() < 0.25 else offered[0]
            mentor = next(m for m in mentors if m.key == pick.mentor_id)
            match = _plan(rng, today, req, mentor, day, list(pick.reasons), keep_open)
            matches.append(match)
            req.matches.append(match)
            mentor.open.add(req.key)
            queue.remove(req)
            if match.end is not None:
                by_end.setdefault(match.end, []).append(match)
        day += timedelta(days=1)
    return matches


def _plan(rng, today, req, mentor, start, reasons, keep_open) -> SimMatch:
    roll = rng.random()
    if roll < 0.15:
        outcome, weeks = "stopped", rng.randint(3, 8)
    elif roll < 0.55:
        outcome, weeks = "goals_met", rng.randint(11, 23)
    elif roll < 0.8:
        outcome, weeks = "moved_on", rng.randint(9, 19)
    elif roll < 0.9:
        outcome, weeks = "other", rng.randint(6, 16)
    elif roll < 0.95:
        outcome, weeks = "mentor_left", rng.randint(6, 14)
    else:
        outcome, weeks = "goals_met", rng.randint(26, 40)
    end = start + timedelta(days=weeks * 7 + rng.randint(0, 6))
    # Nobody is left without a mentor in the last month.
    if outcome == "mentor_left" and end > today - timedelta(days=30):
        outcome = "moved_on"
    expires = mentor.facts["check_expires"]
    if expires is not None and expires < today and end > expires:
        # Their check ran out: the people they supported are found someone else.
        end, outcome = max(expires, start + timedelta(days=1)), "mentor_left"
    if end > today or (mentor is keep_open and end >= today - timedelta(days=100)):
        end, outcome = None, ""
    return SimMatch(req, mentor, start, reasons, end, outcome)


def sessions_for(rng, today: date, match: SimMatch) -> list[tuple[date, int, str, str]]:
    """Weekly-ish sessions from the start until the match closed, or today."""
    last = match.end or today
    if match.outcome == "stopped":
        last = max(match.started_on, last - timedelta(days=rng.randint(14, 28)))
    rows = []
    day = match.started_on
    while day <= last:
        if not rows or rng.random() < 0.88:
            rows.append(
                (
                    day,
                    rng.choice((30, 45, 45, 60, 60, 60, 75, 90)),
                    rng.choice(MODES),
                    ", ".join(rng.sample(TOPICS, rng.choice((1, 1, 2)))),
                )
            )
        day += timedelta(days=rng.choice((7, 7, 7, 7, 6, 8, 5, 14)))
    return rows


def _received_days(rng, today: date, count: int, first: date, last: date) -> list[date]:
    """A launch burst in the first three weeks, then steady arrivals."""
    burst = count // 8
    span = (last - first).days
    days = [first + timedelta(days=rng.randint(0, 20)) for _ in range(burst)]
    days += [first + timedelta(days=rng.randint(21, span)) for _ in range(count - burst)]
    return sorted(days)


def _at(rng, day: date) -> datetime:
    moment = time(rng.randint(8, 21), rng.randint(0, 59))
    return datetime.combine(day, moment, tzinfo=timezone.get_current_timezone())


def load(area: LocalArea, people: dict[str, User]) -> None:
    lero = Organisation.objects.get(name="Northvale Recovery Community")
    if Scheme.objects.filter(local_area=area, organisation=lero).exists():
        return
    ulo = Organisation.objects.get(name="Northvale People First")
    rng = random.Random(20251125)
    today = timezone.localdate()
    coordinator = people["facilitator"]
    recovery = services.scheme_create(
        area,
        people["commissioner"],
        organisation=lero,
        name=RECOVERY,
        description=(
            "One-to-one support from someone who has been through drug or alcohol use, "
            "mental ill health, homelessness or prison, and come out the other side. "
            "Meet weekly for a few months, at the recovery café, on the phone or out and about."
        ),
        coordinators=[coordinator],
    )
    people_first = services.scheme_create(
        area,
        people["commissioner"],
        organisation=ulo,
        name=PEOPLE_FIRST,
        description=(
            "Peer support by and for people with learning disabilities and disabled people. "
            "We are not taking new requests while we train more mentors."
        ),
        coordinators=[coordinator],
    )
    Scheme.objects.filter(pk=people_first.pk).update(taking_requests=False)

    start = add_months(today, -13)
    peer_user = people["peermentor"]

    # The recovery scheme.
    sim_mentors = []
    for i, row in enumerate(RECOVERY_MENTORS):
        fields = mentor_fields(row, today)
        if row[0] == "Marcus Bell":
            fields["user"] = peer_user
        # The peer mentor login keeps one place free.
        cap = 2 if row[0] == "Marcus Bell" else fields["capacity"]
        sim_mentors.append(SimMentor(fields, cap, i))
    names = _names(rng)
    days = _received_days(rng, today, 126, start, today - timedelta(days=12))
    sim_requests = []
    for key, received in enumerate(days):
        name, gender = next(names)
        pool = ("drugs",) * 4 + ("alcohol",) * 4 + ("mental_health",) * 3
        pool += ("homelessness", "justice", "older_age", "carer")
        sim_requests.append(_make_request(rng, key, name, gender, received, pool, 0.2))
    marcus = sim_mentors[0]
    matches = simulate(rng, today, sim_mentors, sim_requests, keep_open=marcus)
    _save(rng, today, area, recovery, coordinator, sim_mentors, sim_requests, matches, marcus)
    for name, contact, about, exp, lang, gender, age, avail, referred, ago in WAITING:
        MentorRequest.objects.create(
            scheme=recovery,
            name=name,
            contact=contact,
            about=about,
            experience=exp,
            language=lang,
            gender=gender,
            age_group=age,
            availability=avail,
            route="facilitator" if referred else "self",
            referred_by=coordinator if referred else None,
            status=MentorRequest.Status.WAITING,
            received_at=_at(rng, today - timedelta(days=ago)),
        )

    # People First: three mentors, not taking requests now.
    pf_mentors = [
        SimMentor(mentor_fields(row, today), row[6], 100 + i)
        for i, row in enumerate(PEOPLE_FIRST_MENTORS)
    ]
    pf_requests = []
    pf_days = _received_days(rng, today, 12, start, today - timedelta(days=110))
    for key, received in enumerate(pf_days):
        name, gender = next(names)
        pool = ("learning_disability",) * 3 + ("disability", "carer")
        pf_requests.append(_make_request(rng, 1000 + key, name, gender, received, pool, 0.5))
        pf_requests[-1].fields["language"] = ""
    pf_matches = simulate(rng, today, pf_mentors, pf_requests)
    _save(rng, today, area, people_first, coordinator, pf_mentors, pf_requests, pf_matches, None)


def _save(rng, today, area, scheme, coordinator, sim_mentors, sim_requests, matches, by_service):
    mentors = {m.key: services.mentor_save(scheme, coordinator, **m.facts) for m in sim_mentors}
    # The peer mentor login's open matches go through the service, below.
    held = [m for m in matches if m.mentor is by_service and m.end is None]
    held_back = {m.request.key for m in held}
    rows = []
    for req in sim_requests:
        if req.key in held_back or not req.matches:
            status = MentorRequest.Status.WAITING
        elif req.matches[-1].end is None:
            status = MentorRequest.Status.MATCHED
        elif req.matches[-1].outcome == "mentor_left":
            status = MentorRequest.Status.WAITING
        else:
            status = MentorRequest.Status.CLOSED
        rows.append(
            MentorRequest(
                scheme=scheme,
                route=req.route,
                referred_by=coordinator if req.route == "facilitator" else None,
                status=status,
                received_at=_at(rng, req.received),
                **req.fields,
            )
        )
    saved = dict(
        zip(
            (r.key for r in sim_requests),
            MentorRequest.objects.bulk_create(rows),
            strict=True,
        )
    )
    bulk = [m for m in matches if not any(m is h for h in held)]
    made = Match.objects.bulk_create(
        Match(
            request=saved[m.request.key],
            mentor=mentors[m.mentor.key],
            started_on=m.started_on,
            reasons=m.reasons,
            made_by=coordinator,
            closed_on=m.end,
            outcome=m.outcome,
            outcome_note=rng.choice(OUTCOME_NOTES[m.outcome]) if m.outcome else "",
        )
        for m in bulk
    )
    sessions = []
    for sim, match in zip(bulk, made, strict=True):
        logger = match.mentor.user or coordinator
        for day, minutes, mode, topics in sessions_for(rng, today, sim):
            sessions.append(
                MentorSession(
                    match=match,
                    happened_on=day,
                    minutes=minutes,
                    mode=mode,
                    topics=topics,
                    logged_by=logger,
                )
            )
    MentorSession.objects.bulk_create(sessions)
    # The peer mentor login's open matches, made and logged as they would be on the site.
    for sim in sorted(held, key=lambda m: m.started_on):
        mentor = mentors[sim.mentor.key]
        match = services.match_make(
            saved[sim.request.key], mentor, coordinator, started_on=sim.started_on
        )
        for day, minutes, mode, topics in sessions_for(rng, today, sim):
            services.session_log(
                match, mentor.user, happened_on=day, minutes=minutes, mode=mode, topics=topics
            )
