"""Northvale's paid involvement: published rates with a rise part-way through the
year and one to come, each expert's payment choice, and claims in every state.

The rates that started in the past go straight into the table (the service only
takes a rate starting today or later, since claims keep the rate they were made
with); the one to come goes through the service. Claims are made, decided and
sent through the services, on involvement the experts took part in, so the
money is worked out by ``sums.claim_sum`` from the rates on the day. Their
dates are then moved back to when each step would have happened.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from withus.core.models import LocalArea, User
from withus.cycle import services as cycle
from withus.cycle.models import CommissioningProject

from . import services
from .models import Claim, PaymentBatch, PaymentRate
from .sums import ExpenseLine

DRUGS = "Adult drug and alcohol treatment, 2027 to 2032"
CRISIS = "Community mental health crisis support"

BEFORE = {"hour": "15.00", "half_day": "55.00", "day": "100.00", "mile": "0.45"}
RISE = {"hour": "16.50", "half_day": "60.00"}
COMING = {"day": "110.00"}

BUS = ExpenseLine("fare", Decimal("4.80"), None)
BUS_SHORT = ExpenseLine("fare", Decimal("3.60"), None)
TRAIN = ExpenseLine("fare", Decimal("11.40"), None)
DRIVE = ExpenseLine("mileage", None, Decimal("18.4"))
DRIVE_LONG = ExpenseLine("mileage", None, Decimal("32.6"))
CARE = ExpenseLine("care", Decimal("36.00"), None)
LUNCH = ExpenseLine("meal", Decimal("6.50"), None)
WORDS = {
    BUS: "Bus to Northvale town and back",
    BUS_SHORT: "Bus to the café and back",
    TRAIN: "Train from Ashby and back",
    DRIVE: "Home to the recovery hub and back",
    DRIVE_LONG: "Home to Eastgate and back",
    CARE: "Cover for my mum while I was out",
    LUNCH: "Lunch, no food was provided",
}


def _first_april_before(day: date) -> date:
    return date(day.year if (day.month, day.day) >= (4, 1) else day.year - 1, 4, 1)


def _month_start(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


def _records(area, people, today, first, rise):
    """Past involvement the experts took part in, on dates that keep moving with today."""
    projects = {
        p.name: p
        for p in CommissioningProject.objects.filter(local_area=area, name__in=(DRUGS, CRISIS))
    }
    experts = [people[u] for u in ("expert", "ade", "maria", "tom")]
    plans = (
        (
            DRUGS,
            "review_current_services",
            "Peer review of the treatment leaflets",
            first + timedelta(days=75),
            "engagement",
            [experts[0], experts[3]],
            "The leaflets use words nobody says, like 'psychosocial intervention'. "
            "They do not say you can bring someone with you.",
            "The leaflets are being rewritten in plain words with the panel.",
            "8",
        ),
        (
            DRUGS,
            "review_current_services",
            "Peer researchers' interviews at the recovery hub",
            rise - timedelta(days=120),
            "engagement",
            experts,
            "Twenty-two people were interviewed. Most found out about the hub by chance.",
            "The review now asks how people first heard about the service.",
            "28",
        ),
        (
            CRISIS,
            "monitoring",
            "Crisis café opening hours workshop",
            rise - timedelta(days=35),
            "engagement",
            experts,
            "Friday and Saturday nights are the busiest; people want a quiet room.",
            "",
            "16",
        ),
        (
            DRUGS,
            "procurement",
            "Tender questions practice with the panel",
            today - timedelta(days=30),
            "co_production",
            experts,
            "The panel practised scoring two sample answers and agreed what a good one looks like.",
            "",
            "14",
        ),
        (
            CRISIS,
            "monitoring",
            "Crisis café experience check",
            today - timedelta(days=10),
            "consultation",
            experts,
            "The new quiet room helps. Staff still change too often.",
            "",
            "8",
        ),
    )
    records = []
    for project, stage, title, on, level, who, said, changed, hours in plans:
        records.append(
            cycle.involvement_record(
                by=people["facilitator"],
                project=projects[project],
                stage=stage,
                title=title,
                happened_on=on,
                level=level,
                participants=who,
                group_name="",
                group_count=0,
                what_was_said=said,
                what_changed=changed,
                hours_given=Decimal(hours),
            )
        )
    return records


def load(area: LocalArea, people: dict[str, User]) -> None:
    if PaymentRate.objects.filter(local_area=area).exists():
        return
    today = timezone.localdate()
    commissioner = people["commissioner"]
    # The 1 April at least 18 months ago, so a whole year of the first rates shows.
    first = _first_april_before(_month_start(today, -18))
    rise = _month_start(today, -2)
    coming = _month_start(today, 2)
    for rates, start in ((BEFORE, first), (RISE, rise)):
        PaymentRate.objects.bulk_create(
            PaymentRate(
                local_area=area,
                unit=unit,
                amount=Decimal(amount),
                effective_from=start,
                set_by=commissioner,
                set_at=_at(start - timedelta(days=28), 10),
            )
            for unit, amount in rates.items()
        )
    for unit, amount in COMING.items():
        services.rate_set(
            area, commissioner, unit=unit, amount=Decimal(amount), effective_from=coming
        )

    expert, ade, maria, tom = (people[u] for u in ("expert", "ade", "maria", "tom"))
    for person, choice in ((expert, "paid"), (ade, "vouchers"), (maria, "not_paid"), (tom, "paid")):
        services.choice_set(person, area, choice)

    leaflets, interviews, workshop, practice, check = _records(area, people, today, first, rise)

    def claim(record, person, unit, quantity, lines=(), note=""):
        made = services.claim_make(
            record,
            person,
            unit=unit,
            quantity=Decimal(quantity),
            note=note,
            expenses=list(lines),
            descriptions=[WORDS[line] for line in lines],
        )
        Claim.objects.filter(pk=made.pk).update(
            made_at=_at(record.happened_on + timedelta(days=2), 19)
        )
        return made

    def decide(made, decision, query="", after=7):
        made.refresh_from_db()
        services.claim_decide(
            made, commissioner, version=made.version, decision=decision, query=query
        )
        on = min(made.record.happened_on + timedelta(days=after), today)
        Claim.objects.filter(pk=made.pk).update(decided_at=_at(on, 11))

    def send(record, after):
        batch = services.batch_make(area, commissioner)
        on = min(record.happened_on + timedelta(days=after), today)
        PaymentBatch.objects.filter(pk=batch.pk).update(made_at=_at(on, 15))

    # Last tax year, at the first rates: paid and sent.
    decide(claim(leaflets, expert, "hour", "2.5", [BUS]), "approve")
    decide(claim(leaflets, tom, "day", "1", [DRIVE, LUNCH]), "approve")
    send(leaflets, 25)

    # Before the rise: everyone's claims sent, in one batch.
    decide(claim(interviews, expert, "hour", "3.5", [BUS]), "approve")
    decide(claim(interviews, ade, "half_day", "1", [DRIVE]), "approve")
    decide(claim(interviews, maria, "half_day", "1", [BUS_SHORT, CARE]), "approve")
    decide(claim(interviews, tom, "hour", "4", [TRAIN]), "approve")
    send(interviews, 21)

    # Just before the rise: sent, except one with a question asked.
    decide(claim(workshop, expert, "hour", "3", [BUS]), "approve")
    decide(claim(workshop, ade, "half_day", "1", [DRIVE_LONG, LUNCH]), "approve")
    decide(claim(workshop, maria, "half_day", "1", [BUS_SHORT, CARE]), "approve")
    decide(
        claim(workshop, tom, "hour", "6", [TRAIN], note="Included the journey."),
        "query",
        "The workshop ran for three hours. Did the six hours include your travel? "
        "Travel time is not paid, but the train fare is.",
    )
    send(workshop, 20)

    # After the rise: approved, waiting to be sent; the expert's waiting for approval.
    claim(practice, expert, "hour", "2.5", [BUS], note="Stayed on to help set up the room.")
    decide(claim(practice, ade, "half_day", "1", [DRIVE]), "approve")
    decide(claim(practice, maria, "half_day", "1", [BUS_SHORT, CARE]), "approve")
    decide(claim(practice, tom, "hour", "3", [TRAIN]), "approve")

    # Last week: waiting for approval, and a question about care cover. The expert
    # has not claimed yet, so their "My claims" page has something to claim for.
    claim(check, maria, "half_day", "1", [BUS_SHORT, CARE])
    claim(check, tom, "hour", "2", [TRAIN])
    decide(
        claim(check, ade, "half_day", "1", [DRIVE, CARE]),
        "query",
        "Who gave the care cover? Please add the name of the agency or the person.",
        after=2,
    )
