"""Northvale's ratings site: services, the criteria its lived-experience group
chose, and two years of stories, some waiting for a moderator.

Made with a fixed seed so every demo is the same. Most stories go straight
into the tables (a few hundred through the services would be slow); the
waiting ones go through ``story_tell`` so their personal details are flagged.
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from withus.core.models import LocalArea, Organisation, User

from . import services
from .models import Rating, RatingCriterion, Reply, SafeguardingRoute, Service, Story

CRITERIA = (
    "I was treated with respect",
    "I could get help when I needed it",
    "Staff listened to me",
    "I would recommend it to someone like me",
)

# name, kind, place, provider name
SERVICES = (
    (
        "Harbour Community Mental Health Team",
        "Mental health support",
        "Northvale town",
        "Harbour Care Ltd",
    ),
    ("Harbour Crisis Café", "Crisis support", "Eastgate", "Harbour Care Ltd"),
    (
        "Northvale Recovery Hub",
        "Drug and alcohol recovery",
        "Northvale town",
        "Northvale Recovery Community",
    ),
    ("Recovery Café at St Mark's", "Peer support", "Westfield", "Northvale Recovery Community"),
    ("Brightpath Day Centre", "Day opportunities", "Millbrook", "Brightpath Recovery CIC"),
    ("Brightpath Home Support", "Support at home", "Northvale town", "Brightpath Recovery CIC"),
    ("Harbour Supported Living", "Supported living", "Ashby", "Harbour Care Ltd"),
    ("QuickStep Home Care", "Home care", "Eastgate", "QuickStep Support Ltd"),
)

GOOD = (
    "The staff always make time to talk to me.",
    "I got an appointment the same week, in the evening, which fitted round work.",
    "They treated me as a person, not a case number.",
    "My peer mentor has been through it too and that makes all the difference.",
    "They helped me sort out my benefits as well as my support.",
    "I feel listened to for the first time in years.",
)
MIXED = (
    "Good people but they are stretched thin.",
    "It took a while to get a first appointment but it was worth it.",
    "The building is hard to get into with my wheelchair.",
    "Sometimes the worker changes and I have to tell my story again.",
)
BAD = (
    "I waited six weeks and nobody called me back.",
    "Nobody explained what would happen next.",
    "I was talked down to at reception.",
    "The evening drop-in was cancelled three times this month.",
    "When I was in crisis the phone line was closed.",
)
WAITING = (
    "My support worker Karen was brilliant, please tell her thank you. "
    "You can call me on 07700 900123.",
    "Dr Ahmed did not listen to me at all and I left in tears.",
    "I live at 14 Acacia Avenue and nobody has come for three weeks.",
    "Great service, the new evening group is really helping.",
    "The café is a lifeline for me. Email me at sam.example@example.com if you want to know more.",
    "Waited over an hour and then was sent home.",
    "They did not ring me back after I said I was struggling.",
    "Staff are kind but there are not enough of them.",
    "The wheelchair ramp is still broken after two months.",
    "I was not told about my rights to a personal budget.",
    "Best support I have had. They helped me get back to college.",
    "Felt rushed in every appointment.",
)


def _when(rng, now, days_back):
    day = timezone.localdate(now) - timedelta(days=days_back)
    moment = time(rng.randint(8, 20), rng.randint(0, 59))
    return datetime.combine(day, moment, tzinfo=timezone.get_current_timezone())


def load(area: LocalArea, people: dict[str, User]) -> None:
    if RatingCriterion.objects.filter(local_area=area).exists():
        return
    rng = random.Random(20261125)
    now = timezone.now()
    criteria = [
        RatingCriterion.objects.create(local_area=area, wording=w, position=i + 1)
        for i, w in enumerate(CRITERIA)
    ]
    SafeguardingRoute.objects.create(
        local_area=area,
        name="Northvale Adult Safeguarding Hub",
        contact="safeguarding@northvale.example",
    )
    services_ = []
    for name, kind, place, provider in SERVICES:
        org, _ = Organisation.objects.get_or_create(
            name=provider,
            defaults={
                "kind": Organisation.Kind.USER_LED
                if provider.startswith("Northvale")
                else Organisation.Kind.PROVIDER
            },
        )
        services_.append(
            Service.objects.create(
                local_area=area,
                name=name,
                kind=kind,
                place=place,
                provider=org,
                description=f"{kind} in {place}.",
            )
        )
    moderator = people["moderator"]
    # Each service has its own mood, so the pages differ.
    moods = [0.75, 0.5, 0.85, 0.9, 0.6, 0.55, 0.4, 0.3]
    stories = []
    ratings = []
    for i in range(320):
        service = services_[i % len(services_)]
        mood = moods[i % len(moods)]
        roll = rng.random()
        if roll < mood:
            text, base = rng.choice(GOOD), 4
        elif roll < mood + (1 - mood) / 2:
            text, base = rng.choice(MIXED), 3
        else:
            text, base = rng.choice(BAD), 2
        created = _when(rng, now, rng.randint(3, 730))
        story = Story(
            service=service,
            text=text,
            created_at=created,
            status=Story.Status.REJECTED if i % 53 == 0 else Story.Status.PUBLISHED,
            criticality=5 - base if base < 4 else 1,
            moderated_by=moderator,
            moderated_at=created + timedelta(days=1),
            reason="Not about this service." if i % 53 == 0 else "",
        )
        stories.append(story)
    Story.objects.bulk_create(stories)
    for story in stories:
        base = 4 if story.text in GOOD else 3 if story.text in MIXED else 2
        for c in criteria:
            if rng.random() < 0.9:
                score = max(1, min(5, base + rng.choice((-1, 0, 0, 1))))
                ratings.append(Rating(story=story, criterion=c, score=score))
    Rating.objects.bulk_create(ratings)
    # Providers reply to some concerns; some report a change.
    writers = {}
    for story in stories:
        if story.status != Story.Status.PUBLISHED or story.text not in BAD:
            continue
        if rng.random() > 0.6:
            continue
        org = story.service.provider
        writer = writers.get(org.pk)
        if writer is None:
            writer = (
                User.objects.filter(memberships__organisation=org).first() or people["provider"]
            )
            writers[org.pk] = writer
        change = rng.choice(("none", "planned", "made", "made"))
        Reply.objects.create(
            story=story,
            organisation=org,
            written_by=writer,
            text="Thank you for telling us. We are sorry this happened.",
            change=change,
            change_description=""
            if change == "none"
            else "We have added a second evening worker so the drop-in is not cancelled.",
            status=Reply.Status.PUBLISHED
            if change == "none" or rng.random() < 0.8
            else Reply.Status.PENDING,
            checked_by=None if change == "none" else moderator,
            created_at=story.created_at + timedelta(days=3),
        )
    # Stories waiting for the moderator, told through the public form's service.
    for i, text in enumerate(WAITING):
        story = services.story_tell(
            services_[i % len(services_)],
            text=text,
            ratings={c.pk: rng.randint(1, 5) for c in criteria},
            contact_email="someone@example.com" if i % 3 == 0 else "",
        )
        Story.objects.filter(pk=story.pk).update(created_at=now - timedelta(hours=6 * (i + 1)))
    # One the moderator sends to safeguarding, one serious enough to alert commissioners.
    waiting = {s.text: s for s in Story.objects.filter(status=Story.Status.PENDING)}
    for text, decision, level in (
        (WAITING[6], "safeguarding", 5),
        (WAITING[5], "publish", 4),
    ):
        story = waiting[text]
        services.story_moderate(
            story,
            moderator,
            version=story.version,
            decision=decision,
            text=story.text,
            criticality=level,
            reason="",
        )
