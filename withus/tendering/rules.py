"""Who may see and do what in a tender, declared once.

Sealed bids are the rule everything else bends around: before the deadline a
bid is readable only by its own bidder. After it, only evaluators who have
declared their conflicts see answers, and nobody but the bidder sees a price
until every quality question has a consensus score.
"""

from dataclasses import dataclass

import rules
from django.utils import timezone

from withus.core.models import LocalArea, Role
from withus.core.roles import has_role, roles_of
from withus.cycle.models import CommissioningProject

from .models import Bid, Evaluator, Question, SetBy, Specification, Tender

SETUP_ROLES = (Role.COMMISSIONER, Role.AREA_ADMIN)


@dataclass(frozen=True)
class BidQuestion:
    """A consensus score's place: one bid, one question."""

    bid: Bid
    question: Question


def evaluator_of(user, tender: Tender) -> Evaluator | None:
    """The person's place on the tender's evaluation team, looked up once per request."""
    if not getattr(user, "is_authenticated", False) or tender is None:
        return None
    cache = tender.__dict__.setdefault("_evaluators", {})
    if user.pk not in cache:
        cache[user.pk] = (
            Evaluator.objects.filter(tender=tender, user=user)
            .prefetch_related("conflicted_with")
            .first()
        )
    return cache[user.pk]


def provider_organisation_ids(user, area_id: int) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = user.__dict__.setdefault("_provider_orgs", {})
    if area_id not in cache:
        cache[area_id] = set(
            user.memberships.filter(
                local_area_id=area_id, role=Role.PROVIDER, organisation__isnull=False
            ).values_list("organisation_id", flat=True)
        )
    return cache[area_id]


def member_organisation_ids(user) -> set[int]:
    """Every organisation the person holds any role for, in any area."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = user.__dict__.get("_member_orgs")
    if cached is None:
        cached = set(
            user.memberships.filter(organisation__isnull=False).values_list(
                "organisation_id", flat=True
            )
        )
        user.__dict__["_member_orgs"] = cached
    return cached


def bidder_organisation_ids(tender: Tender) -> set[int]:
    cached = tender.__dict__.get("_bidder_orgs")
    if cached is None:
        cached = set(tender.bids.values_list("organisation_id", flat=True))
        tender.__dict__["_bidder_orgs"] = cached
    return cached


def _tender_of(obj) -> Tender | None:
    if isinstance(obj, Tender):
        return obj
    if isinstance(obj, Bid):
        return obj.tender
    if isinstance(obj, BidQuestion):
        return obj.bid.tender
    return None


def _area_id(obj) -> int | None:
    """The local area of a tender, bid, specification, project or area."""
    tender = _tender_of(obj)
    if tender is not None:
        return tender.local_area_id
    if isinstance(obj, Specification):
        return obj.project.local_area_id
    if isinstance(obj, CommissioningProject):
        return obj.local_area_id
    if isinstance(obj, LocalArea):
        return obj.pk
    return None


@rules.predicate
def sets_up_tenders(user, obj) -> bool:
    return has_role(user, _area_id(obj), SETUP_ROLES)


@rules.predicate
def is_draft(user, tender) -> bool:
    return tender is not None and tender.status == Tender.Status.DRAFT


@rules.predicate
def is_published(user, tender) -> bool:
    return tender is not None and tender.is_public()


@rules.predicate
def open_for_bids(user, tender) -> bool:
    return tender is not None and tender.is_open_for_bids()


@rules.predicate
def open_for_questions(user, tender) -> bool:
    return tender is not None and tender.is_open_for_questions()


@rules.predicate
def bids_opened(user, obj) -> bool:
    tender = _tender_of(obj)
    return tender is not None and tender.bids_are_opened(timezone.now())


@rules.predicate
def provides_in_area(user, tender) -> bool:
    return tender is not None and bool(provider_organisation_ids(user, tender.local_area_id))


@rules.predicate
def is_registered_bidder(user, tender) -> bool:
    if tender is None:
        return False
    orgs = provider_organisation_ids(user, tender.local_area_id)
    return tender.registrations.filter(organisation_id__in=orgs).exists()


@rules.predicate
def is_own_bid(user, bid) -> bool:
    return bid is not None and bid.organisation_id in provider_organisation_ids(
        user, bid.tender.local_area_id
    )


@rules.predicate
def is_evaluator(user, obj) -> bool:
    return evaluator_of(user, _tender_of(obj)) is not None


@rules.predicate
def has_declared(user, obj) -> bool:
    evaluator = evaluator_of(user, _tender_of(obj))
    return evaluator is not None and evaluator.declared_at is not None


@rules.predicate
def is_lead(user, obj) -> bool:
    evaluator = evaluator_of(user, _tender_of(obj))
    return evaluator is not None and evaluator.part == Evaluator.Part.LEAD


@rules.predicate
def scores_bids(user, obj) -> bool:
    evaluator = evaluator_of(user, _tender_of(obj))
    return evaluator is not None and evaluator.part != Evaluator.Part.LEAD


@rules.predicate
def free_of_conflict(user, obj) -> bool:
    """Someone who declared a conflict with a bidder never sees that bid."""
    bid = obj.bid if isinstance(obj, BidQuestion) else obj
    if not isinstance(bid, Bid):
        return True
    evaluator = evaluator_of(user, bid.tender)
    if evaluator is None:
        return False
    # Belonging to any bidder is a conflict with every bid, declared or not.
    if member_organisation_ids(user) & bidder_organisation_ids(bid.tender):
        return False
    return all(org.pk != bid.organisation_id for org in evaluator.conflicted_with.all())


@rules.predicate
def is_submitted(user, obj) -> bool:
    bid = obj.bid if isinstance(obj, BidQuestion) else obj
    return bid is not None and bid.status == Bid.Status.SUBMITTED and not bid.excluded_reason


@rules.predicate
def may_agree_this_score(user, target) -> bool:
    """The lead agrees the commissioners' questions; only the panel agrees its own."""
    if not isinstance(target, BidQuestion):
        return False
    evaluator = evaluator_of(user, target.bid.tender)
    if evaluator is None:
        return False
    if target.question.set_by == SetBy.PANEL:
        return evaluator.part == Evaluator.Part.PANEL
    return evaluator.part == Evaluator.Part.LEAD


