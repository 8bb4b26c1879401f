"""Who may see and do what in pooling, declared once.

A group belongs to its members and the facilitator they chose. Nobody else —
not a commissioner, not an area admin — sees inside it.
"""

import rules

from withus.core.models import Role
from withus.core.roles import has_role


@rules.predicate
def holds_budget_in_area(user, area) -> bool:
    return area is not None and has_role(user, area.pk, [Role.BUDGET_HOLDER])


@rules.predicate
def facilitates_in_area(user, area) -> bool:
    return area is not None and has_role(user, area.pk, [Role.FACILITATOR])


@rules.predicate
def commissions_in_area(user, area) -> bool:
    return area is not None and has_role(user, area.pk, [Role.COMMISSIONER, Role.AREA_ADMIN])


@rules.predicate
def is_current_member(user, group) -> bool:
    return (
        group is not None
        and user.is_authenticated
        and group.members.filter(user=user, left_on__isnull=True).exists()
    )


@rules.predicate
def is_group_facilitator(user, group) -> bool:
    return group is not None and user.is_authenticated and group.facilitator_id == user.pk


@rules.predicate
def was_member(user, group) -> bool:
    # A person who left can still read their own final statement.
    return group is not None and user.is_authenticated and group.members.filter(user=user).exists()


@rules.predicate
def is_invited(user, invitation) -> bool:
    return invitation is not None and user.is_authenticated and invitation.user_id == user.pk


rules.add_perm("pooling.keep_budget", holds_budget_in_area)
rules.add_perm("pooling.facilitate", facilitates_in_area)
rules.add_perm("pooling.view_summary", commissions_in_area)
rules.add_perm("pooling.view_group", is_current_member | is_group_facilitator)
rules.add_perm("pooling.record_cost", is_current_member | is_group_facilitator)
rules.add_perm("pooling.act_as_member", is_current_member)
rules.add_perm("pooling.view_statement", was_member)
rules.add_perm("pooling.answer_invitation", is_invited)
