"""Who may change an area's population figures. Everything else here is either a
person's own details (signed in, their own only) or counts anyone may read."""

import rules

from withus.core.models import LocalArea, Role
from withus.core.roles import has_role


@rules.predicate
def sets_population(user, area) -> bool:
    return isinstance(area, LocalArea) and has_role(
        user, area.pk, [Role.COMMISSIONER, Role.AREA_ADMIN]
    )


rules.add_perm("representation.set_population", sets_population)
