"""Who takes part in Northvale's involvement, against who lives there.

Northvale's population shares (demo figures in the shape of the 2021 census),
and 48 more people with lived experience who took part in three events in
the last year. Most gave their equality details; a few chose not to. The mix
is skewed the way it often is, so the page has real gaps to show: few women,
hardly any Asian people, more people aged 45 to 64 than live in the county.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from withus.core.models import LocalArea, Membership, Role, User
from withus.cycle import services as cycle
from withus.cycle.models import CommissioningProject

from .models import EqualityProfile, PopulationShare

SOURCE = "Census 2021, Northvale (demo figures)"
SHARES = {
    "gender": {"woman": "51.0", "man": "48.6", "non_binary": "0.4"},
    "age_band": {
        "under_18": "17.5",
        "18_24": "8.9",
        "25_34": "13.1",
        "35_44": "12.4",
        "45_54": "13.6",
        "55_64": "13.9",
        "65_74": "11.2",
        "75_plus": "9.4",
    },
    "ethnic_group": {
        "white": "84.2",
        "asian": "8.6",
        "black": "3.1",
        "mixed": "2.6",
        "other": "1.5",
    },
    "disabled": {"yes": "19.5", "no": "80.5"},
}

# name, gender, ethnic group: those who gave their details.
WITH_CONSENT = (
    ("Karen Lowther", "woman", "white"),
    ("Natalie Briggs", "woman", "white"),
    ("Shauna McBride", "woman", "white"),
    ("Lisa Crane", "woman", "white"),
    ("Debbie Marsh", "woman", "white"),
    ("Amira Khan", "woman", "asian"),
    ("Grace Adebayo", "woman", "black"),
    ("Hayley Turner", "woman", "white"),
    ("Joanne Pearce", "woman", "white"),
    ("Claire Hadley", "woman", "white"),
    ("Nicola Booth", "woman", "white"),
    ("Darren Holt", "man", "white"),
    ("Steve Mason", "man", "white"),
    ("Lee Wardle", "man", "white"),
    ("Craig Fenwick", "man", "white"),
    ("Paul Rigby", "man", "white"),
    ("Kevin Shaw", "man", "white"),
    ("Gary Nolan", "man", "white"),
    ("Mark Dobson", "man", "white"),
    ("Neil Garside", "man", "white"),
    ("Jason Kerr", "man", "white"),
    ("Wayne Pollard", "man", "white"),
    ("Liam Fairclough", "man", "white"),
    ("Ryan Tait", "man", "white"),
    ("Martin Gill", "man", "white"),
    ("Shaun Devlin", "man", "white"),
    ("Anthony Royle", "man", "white"),
    ("Jamie Lister", "man", "white"),
    ("Chris Haworth", "man", "white"),
    ("Phil Ackroyd", "man", "white"),
    ("Simon Blakey", "man", "white"),
    ("Dean Crowther", "man", "white"),
    ("Ian Metcalfe", "man", "white"),
    ("Billy Rourke", "man", "white"),
    ("Tariq Mahmood", "man", "asian"),
    ("Sunil Mehta", "man", "asian"),
    ("Kwame Asante", "man", "black"),
    ("Delroy Campbell", "man", "black"),
    ("Emmanuel Okoro", "man", "black"),
    ("Jordan Ellis-Grant", "man", "mixed"),
    ("Robin Ashby", "non_binary", "white"),
    ("Charlie Dunn", "prefer_not_to_say", "prefer_not_to_say"),
)
WITHOUT_CONSENT = (
    "Terry Ogden",
    "Mandy Hirst",
    "Zoe Platt",
    "Frank Keegan",
    "Leon Baptiste",
    "Beverley Rudd",
)
# Shuffled over the people above, so each count is exact.
AGES = (
    ["18_24"] * 2
    + ["25_34"] * 6
    + ["35_44"] * 8
    + ["45_54"] * 10
    + ["55_64"] * 9
    + ["65_74"] * 4
    + ["75_plus"]
    + ["prefer_not_to_say"] * 2
)
DISABLED = ["yes"] * 16 + ["no"] * 25 + ["prefer_not_to_say"]
EXPERIENCE = ["drugs"] * 5 + ["alcohol"] * 5 + ["mental_health"] * 5
EXPERIENCE += ["homelessness", "justice", "disability", "carer", "learning_disability"]

# The four who sign in or are named in the demo: gender, age, ethnic group, disabled, experience.
EXPERTS = {
    "expert": ("woman", "45_54", "white", "yes", ["mental_health"]),
    "ade": ("man", "35_44", "black", "no", ["drugs", "alcohol"]),
    "maria": ("woman", "55_64", "white", "yes", ["alcohol", "carer"]),
    "tom": ("man", "45_54", "white", "no", ["drugs", "justice"]),
}

DRUGS = "Adult drug and alcohol treatment, 2027 to 2032"
DAY = "Day opportunities for people with learning disabilities"
# project, stage, title, days ago, level, how many of the people, what was said, hours each
EVENTS = (
    (
        DRUGS,
        "needs_assessment",
        "Listening event at the recovery cafe",
        230,
        "engagement",
        30,
        "People want somewhere to go at weekends, and help that does not stop when treatment ends.",
        "2.5",
    ),
    (
        DAY,
        "review_current_services",
        "Day services review panel",
        110,
        "consultation",
        14,
        "The day centre is good for some, but people want to do things in town too.",
        "3",
    ),
    (
        DRUGS,
        "review_current_services",
        "Mystery shopping of the drug and alcohol service",
        45,
        "engagement",
        12,
        "Three of the twelve calls were not answered. The web page gave an old address.",
        "2",
    ),
)


def _person(username: str, name: str) -> User:
    user, _ = User.objects.get_or_create(username=username)
    user.display_name = name
    user.first_name, _, user.last_name = name.partition(" ")
    user.email = f"{username}@northvale.example"
    user.is_active = True
    user.set_unusable_password()
    user.save()
    return user


def load(area: LocalArea, people: dict[str, User]) -> None:
    if PopulationShare.objects.filter(local_area=area).exists():
        return
    rng = random.Random(2021)
    now = timezone.now()
    today = timezone.localdate()
    PopulationShare.objects.bulk_create(
        PopulationShare(
            local_area=area, category=category, group=group, percent=Decimal(p), source=SOURCE
        )
        for category, groups in SHARES.items()
        for group, p in groups.items()
    )

    names = [n for n, _g, _e in WITH_CONSENT] + list(WITHOUT_CONSENT)
    newcomers = []
    for i, name in enumerate(names, start=1):
        user = _person(f"participant-{i:02d}", name)
        Membership.objects.get_or_create(user=user, local_area=area, role=Role.EXPERT_BY_EXPERIENCE)
        newcomers.append(user)

    ages, disabled = AGES[:], DISABLED[:]
    rng.shuffle(ages)
    rng.shuffle(disabled)
    profiles = []
    for user, (_n, gender, ethnic), age, dis in zip(
        newcomers, WITH_CONSENT, ages, disabled, strict=False
    ):
        first = rng.choice(EXPERIENCE)
        experience = [first]
        if rng.random() < 0.5:
            other = rng.choice(("drugs", "alcohol", "mental_health"))
            if other != first:
                experience.append(other)
        profiles.append(
            EqualityProfile(
                user=user,
                consent=True,
                age_band=age,
                gender=gender,
                ethnic_group=ethnic,
                disabled=dis,
                experience=experience,
                changed_at=now,
            )
        )
    profiles += [
        EqualityProfile(user=user, consent=False, changed_at=now)
        for user in newcomers[len(WITH_CONSENT) :]
    ]
    EqualityProfile.objects.bulk_create(profiles)
    for username, (gender, age, ethnic, dis, experience) in EXPERTS.items():
        EqualityProfile.objects.update_or_create(
            user=people[username],
            defaults={
                "consent": True,
                "gender": gender,
                "age_band": age,
                "ethnic_group": ethnic,
                "disabled": dis,
                "experience": experience,
                "changed_at": now,
            },
        )

    # Everyone takes part in at least one event; some in two or three.
    projects = {
        p.name: p
        for p in CommissioningProject.objects.filter(local_area=area, name__in=(DRUGS, DAY))
    }
    order = newcomers[:]
    rng.shuffle(order)
    start = 0
    for project, stage, title, days_ago, level, count, said, hours in EVENTS:
        who = [order[(start + k) % len(order)] for k in range(count)]
        start += count
        cycle.involvement_record(
            by=people["facilitator"],
            project=projects[project],
            stage=stage,
            title=title,
            happened_on=today - timedelta(days=days_ago),
            level=level,
            participants=who,
            group_name="",
            group_count=0,
            what_was_said=said,
            what_changed="",
            hours_given=Decimal(hours) * len(who),
        )  # sets participant_count, which lists count people from
