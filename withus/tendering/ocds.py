"""A tender as an Open Contracting Data Standard (OCDS) 1.1 release package.

``release(tender)`` builds one release that shows the tender as it stands now
(the state a compiled release would show), and ``release_package`` wraps
releases in a package; ``dumps`` writes it as JSON. Nothing here writes to the
database, and nothing here needs the network.

Only core OCDS 1.1 is used, no extensions, so a package validates against the
standard's own schema alone and a validator never has to fetch anything.

What is published, and when
    - While bids can still be made: the buyer, the tender, its timetable and
      how bids will be judged. Nothing about any bid: not who has registered,
      not who has bid, not how many, and never a price or an answer.
    - Once the deadline for bids has passed: also how many bids were submitted
      (``tender.numberOfTenderers``) and who made them (``tender.tenderers``).
      Still no price and no answer.
    - Once the award is confirmed: also the award and its contract, with the
      winning bid's price as their value. The other bids' prices are never
      published here: each bidder is told its own in its assessment summary.

Money
    Amounts are kept as ``Decimal`` in the dict and written by ``dumps`` as
    exact JSON numbers (OCDS wants numbers, not strings): a whole number of
    pounds as an integer, anything else as the shortest float that reads back
    as exactly the same amount, checked every time. Amounts here have at most 12
    digits and 2 places, so that check cannot fail; if it ever did, ``dumps``
    refuses rather than publish a wrong amount. No arithmetic is done in floats.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from withus.core.models import Organisation

from .award import plain_number, price_rule
from .evaluation import model_of
from .models import Bid, SetBy, Tender

__all__ = [
    "OCID_PREFIX",
    "NotPublished",
    "buyer_of",
    "dumps",
    "json_number",
    "ocid",
    "party_id",
    "release",
    "release_package",
]

# Every OCDS publisher registers its own ocid prefix ("ocds-" and six
# characters) with the Open Contracting Partnership, so that ocids are unique
# across the world. withus has not: a real deployment registers a prefix and
# puts it here. "ocds-withus-" marks these ocids as not registered.
OCID_PREFIX = "ocds-withus-"
VERSION = "1.1"
CURRENCY = "GBP"
PUBLISHER = "withus"


class NotPublished(ValueError):
    """The tender is still a draft, so there is nothing to publish yet."""


@dataclass(frozen=True)
class Party:
    id: str
    name: str


def ocid(tender: Tender) -> str:
    return OCID_PREFIX + tender.reference


def party_id(organisation: Organisation) -> str:
    """A party's id, the same in every release: it is the organisation's own key."""
    return f"withus-org-{organisation.pk}"


def buyer_of(tender: Tender) -> Party:
    """The area's council, or the area itself when no council is recorded for it."""
    council = (
        Organisation.objects.filter(
            local_area_id=tender.local_area_id, kind=Organisation.Kind.COUNCIL
        )
        .order_by("pk")
        .first()
    )
    if council is not None:
        return Party(party_id(council), council.name)
    return Party(f"withus-area-{tender.local_area_id}", tender.local_area.name)