@rules.predicate
def summary_issued(user, bid) -> bool:
    return bid is not None and hasattr(bid, "summary")


@rules.predicate
def sees_panel_questions(user, tender) -> bool:
    evaluator = evaluator_of(user, tender)
    return evaluator is not None and evaluator.part == Evaluator.Part.PANEL


@rules.predicate
def has_role_in_area(user, area) -> bool:
    return isinstance(area, LocalArea) and any(a == area.pk for a, _r in roles_of(user))


evaluates = is_evaluator & has_declared & bids_opened

rules.add_perm("tendering.view_tender", is_published | sets_up_tenders | is_evaluator)
rules.add_perm("tendering.set_up", sets_up_tenders)
rules.add_perm("tendering.list_tenders", has_role_in_area)
rules.add_perm("tendering.edit_draft", sets_up_tenders & is_draft)
rules.add_perm(
    "tendering.write_panel_question", (sets_up_tenders | sees_panel_questions) & is_draft
)
rules.add_perm("tendering.change_model", sets_up_tenders & open_for_bids)
rules.add_perm("tendering.answer_questions", sets_up_tenders & is_published)
rules.add_perm("tendering.register", provides_in_area & open_for_bids)
rules.add_perm("tendering.ask", is_registered_bidder & open_for_questions)
rules.add_perm("tendering.bid", is_registered_bidder & open_for_bids)
rules.add_perm("tendering.declare", is_evaluator & bids_opened)
rules.add_perm("tendering.score", evaluates & scores_bids)
rules.add_perm("tendering.score_bid", evaluates & scores_bids & free_of_conflict & is_submitted)
rules.add_perm("tendering.moderate", evaluates & (is_lead | sees_panel_questions))
rules.add_perm(
    "tendering.agree_score", evaluates & may_agree_this_score & free_of_conflict & is_submitted
)
rules.add_perm("tendering.award", evaluates & is_lead)
rules.add_perm("tendering.decide_bid", evaluates & is_lead & free_of_conflict)
rules.add_perm("tendering.view_summary", (is_own_bid & summary_issued) | (evaluates & is_lead))
