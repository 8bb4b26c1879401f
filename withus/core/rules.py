"""Permissions for core pages, declared once."""

import rules

from .models import Role
from .roles import AREA_OVERSIGHT, has_role


@rules.predicate
def oversees_area(user, area) -> bool:
    return area is not None and has_role(user, area.pk, AREA_OVERSIGHT)


rules.add_perm("core.view_area_dashboard", oversees_area)


@rules.predicate
def administers_area(user, area) -> bool:
    return area is not None and has_role(user, area.pk, [Role.AREA_ADMIN])


# Who holds which role is personal data: only the area's admins see the list.
rules.add_perm("core.view_area_people", administers_area)
