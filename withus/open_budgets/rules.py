"""Who may see and do what with open budgets, declared once.

Published years are for everyone (the pages are public). Drafts, and every
change, are for the area's commissioners and area admins only.
"""

import rules

from withus.core.models import LocalArea, Role
from withus.core.roles import has_role

from .models import BudgetLine, BudgetYear, Saving

KEEPERS = (Role.COMMISSIONER, Role.AREA_ADMIN)


def _area_id(obj) -> int | None:
    if isinstance(obj, LocalArea):
        return obj.pk
    if isinstance(obj, BudgetYear):
        return obj.local_area_id
    if isinstance(obj, BudgetLine | Saving):
        return obj.year.local_area_id
    return None


@rules.predicate
def keeps_budget(user, obj) -> bool:
    return has_role(user, _area_id(obj), KEEPERS)


rules.add_perm("open_budgets.manage", keeps_budget)
