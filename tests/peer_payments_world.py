"""Peer support, paid involvement and equality details for tests that need them.

Built through the services, except where a service refuses what a test needs
(rates that started in the past, which ``rate_set`` rightly refuses).

- ``scheme``: "Northvale Peer Mentors", run by a user-led organisation in the
  area; the facilitator is its only coordinator. It takes requests.
- ``mentor``: Pat, the ``peer_mentor`` user's record: trained, check clear until
  2030. ``match``: Pat mentoring Sam, open, with one session.
- ``other_match``: Jo (a mentor with no account) mentoring Lee, open.
- ``waiting``: Robin, referred by the facilitator, waiting for a mentor.
- ``planning``: a second involvement record in the project ("Planning day",
  10 June 2026), with the expert and three more experts by experience, all
  four with equality details given with consent (every one a woman, so each
  group has 4 people: fewer than 5, never shown).
- ``claim``: the expert's claim for ``record``, queried ("Which bus?").
- ``batch``: a batch sent for payment with another participant's approved claim
  (``paid_claim``).
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from withus.core.models import Membership, Organisation, Role, User
from withus.cycle import services as cycle
from withus.payments import services as payments
from withus.payments.models import PaymentRate
from withus.payments.sums import ExpenseLine
from withus.peer_support import services as peer
from withus.representation.models import EqualityProfile

QUERY = "Which bus?"
# The same details for each of the four, so every group they are in has 4 people.
DETAILS = {
    "age_band": "35_44",
    "gender": "woman",
    "ethnic_group": "white",
    "disabled": "yes",
    "experience": ["drugs"],
}


def _mentor(scheme, by, name, user=None):
    return peer.mentor_save(
        scheme,
        by,
        name=name,
        user=user,
        experience=["drugs"],
        languages=["English"],
        availability=["weekend"],
        gender="",
        age_group="",
        capacity=3,
        trained_on=date(2026, 1, 10),
        training="",
        check_status="clear",
        check_expires=date(2030, 1, 1),
        active=True,
    )


def _wish(name: str) -> dict:
    return {
        "name": name,
        "contact": f"{name.lower()}@example.com",
        "about": "Staying off drink at weekends.",
        "experience": ["drugs"],
        "language": "",
        "gender": "",
        "age_group": "",
        "availability": [],
    }


def _peer_support(area, commissioner, facilitator, peer_mentor) -> dict:
    network = Organisation.objects.create(
        name="Northvale Peer Network", kind=Organisation.Kind.USER_LED, local_area=area
    )
    scheme = peer.scheme_create(
        area,
        commissioner,
        organisation=network,
        name="Northvale Peer Mentors",
        description="Mentors who have been through recovery.",
        coordinators=[facilitator],
    )
    pat = _mentor(scheme, facilitator, "Pat Mentor", user=peer_mentor)
    jo = _mentor(scheme, facilitator, "Jo Mentor")
    match = peer.match_make(
        peer.request_make(scheme, **_wish("Sam")), pat, facilitator, started_on=date(2026, 9, 1)
    )
    peer.session_log(
        match,
        peer_mentor,
        happened_on=date(2026, 10, 1),
        minutes=60,
        mode="in_person",
        topics="Plans for the weekend",
    )
    other_match = peer.match_make(
        peer.request_make(scheme, **_wish("Lee")), jo, facilitator, started_on=date(2026, 9, 2)
    )
    waiting = peer.request_make(scheme, by=facilitator, **_wish("Robin"))
    return {
        "scheme": scheme,
        "mentor": pat,
        "other_mentor": jo,
        "match": match,
        "other_match": other_match,
        "waiting": waiting,
    }


def _claim(record, by, unit="hour", quantity="3"):
    return payments.claim_make(
        record,
        by,
        unit=unit,
        quantity=Decimal(quantity),
        note="",
        expenses=[ExpenseLine(kind="fare", amount=Decimal("4.50"), miles=None)],
        descriptions=["Bus there and back"],
    )


def _payments(area, commissioner, expert, record, planning, taker) -> dict:
    for unit, amount in (("hour", "15.00"), ("half_day", "50.00"), ("mile", "0.45")):
        PaymentRate.objects.create(
            local_area=area,
            unit=unit,
            amount=Decimal(amount),
            effective_from=date(2026, 1, 1),
            set_by=commissioner,
            set_at=timezone.now(),
        )
    payments.choice_set(expert, area, "paid")
    claim = _claim(record, expert)
    claim = payments.claim_decide(
        claim, commissioner, version=claim.version, decision="query", query=QUERY
    )
    payments.choice_set(taker, area, "vouchers")
    paid = _claim(planning, taker, unit="half_day", quantity="1")
    payments.claim_decide(paid, commissioner, version=paid.version, decision="approve", query="")
    batch = payments.batch_make(area, commissioner)
    return {"claim": claim, "paid_claim": paid, "batch": batch}


def build(area, project, record, people) -> dict:
    """``people`` maps each role to its user, as the access test's world does."""
    facilitator, expert = people["facilitator"], people["expert"]
    takers = []
    for n in (1, 2, 3):
        user = User.objects.create_user(username=f"taker{n}", password=f"pw-taker{n}-123")
        Membership.objects.create(user=user, local_area=area, role=Role.EXPERT_BY_EXPERIENCE)
        takers.append(user)
    planning = cycle.involvement_record(
        by=facilitator,
        project=project,
        stage="needs_assessment",
        title="Planning day",
        happened_on=date(2026, 6, 10),
        level="co_design",
        participants=[expert, *takers],
        group_name="",
        group_count=0,
        what_was_said="Evening groups would help.",
        what_changed="",
        hours_given=Decimal("16"),
    )
    for user in (expert, *takers):
        EqualityProfile.objects.create(
            user=user, consent=True, changed_at=timezone.now(), **DETAILS
        )
    return {
        **_peer_support(area, people["commissioner"], facilitator, people["peer_mentor"]),
        **_payments(area, people["commissioner"], expert, record, planning, takers[0]),
        "planning": planning,
        "takers": takers,
    }