def _date(moment: datetime) -> str:
    """ISO 8601 in UTC, to the second: 2026-05-12T09:30:00Z."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _value(amount: Decimal) -> dict:
    return {"amount": amount, "currency": CURRENCY}


def _ref(party: Party) -> dict:
    return {"id": party.id, "name": party.name}


def award_criteria_details(tender: Tender) -> str:
    """How bids are judged, in plain English, with every weight."""
    model = model_of(tender)
    quality = Decimal("100") - model.price_weight
    lines = [
        f"Bids are judged on price ({plain_number(model.price_weight)}%) and quality "
        f"({plain_number(quality)}%). Of the quality marks, questions worth "
        f"{plain_number(model.panel_stake)}% of the whole decision are set and scored by a "
        "lived-experience panel: people who use or have used the service.",
        f"Price: {price_rule(model)}",
        f"Each question is scored from 0 to {model.max_score}; its marks are its weight × "
        f"the score ÷ {model.max_score}. A bid that scores below a question's minimum "
        "is not ranked.",
        "Questions:",
    ]
    for c in model.criteria:
        who = "the lived-experience panel" if c.set_by == SetBy.PANEL else "the commissioners"
        minimum = f", minimum score {c.minimum}" if c.minimum else ""
        lines.append(
            f"{c.key} ({plain_number(c.weight)}%, set and scored by {who}{minimum}): {c.title}"
        )
    return "\n".join(lines)


def _phase(tender: Tender, now: datetime | None) -> str:
    if tender.status == Tender.Status.AWARDED:
        return "award"
    if tender.bids_are_opened(now):
        return "bids-opened"
    return "tender"


def release(tender: Tender, now: datetime | None = None) -> dict:
    """The tender as it stands at ``now``, as one OCDS 1.1 release."""
    if tender.status == Tender.Status.DRAFT:
        raise NotPublished(
            f"Tender {tender.reference} is still a draft. Only a published tender can be exported."
        )
    phase = _phase(tender, now)
    buyer = buyer_of(tender)
    parties: dict[str, dict] = {
        buyer.id: {**_ref(buyer), "roles": ["buyer", "procuringEntity"]},
    }

    def add_role(party: Party, role: str) -> None:
        entry = parties.setdefault(party.id, {**_ref(party), "roles": []})
        if role not in entry["roles"]:
            entry["roles"].append(role)

    tender_part: dict = {
        "id": tender.reference,
        "title": tender.title,
        "description": tender.description,
        # tenderStatus is a closed codelist: "active" covers both taking bids and
        # evaluating them; "complete" once the award is confirmed.
        "status": "complete" if phase == "award" else "active",
        **({} if tender.estimated_value is None else {"value": _value(tender.estimated_value)}),
        "procuringEntity": _ref(buyer),
        "procurementMethod": "open",
        "mainProcurementCategory": "services",
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": award_criteria_details(tender),
        "submissionMethod": ["electronicSubmission"],
        "tenderPeriod": {
            "startDate": _date(tender.publication_date),
            "endDate": _date(tender.submission_deadline),
        },
        "enquiryPeriod": {
            "startDate": _date(tender.publication_date),
            "endDate": _date(tender.clarification_deadline),
        },
    }
    changes = list(tender.model_versions.filter(number__gt=1).order_by("number"))
    if changes:
        tender_part["amendments"] = [
            {
                "id": f"evaluation-model-{change.number}",
                "date": _date(change.created_at),
                "description": f"Version {change.number} of how bids are judged.",
                **({"rationale": change.reason} if change.reason else {}),
            }
            for change in changes
        ]

    latest = max([tender.published_at or tender.publication_date, *(c.created_at for c in changes)])
    if phase != "tender":
        # The bids are opened: who bid and how many may be said, and nothing more.
        bids = list(
            tender.bids.filter(status=Bid.Status.SUBMITTED)
            .select_related("organisation")
            .order_by("pk")
        )
        tenderers = [Party(party_id(b.organisation), b.organisation.name) for b in bids]
        for party in tenderers:
            add_role(party, "tenderer")
        tender_part["numberOfTenderers"] = len(bids)
        tender_part["tenderers"] = [_ref(p) for p in tenderers]
        latest = max(latest, tender.submission_deadline)

    data: dict = {
        "ocid": ocid(tender),
        "id": "",  # set below, once the date is known
        "date": "",
        "tag": ["tender"] if phase == "tender" else ["tenderUpdate"],
        "initiationType": "tender",
        "language": "en",
        "parties": [],
        "buyer": _ref(buyer),
        "tender": tender_part,
    }

    if phase == "award":
        winning = tender.winning_bid
        if winning is None or winning.price is None or tender.awarded_at is None:
            raise ValueError(f"Tender {tender.reference} is awarded but has no winning price.")
        supplier = Party(party_id(winning.organisation), winning.organisation.name)
        add_role(supplier, "supplier")
        award_id = f"{tender.reference}-award"
        tender_part["awardPeriod"] = {
            "startDate": _date(tender.submission_deadline),
            "endDate": _date(tender.awarded_at),
        }
        data["tag"] = ["award", "contract"]
        data["awards"] = [
            {
                "id": award_id,
                "title": f"Award of {tender.title}",
                "description": f"Awarded to {supplier.name} after the bids were judged as "
                "set out in the tender's award criteria.",
                "status": "active",
                "date": _date(tender.awarded_at),
                "value": _value(winning.price),
                "suppliers": [_ref(supplier)],
            }
        ]
        # withus has no contracts yet: a contracts app will record signing,
        # dates and changes. Until then the contract is "pending" (not signed).
        data["contracts"] = [
            {
                "id": f"{tender.reference}-contract",
                "awardID": award_id,
                "title": tender.title,
                "status": "pending",
                "value": _value(winning.price),
            }
        ]
        latest = max(latest, tender.awarded_at)

    data["date"] = _date(latest)
    # Unique within the ocid, and the same each time the same state is exported.
    data["id"] = f"{ocid(tender)}-{phase}-{tender.model_version}"
    data["parties"] = list(parties.values())
    return data


def release_package(
    tenders: Iterable[Tender], *, uri: str | None = None, now: datetime | None = None
) -> dict:
    """One release for each tender, in an OCDS 1.1 release package.

    ``uri`` should be where the package can be fetched. Without it the package
    gets a URN naming it, which is a valid URI but cannot be fetched.
    """
    tenders = list(tenders)
    releases = [release(t, now) for t in tenders]
    if not releases:
        raise ValueError("A release package needs at least one release.")
    buyers = {r["buyer"]["name"] for r in releases}
    if uri is None:
        name = tenders[0].reference if len(tenders) == 1 else "all"
        uri = f"urn:withus:ocds:release-package:{name}"
    return {
        "uri": uri,
        "version": VERSION,
        # Built on demand, so it is dated by the latest change in it (as OCDS asks).
        "publishedDate": max(r["date"] for r in releases),
        "publisher": {"name": buyers.pop() if len(buyers) == 1 else PUBLISHER},
        "releases": releases,
    }


def json_number(amount: Decimal) -> int | float:
    """An amount as an exact JSON number: 3480000 or 1234.56.

    Raises ValueError if the amount cannot be written exactly.
    """
    if amount == amount.to_integral_value():
        return int(amount)
    number = float(amount)  # for writing only: never used for arithmetic
    if Decimal(repr(number)) != amount:
        raise ValueError(f"{amount} cannot be written exactly as a JSON number.")
    return number


def _default(value: object) -> object:
    if isinstance(value, Decimal):
        return json_number(value)
    raise TypeError(f"{type(value).__name__} cannot be written as JSON.")


def dumps(package: dict) -> str:
    return json.dumps(package, indent=2, ensure_ascii=False, default=_default)
