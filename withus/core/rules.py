"""Permissions for core pages, declared once."""

import rules

from .roles import AREA_OVERSIGHT, has_role


@rules.predicate
def oversees_area(user, area) -> bool:
    return area is not None and has_role(user, area.pk, AREA_OVERSIGHT)


rules.add_perm("core.view_area_dashboard", oversees_area)
