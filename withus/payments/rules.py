"""Who may see and do what with involvement payments, declared once.

Rates are published for anyone to read. A claim is seen by the person who made
it and by the area's commissioners and admins, who approve it; nobody approves
their own claim.
"""

import rules

from withus.core.models import LocalArea, Role
from withus.core.roles import has_role, roles_of
from withus.cycle.models import InvolvementRecord

from .models import Claim, PaymentBatch

PAYERS = (Role.COMMISSIONER, Role.AREA_ADMIN)


def _area_id(obj) -> int | None:
    if isinstance(obj, LocalArea):
        return obj.pk
    if isinstance(obj, Claim | PaymentBatch):
        return obj.local_area_id
    return None


@rules.predicate
def pays(user, obj) -> bool:
    return has_role(user, _area_id(obj), PAYERS)


@rules.predicate
def belongs_to_area(user, area) -> bool:
    return isinstance(area, LocalArea) and any(a == area.pk for a, _r in roles_of(user))


@rules.predicate
def took_part(user, record) -> bool:
    if not isinstance(record, InvolvementRecord) or not user.is_authenticated:
        return False
    return record.participants.filter(pk=user.pk).exists()


@rules.predicate
def made_claim(user, claim) -> bool:
    return isinstance(claim, Claim) and claim.claimant_id == user.pk


@rules.predicate
def is_queried(user, claim) -> bool:
    return isinstance(claim, Claim) and claim.status == Claim.Status.QUERIED


rules.add_perm("payments.set_rate", pays)
rules.add_perm("payments.choose", belongs_to_area)
rules.add_perm("payments.claim", took_part)
rules.add_perm("payments.view_claim", made_claim | pays)
rules.add_perm("payments.decide", pays & ~made_claim)
rules.add_perm("payments.correct", made_claim & is_queried)
rules.add_perm("payments.manage", pays)
