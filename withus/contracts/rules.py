"""Who may see and do what with contracts, declared once.

A provider sees only the contracts it holds and returns figures only for them.
"""

import rules

from withus.core.models import LocalArea, Role
from withus.core.roles import AREA_OVERSIGHT, has_role
from withus.tendering.models import Tender
from withus.tendering.rules import provider_organisation_ids

from .models import Contract

SETUP = (Role.COMMISSIONER, Role.AREA_ADMIN)


def _area_id(obj) -> int | None:
    if isinstance(obj, LocalArea):
        return obj.pk
    if isinstance(obj, Contract | Tender):
        return obj.local_area_id
    return None


@rules.predicate
def oversees(user, obj) -> bool:
    return has_role(user, _area_id(obj), AREA_OVERSIGHT)


@rules.predicate
def sets_up(user, obj) -> bool:
    return has_role(user, _area_id(obj), SETUP)


@rules.predicate
def provides_in_area(user, area) -> bool:
    return isinstance(area, LocalArea) and bool(provider_organisation_ids(user, area.pk))


@rules.predicate
def holds_contract(user, contract) -> bool:
    # Only as a provider in the contract's own area, not through any other role.
    return isinstance(contract, Contract) and contract.provider_id in provider_organisation_ids(
        user, contract.local_area_id
    )


@rules.predicate
def is_awarded(user, tender) -> bool:
    return isinstance(tender, Tender) and tender.status == Tender.Status.AWARDED


rules.add_perm("contracts.list", oversees | provides_in_area)
rules.add_perm("contracts.create", sets_up)
rules.add_perm("contracts.create_from_award", sets_up & is_awarded)
rules.add_perm("contracts.view", oversees | holds_contract)
rules.add_perm("contracts.manage", sets_up)
rules.add_perm("contracts.submit_return", holds_contract | sets_up)
