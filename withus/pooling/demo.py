"""Demo data for pooling: consenting budget holders, two running groups with a
year of ledger entries, one member who has left, and outcomes.

Built through the services, so the ledger checks and the audit log are real.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from withus.core.models import LocalArea, Membership, Role, User

from . import services
from .models import BudgetHolder, Interest, Invitation, PoolingGroup

INTERESTS = (
    "art",
    "cinema",
    "cooking",
    "football",
    "gardening",
    "going to the pub",
    "gym",
    "music",
    "swimming",
    "walking",
)
# username, name, locality, interests, monthly budget
HOLDERS = [
    ("budgetholder", "Alan Price", "NV1", ("swimming", "music"), "1450.00"),
    ("bella", "Bella Moore", "NV1", ("swimming", "cinema"), "1200.00"),
    ("chris", "Chris Adeyemi", "NV1", ("swimming", "football"), "980.00"),
    ("dev", "Dev Sharma", "NV1", ("swimming", "cooking"), "1100.00"),
    ("erin", "Erin Walsh", "NV1", ("swimming", "walking"), "760.00"),
    ("fran", "Fran Lee", "NV2", ("gardening", "walking"), "640.00"),
    ("gus", "Gus Okoro", "NV2", ("gardening", "music"), "820.00"),
    ("hana", "Hana Ito", "NV2", ("gardening", "art"), "700.00"),
    ("ivan", "Ivan Petrov", "NV2", ("gardening", "cooking"), "910.00"),
    # Not yet in a group: suggested together for cooking in NV3.
    ("jo2", "Joan Baptiste", "NV3", ("cooking", "cinema"), "560.00"),
    ("kit", "Kit Murray", "NV3", ("cooking", "art"), "600.00"),
    ("lena", "Lena Novak", "NV3", ("cooking", "cinema"), "690.00"),
    ("max", "Max Doyle", "NV3", ("cooking", "gym"), "720.00"),
]
SWIMMERS = ["budgetholder", "bella", "chris", "dev", "erin"]
GARDENERS = ["fran", "gus", "hana", "ivan"]


def _months_before(today: date, count: int = 12) -> list[date]:
    """The first day of each of the ``count`` months before this one, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(date(year, month, 1))
    return months[::-1]


PA_RATE = Decimal("15.50")
# Hours of the shared personal assistant each swimmer used each month.
PA_HOURS = {"budgetholder": 6, "bella": 5, "chris": 4, "dev": 5, "erin": 3}
# Wellbeing (7-35), GP visits and A&E visits in 3 months, at the start and a year on.
OUTCOMES = {
    "budgetholder": ((19, 3, 1), (24, 2, 0)),
    "bella": ((21, 2, 0), (25, 1, 0)),
    "chris": ((17, 4, 1), (22, 2, 1)),
    "dev": ((22, 1, 0), (23, 1, 0)),
    "fran": ((20, 2, 0), (26, 1, 0)),
    "gus": ((18, 3, 1), (21, 2, 0)),
    "hana": ((23, 1, 0), (25, 1, 0)),
    "ivan": ((16, 5, 2), (20, 3, 1)),
}


def _person(username: str, name: str) -> User:
    """A budget holder who takes part in the demo but does not sign in."""
    user, _ = User.objects.get_or_create(username=username)
    user.display_name = name
    user.first_name, _sep, user.last_name = name.partition(" ")
    user.set_unusable_password()
    user.save()
    return user


def load(area: LocalArea, facilitator: User) -> None:
    # A year of entries up to last month, so today's date is always free to use.
    months = _months_before(timezone.localdate())
    leaving_month = months[8]
    interests = {n: Interest.objects.get_or_create(name=n)[0] for n in INTERESTS}
    people = {}
    for username, name, locality, likes, amount in HOLDERS:
        if username == "budgetholder":
            user = User.objects.get(username=username)  # the demo's budget holder login
        else:
            user = _person(username, name)
        Membership.objects.get_or_create(user=user, local_area=area, role=Role.BUDGET_HOLDER)
        people[username] = user
        if not BudgetHolder.objects.filter(user=user, local_area=area).exists():
            holder = services.budget_record(
                by=user,
                user=user,
                local_area=area,
                kind="direct_payment",
                amount=Decimal(amount),
                period="month",
                interests=[interests[i] for i in likes],
                locality=locality,
            )
            services.pooling_consent_set(by=user, holder=holder, consent=True)
    if PoolingGroup.objects.filter(local_area=area).exists():
        return
    swim = _group(
        area,
        facilitator,
        people,
        SWIMMERS,
        months[0],
        name="Saturday swimming with a shared PA",
        purpose="We share a personal assistant who comes swimming with us on Saturdays "
        "and helps with getting there and back. Each of us pays for the hours we use.",
        split_rule="hours",
        contribution=Decimal("100.00"),
    )
    garden = _group(
        area,
        facilitator,
        people,
        GARDENERS,
        months[0],
        name="Allotment gardening club",
        purpose="We rent an allotment together and share the tools, seeds and a taxi there.",
        split_rule="equal",
        contribution=Decimal("40.00"),
    )
    for month in months:
        for username in SWIMMERS:
            if username == "erin" and month > leaving_month:
                continue
            services.contribution_record(
                by=people[username], group=swim, amount=Decimal("100.00"), on=month
            )
        hours = {
            people[u].pk: Decimal(h)
            for u, h in PA_HOURS.items()
            if not (u == "erin" and month > leaving_month)
        }
        services.cost_record(
            by=facilitator,
            group=swim,
            description=f"Personal assistant, {sum(hours.values())} hours at £{PA_RATE}",
            amount=sum(hours.values()) * PA_RATE,
            on=month.replace(day=28),
            hours=hours,
        )
        if month == leaving_month:
            services.member_leave(by=people["erin"], group=swim, on=month.replace(day=28))
        for username in GARDENERS:
            services.contribution_record(
                by=people[username], group=garden, amount=Decimal("40.00"), on=month
            )
        services.cost_record(
            by=facilitator,
            group=garden,
            description="Allotment rent, seeds and taxi",
            amount=Decimal("121.00"),
            on=month.replace(day=20),
        )
    services.note_add(
        by=people["bella"], group=swim, text="Can we try the earlier session in January?"
    )
    services.note_add(by=people["gus"], group=garden, text="Potatoes are ready to lift!")
    for username, (before, after) in OUTCOMES.items():
        group = swim if username in SWIMMERS else garden
        for stage, (wellbeing, gp, ae), on in (
            ("baseline", before, months[0]),
            ("follow_up", after, months[-1]),
        ):
            services.outcome_record(
                by=people[username],
                group=group,
                stage=stage,
                wellbeing=wellbeing,
                gp_visits=gp,
                ae_visits=ae,
                on=on,
            )


def _group(area, facilitator, people, members, joined, **details) -> PoolingGroup:
    group = services.group_create(
        by=facilitator,
        local_area=area,
        contribution_period="month",
        savings_kept_until=timezone.localdate().replace(day=1) + timedelta(days=365),
        invite={people[u]: "Suggested for shared interests nearby." for u in members},
        **details,
    )
    for invitation in Invitation.objects.filter(group=group):
        services.invitation_answer(
            by=invitation.user, invitation=invitation, accept=True, on=joined
        )
    return group
