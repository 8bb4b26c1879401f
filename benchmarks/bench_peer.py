"""Time the peer support, representation and payment pages on a large made-up area.

    .venv/bin/python benchmarks/bench_peer.py            # SQLite, full size
    .venv/bin/python benchmarks/bench_peer.py --quick    # a tenth of the big tables, a check

From a fixed seed, in one area:

- peer support: 10 schemes of 40 mentors each (400), 20,000 requests for a
  mentor, 20,000 matches and 500,000 sessions spread over the last 12 months;
- representation: 2,000 people on 200 involvement records in the last 12
  months, 1,800 of them with equality details they agreed to share, and the
  area's population shares;
- payments: 20,000 claims by those 2,000 people, one for each record they took
  part in, none sent for payment yet: 5,000 approved, the rest waiting.

Everything is written with bulk_create, straight into the tables. Then each
page is fetched through the Django test client once to count its queries and
warm up, and three times more for the best time (fewer once 20 s of timed runs
have gone, so a slow page does not hold up the rest); the area's reach page is
fetched once more with tracemalloc for Python's peak memory. See
benchmarks/README.md.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from datetime import time as day_time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20253
REPEATS = 3
RUN_BUDGET = 20.0  # seconds of timed runs per page, so a slow page is run fewer times

SCHEMES = 10
MENTORS_PER_SCHEME = 40
REQUESTS = 20_000
MATCHES = 20_000
SESSIONS = 500_000
WAITING_SHARE = 0.1  # of each scheme's requests, the newest, still waiting for a mentor
OPEN_PER_SCHEME = 100  # matches still running, about 2.5 a mentor

PEOPLE = 2_000
CONSENTING = 1_800  # of the people, with equality details; then 100 who said no, 100 with none
RECORDS = 200
PROJECTS = 10
CLAIMS = 20_000
APPROVED = 5_000
QUERIED = 2_000
BUSY_RECORDS = 45  # the first person took part in 45 records and claimed for 40
BUSY_CLAIMS = 40

LANGUAGES = ("Polish", "Urdu", "Punjabi", "Somali", "British Sign Language", "Romanian")
TOPICS = (
    "Talked about the week and what went well.",
    "Went together to the housing office.",
    "Planned for the court date next month.",
    "Practised what to say at the GP.",
    "Walked round the park; talked about staying well at weekends.",
)  # fmt: skip


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a tenth of the requests, matches, sessions, people and claims",
    )
    return parser.parse_args()


class Sizes:
    def __init__(self, quick: bool) -> None:
        tenth = 10 if quick else 1
        self.requests = REQUESTS // tenth
        self.matches = MATCHES // tenth
        self.sessions = SESSIONS // tenth
        self.people = PEOPLE // tenth
        self.consenting = CONSENTING // tenth
        self.claims = CLAIMS // tenth
        self.approved = APPROVED // tenth
        self.queried = QUERIED // tenth
        self.open_per_scheme = OPEN_PER_SCHEME // tenth


class Made:
    """What was built, and the figures the pages should show."""

    area = None
    commissioner = None
    coordinator = None
    scheme = None  # the scheme whose page and a request are fetched
    scheme_sessions = 0  # its sessions in the reach window
    area_sessions = 0  # the area's sessions in the reach window
    waiting_request = None
    busy_person = None  # with BUSY_CLAIMS claims
    took_part = 0
    unsent = 0


# --- the data -----------------------------------------------------------------------------


def _make_people(area, commissioner, sizes: Sizes, made: Made, rng: random.Random, now, today):
    """2,000 people on 200 records in the last 12 months, with equality details and shares."""
    from withus.core.models import Membership, Role, User
    from withus.cycle.ladder import LEVELS, STAGES
    from withus.cycle.models import CommissioningProject, InvolvementRecord
    from withus.insight.models import AgeBand, Disabled, EthnicGroup
    from withus.peer_support.models import Experience
    from withus.representation.models import EqualityProfile, Gender, PopulationShare
    from withus.representation.queries import window

    first, last = window(today)
    people = User.objects.bulk_create(
        (
            User(username=f"person{p:04d}", display_name=f"Person {p:04d}", password="!")
            for p in range(sizes.people)
        ),
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        (Membership(user=u, local_area=area, role=Role.EXPERT_BY_EXPERIENCE) for u in people),
        batch_size=2000,
    )
    projects = CommissioningProject.objects.bulk_create(
        CommissioningProject(
            local_area=area,
            name=f"Project {n:02d}",
            service_area=f"Service {n}",
            budget=Decimal(50_000 * (n + 1)),
            planned_start=first,
            planned_end=first + timedelta(days=3 * 365),
            stage=STAGES[n % len(STAGES)],
            furthest_stage=STAGES[n % len(STAGES)],
            created_by=commissioner,
        )
        for n in range(PROJECTS)
    )
    span = (last - first).days  # the first day of the window is left out: a record on it is
    # in on the day of the run but could drop out if the clock turns midnight mid-run.
    records = [
        InvolvementRecord(
            project=projects[i % PROJECTS],
            stage=projects[i % PROJECTS].stage,
            title=f"Event {i:03d}",
            happened_on=first + timedelta(days=1 + i * (span - 1) // RECORDS),
            level=LEVELS[i % len(LEVELS)],
            group_name="Recovery community" if i % 2 else "",
            group_count=i % 7,
            what_was_said=f"What people said at event {i}.",
            what_changed="" if i % 3 else f"What changed after event {i}.",
            hours_given=Decimal(2 * (i % 13)),
            recorded_by=commissioner,
        )
        for i in range(RECORDS)
    ]
    # Who took part: the first person in BUSY_RECORDS records, the rest share out the other
    # claims as evenly as can be (claims are one per record a person took part in).
    others = sizes.claims - BUSY_CLAIMS
    base, extra = divmod(others, sizes.people - 1)
    taken: list[list[int]] = [rng.sample(range(RECORDS), BUSY_RECORDS)]
    for p in range(1, sizes.people):
        taken.append(rng.sample(range(RECORDS), base + (1 if p <= extra else 0)))
    counts = [0] * RECORDS
    for chosen in taken:
        for r in chosen:
            counts[r] += 1
    for record, n in zip(records, counts, strict=True):
        record.participant_count = n
    records = InvolvementRecord.objects.bulk_create(records)
    through = InvolvementRecord.participants.through
    through.objects.bulk_create(
        (
            through(involvementrecord_id=records[r].pk, user_id=people[p].pk)
            for p, chosen in enumerate(taken)
            for r in chosen
        ),
        batch_size=5000,
    )
    made.took_part = sum(1 for chosen in taken if chosen)

    # Equality details, skewed from the area's population so there are gaps to show.
    def pick(pairs):
        values, weights = zip(*pairs, strict=True)
        return rng.choices(values, weights=weights)[0]

    ages = [(a, w) for a, w in zip(AgeBand.values, (1, 6, 14, 22, 24, 18, 8, 3, 2), strict=True)]
    genders = [("woman", 38), ("man", 54), ("non_binary", 3), ("other", 1), ("", 2)]
    genders.append((Gender.PREFER_NOT.value, 2))
    ethnic = [("asian", 7), ("black", 6), ("mixed", 4), ("white", 78), ("other", 2)]
    ethnic.append((EthnicGroup.PREFER_NOT.value, 3))
    disabled = [("yes", 34), ("no", 58), (Disabled.PREFER_NOT.value, 4), ("", 4)]
    experience = Experience.values
    profiles = []
    for p in range(sizes.people):
        if p < sizes.consenting:
            profiles.append(
                EqualityProfile(
                    user=people[p],
                    consent=True,
                    age_band=pick(ages + [("", 3)]),
                    gender=pick(genders),
                    ethnic_group=pick(ethnic),
                    disabled=pick(disabled),
                    experience=rng.sample(experience, rng.choice((0, 1, 1, 2, 2, 3))),
                    changed_at=now - timedelta(days=rng.randrange(400)),
                )
            )
        elif p < (sizes.people + sizes.consenting) // 2:
            profiles.append(EqualityProfile(user=people[p], consent=False, changed_at=now))
    EqualityProfile.objects.bulk_create(profiles, batch_size=2000)
    shares = {
        "age_band": dict(zip(AgeBand.values[:-1], (20, 9, 13, 13, 13, 13, 10, 9), strict=True)),
        "gender": {"woman": 51, "man": 48.5, "non_binary": 0.3, "other": 0.2},
        "ethnic_group": {"asian": 10, "black": 4, "mixed": 3, "white": 81, "other": 2},
        "disabled": {"yes": 18, "no": 82},
        "experience": {"drugs": 3, "alcohol": 5, "mental_health": 17, "disability": 18},
    }
    PopulationShare.objects.bulk_create(
        PopulationShare(
            local_area=area,
            category=category,
            group=group,
            percent=Decimal(str(percent)),
            source="Census 2021",
        )
        for category, groups in shares.items()
        for group, percent in groups.items()
    )
    return people, records, taken


def _make_claims(area, commissioner, sizes, made, rng, now, today, people, records, taken):
    """One claim per record each person took part in (the busy person skips 5)."""
    from withus.payments.models import Claim, PaymentChoice, PaymentRate, Unit

    rate = Decimal("25.00")
    PaymentRate.objects.bulk_create(
        PaymentRate(
            local_area=area,
            unit=unit,
            amount=Decimal(amount),
            effective_from=today - timedelta(days=730),
            set_by=commissioner,
            set_at=now - timedelta(days=730),
        )
        for unit, amount in (
            (Unit.HOUR, "25.00"),
            (Unit.HALF_DAY, "80.00"),
            (Unit.DAY, "150.00"),
            (Unit.MILE, "0.45"),
        )
    )
    choices = [rng.choices(("paid", "vouchers", "not_paid"), (80, 10, 10))[0] for _ in people]
    PaymentChoice.objects.bulk_create(
        (
            PaymentChoice(user=u, local_area=area, choice=c, changed_at=now - timedelta(days=400))
            for u, c in zip(people, choices, strict=True)
        ),
        batch_size=2000,
    )
    pairs = [(0, r) for r in taken[0][:BUSY_CLAIMS]]
    pairs += [(p, r) for p in range(1, len(people)) for r in taken[p]]
    assert len(pairs) == sizes.claims, (len(pairs), sizes.claims)
    statuses = [Claim.Status.APPROVED] * sizes.approved + [Claim.Status.QUERIED] * sizes.queried
    statuses += [Claim.Status.SUBMITTED] * (len(pairs) - len(statuses))
    rng.shuffle(statuses)
    claims = []
    for (p, r), status in zip(pairs, statuses, strict=True):
        record = records[r]
        quantity = Decimal(rng.choice((1, 1.5, 2, 2, 3, 4, 6))).quantize(Decimal("0.01"))
        fee = Decimal(0) if choices[p] == "not_paid" else (quantity * rate)
        expenses = Decimal(rng.choice((0, 0, 0, 4.5, 7.2, 12, 30))).quantize(Decimal("0.01"))
        made_at = min(
            now - timedelta(minutes=5),
            datetime.combine(record.happened_on, day_time(17), now.tzinfo)
            + timedelta(days=rng.randrange(1, 10)),
        )
        decided = status != Claim.Status.SUBMITTED
        claims.append(
            Claim(
                local_area=area,
                claimant=people[p],
                record=record,
                unit=Unit.HOUR,
                quantity=quantity,
                rate=rate,
                choice=choices[p],
                fee=fee,
                expenses=expenses,
                total=fee + expenses,
                note="Bus there and back." if expenses else "",
                status=status,
                query="Which day was this?" if status == Claim.Status.QUERIED else "",
                decided_by=commissioner if decided else None,
                decided_at=made_at + timedelta(minutes=1) if decided else None,
                made_at=made_at,
            )
        )
    Claim.objects.bulk_create(claims, batch_size=2000)
    made.unsent = len(claims)


def _make_peer(area, commissioner, sizes: Sizes, made: Made, rng: random.Random, now, today):
    """10 schemes of 40 mentors, their requests, matches and a year of sessions."""
    from django.db import transaction
    from django.utils import timezone

    from withus.core.models import Membership, Organisation, Role, User
    from withus.peer_support.models import (
        AgeGroup,
        Availability,
        Experience,
        Gender,
        Match,
        Mentor,
        MentorRequest,
        MentorSession,
        Scheme,
    )
    from withus.peer_support.queries import reach_window

    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Peer org {s:02d}", kind=Organisation.Kind.USER_LED, local_area=area)
        for s in range(SCHEMES)
    )
    schemes = Scheme.objects.bulk_create(
        Scheme(
            local_area=area,
            organisation=organisations[s],
            name=f"Peer scheme {s:02d}",
            description="Mentors who have been there too.",
        )
        for s in range(SCHEMES)
    )
    coordinator = User.objects.create(
        username="coordinator", display_name="Coordinator", password="!"
    )
    schemes[0].coordinators.add(coordinator)
    mentor_users = User.objects.bulk_create(
        User(username=f"mentor{m:03d}", display_name=f"Mentor {m:03d}", password="!")
        for m in range(SCHEMES * MENTORS_PER_SCHEME)
    )
    Membership.objects.bulk_create(
        Membership(user=u, local_area=area, role=Role.PEER_MENTOR) for u in mentor_users
    )

    def some(values, most):
        return rng.sample(list(values), rng.randint(1, most))

    mentors = []
    for m, user in enumerate(mentor_users):
        check = rng.choices(list(Mentor.Check.values), (5, 5, 85, 5))[0]
        expires = today + timedelta(days=rng.randint(-60, 700)) if check == "clear" else None
        mentors.append(
            Mentor(
                scheme=schemes[m // MENTORS_PER_SCHEME],
                user=user,
                name=f"Mentor {m:03d}",
                experience=some(Experience.values, 3),
                languages=["English"] + ([rng.choice(LANGUAGES)] if m % 3 == 0 else []),
                availability=some(Availability.values, 3),
                gender=rng.choice(Gender.values + [""]),
                age_group=rng.choice(AgeGroup.values + [""]),
                capacity=rng.randint(2, 5),
                trained_on=None if m % 12 == 0 else today - timedelta(days=rng.randint(30, 900)),
                check_status=check,
                check_expires=expires,
                active=m % 20 != 0,
            )
        )
    mentors = Mentor.objects.bulk_create(mentors)

    # Requests: each scheme's arrive over 420 days; the newest tenth are still waiting.
    per_scheme = sizes.requests // SCHEMES
    waiting = int(per_scheme * WAITING_SHARE)
    requests = []
    for s, scheme in enumerate(schemes):
        older = sorted(rng.uniform(30, 420) for _ in range(per_scheme - waiting))[::-1]
        newer = sorted(rng.uniform(0.1, 30) for _ in range(waiting))[::-1]
        for k, days_ago in enumerate(older + newer):
            requests.append(
                MentorRequest(
                    scheme=scheme,
                    name=f"Person {s:02d}-{k:04d}",
                    contact=f"07700 9{s:02d}{k:03d}"[:13],
                    about="Staying off drink after leaving rehab.",
                    experience=some(Experience.values, 2),
                    language=rng.choice(LANGUAGES) if k % 10 == 0 else "",
                    gender=rng.choice(Gender.values + ["", "", ""]),
                    age_group=rng.choice(AgeGroup.values + ["", ""]),
                    availability=some(Availability.values, 2),
                    route=MentorRequest.Route.SELF if k % 3 else MentorRequest.Route.FACILITATOR,
                    status=(
                        MentorRequest.Status.WAITING
                        if k >= per_scheme - waiting
                        else MentorRequest.Status.CLOSED
                    ),
                    received_at=now - timedelta(days=days_ago),
                )
            )
    requests = MentorRequest.objects.bulk_create(requests, batch_size=2000)

    # Matches: one for each request not waiting, and a second for some whose first mentor
    # left; each scheme's newest matches are still open, the rest closed.
    matched_per_scheme = per_scheme - waiting
    seconds = (sizes.matches - SCHEMES * matched_per_scheme) // SCHEMES
    matches: list[Match] = []
    for s in range(SCHEMES):
        scheme_requests = requests[s * per_scheme : s * per_scheme + matched_per_scheme]
        scheme_mentors = mentors[s * MENTORS_PER_SCHEME : (s + 1) * MENTORS_PER_SCHEME]
        # Second matches only for requests old enough for a first match to have ended.
        old_enough = [
            k for k, r in enumerate(scheme_requests) if r.received_at < now - timedelta(days=100)
        ]
        twice = set(rng.sample(old_enough, seconds))
        for k, wanted in enumerate(scheme_requests):
            is_open = k >= matched_per_scheme - sizes.open_per_scheme
            start = timezone.localdate(wanted.received_at) + timedelta(days=rng.randint(3, 14))
            mentor = scheme_mentors[rng.randrange(MENTORS_PER_SCHEME)]
            if k in twice:
                left = start + timedelta(days=rng.randint(10, 60))
                matches.append(
                    Match(
                        request=wanted,
                        mentor=mentor,
                        started_on=start,
                        reasons=["Shares lived experience"],
                        made_by=coordinator,
                        closed_on=left,
                        outcome=Match.Outcome.MENTOR_LEFT,
                    )
                )
                start = left + timedelta(days=rng.randint(1, 10))
                mentor = scheme_mentors[rng.randrange(MENTORS_PER_SCHEME)]
            closed = None if is_open else min(start + timedelta(days=rng.randint(20, 150)), today)
            matches.append(
                Match(
                    request=wanted,
                    mentor=mentor,
                    started_on=start,
                    reasons=["Shares lived experience", "Can take 2 more people"],
                    made_by=coordinator,
                    closed_on=closed,
                    outcome="" if is_open else Match.Outcome.GOALS_MET,
                )
            )
            if is_open:
                wanted.status = MentorRequest.Status.MATCHED
    matches = Match.objects.bulk_create(matches, batch_size=2000)
    MentorRequest.objects.bulk_update(
        [r for r in requests if r.status == MentorRequest.Status.MATCHED], ["status"]
    )

    # Sessions over the last 12 months (365 days to today), each within its match's dates;
    # matches share them out by how many of those days they ran.
    year_ago = today - timedelta(days=364)
    spans = []
    for match in matches:
        begin = max(match.started_on, year_ago)
        end = min(match.closed_on or today, today)
        spans.append((begin, (end - begin).days + 1 if end >= begin else 0))
    weights = [n for _b, n in spans]
    chosen = rng.choices(range(len(matches)), weights=weights, k=sizes.sessions)
    first, _last = reach_window(today)
    mentor_users_by_id = {m.pk: m.user_id for m in mentors}
    scheme_of = {m.pk: m.scheme_id for m in mentors}
    modes = MentorSession.Mode.values
    # Made and written 50,000 at a time, each batch in one transaction.
    for chunk in range(0, len(chosen), 50_000):
        sessions = []
        for i in chosen[chunk : chunk + 50_000]:
            begin, days = spans[i]
            match = matches[i]
            happened = begin + timedelta(days=rng.randrange(days))
            if happened >= first:
                made.area_sessions += 1
                made.scheme_sessions += scheme_of[match.mentor_id] == schemes[0].pk
            sessions.append(
                MentorSession(
                    match_id=match.pk,
                    happened_on=happened,
                    minutes=rng.choice((30, 45, 60, 60, 60, 90, 120)),
                    mode=modes[i % len(modes)],
                    topics=TOPICS[i % len(TOPICS)],
                    logged_by_id=mentor_users_by_id[match.mentor_id],
                )
            )
        with transaction.atomic():
            MentorSession.objects.bulk_create(sessions, batch_size=5000)

    made.coordinator = coordinator
    made.scheme = schemes[0]
    made.waiting_request = requests[per_scheme - 1]  # scheme 0's newest, waiting
    return len(requests), len(matches), len(chosen)


def _make_data(sizes: Sizes) -> tuple[Made, dict]:
    from django.db import transaction
    from django.utils import timezone

    from withus.core.models import LocalArea, Membership, Role, User

    rng = random.Random(SEED)
    made = Made()
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate(now)
    timings = {}
    with transaction.atomic():
        area = LocalArea.objects.create(name="Benchmark area", slug="bench")
        commissioner = User.objects.create(
            username="commissioner", display_name="Commissioner", password="!"
        )
        Membership.objects.create(user=commissioner, local_area=area, role=Role.COMMISSIONER)
        start = time.perf_counter()
        people, records, taken = _make_people(area, commissioner, sizes, made, rng, now, today)
        timings["people"] = time.perf_counter() - start
        start = time.perf_counter()
        _make_claims(area, commissioner, sizes, made, rng, now, today, people, records, taken)
        timings["claims"] = time.perf_counter() - start
    start = time.perf_counter()
    timings["peer counts"] = _make_peer(area, commissioner, sizes, made, rng, now, today)
    timings["peer"] = time.perf_counter() - start
    made.area, made.commissioner, made.busy_person = area, commissioner, people[0]
    return made, timings


# --- timing -------------------------------------------------------------------------------


def _count_queries(action) -> tuple[int, int]:
    """Run ``action`` once: (queries, bytes in the page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = action()
    return len(captured), len(response.content)


def _best(action) -> tuple[float, int]:
    """The best of REPEATS runs, or of fewer once RUN_BUDGET seconds have gone: (s, runs)."""
    best, spent, runs = float("inf"), 0.0, 0
    while runs < REPEATS and spent < RUN_BUDGET:
        start = time.perf_counter()
        action()
        took = time.perf_counter() - start
        best, spent, runs = min(best, took), spent + took, runs + 1
    return best, runs


def _page(client, url: str, must_contain: str):
    def get():
        response = client.get(url)
        if response.status_code != 200 or must_contain.encode() not in response.content:
            raise SystemExit(f"{url} answered {response.status_code} without {must_contain!r}")
        return response

    return get


def _peak_mb(action) -> float:
    """The most memory Python held at once while ``action`` ran, in MB."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _bench(sizes: Sizes, label: str) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    made, timings = _make_data(sizes)
    built = time.perf_counter()
    requests, matches, sessions = timings["peer counts"]
    print(
        f"{label}: migrate {migrated - started:.1f} s, data {built - migrated:.1f} s "
        f"(people and records {timings['people']:.1f} s, claims {timings['claims']:.1f} s, "
        f"peer support {timings['peer']:.1f} s)"
    )
    print(
        f"{requests:,} requests, {matches:,} matches, {sessions:,} sessions "
        f"({made.area_sessions:,} in the reach window, {made.scheme_sessions:,} of them "
        f"scheme 0's); {made.took_part:,} people took part; {made.unsent:,} claims unsent"
    )

    public = Client()
    coordinator = Client()
    coordinator.force_login(made.coordinator)
    commissioner = Client()
    commissioner.force_login(made.commissioner)
    person = Client()
    person.force_login(made.busy_person)
    slug = made.area.slug
    reach_page = _page(
        public, reverse("peer_support", args=[slug]), "Reach over the last 12 months"
    )
    pages = [
        ("area reach page", made.area_sessions, "sessions", reach_page),
        (
            "scheme page",
            made.scheme_sessions,
            "sessions",
            _page(public, reverse("peer_scheme", args=[made.scheme.pk]), made.scheme.name),
        ),
        (
            "request + suggestions",
            MENTORS_PER_SCHEME,
            "mentors",
            _page(
                coordinator,
                reverse("peer_request", args=[made.waiting_request.pk]),
                "Suggested mentors",
            ),
        ),
        (
            "representation",
            made.took_part,
            "people",
            _page(public, reverse("representation", args=[slug]), "Who takes part"),
        ),
        (
            "representation CSV",
            made.took_part,
            "people",
            _page(public, reverse("representation_csv", args=[slug]), "percent of residents"),
        ),
        (
            "claims queue",
            made.unsent,
            "claims",
            _page(commissioner, reverse("claims", args=[slug]), "Involvement claims"),
        ),
        (
            "my claims",
            BUSY_CLAIMS,
            "claims",
            _page(person, reverse("my_claims"), "Your statement"),
        ),
    ]
    print()
    print(f"{'what':<24} {'rows':>9} {'':<9} {'queries':>8} {'best s':>8} {'runs':>5} {'KB':>7}")
    for what, rows, of, action in pages:
        queries, size = _count_queries(action)  # also warms up
        kb = size / 1000
        best, runs = _best(action)
        print(
            f"{what:<24} {rows:>9,} {of:<9} {queries:>8} {best:>8.2f} {runs:>5} {kb:>7,.0f}",
            flush=True,
        )
    peak = _peak_mb(reach_page)
    print(f"\narea reach page: peak Python memory {peak:.1f} MB (tracemalloc, a separate run)")
    print(
        f"\nBest of {REPEATS} runs (fewer once {RUN_BUDGET:.0f} s have gone) after one that "
        "counts the queries and the page's size (KB); "
        f"{connection.vendor}; "
        "load average over the last 1, 5 and 15 minutes: %.1f, %.1f, %.1f." % os.getloadavg()
    )


def main() -> None:
    args = _arguments()
    os.environ["DJANGO_SETTINGS_MODULE"] = "withus.settings"
    # Timings as in production: no query log kept in memory.
    os.environ.setdefault("WITHUS_DEBUG", "0")
    tmp = tempfile.mkdtemp(prefix="withus-bench-peer-")
    os.environ["WITHUS_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    try:
        import django

        django.setup()
        _bench(Sizes(args.quick), f"SQLite, {tmp}/bench.sqlite3")
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
