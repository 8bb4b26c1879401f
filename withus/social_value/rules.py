"""Who may see and change social return on investment analyses, declared once.

An area's commissioners and admins build analyses. A draft is seen only by
them; a published analysis is public and nobody can change it (they can copy
it to a new draft). Facilitators see published analyses like everyone else:
the figures are the commissioners' claim about public money, so they own them.
"""

import rules

from withus.core.models import LocalArea, Role
from withus.core.roles import has_role

from .models import Analysis, Input, Outcome

EDITORS = (Role.COMMISSIONER, Role.AREA_ADMIN)


def _analysis(obj) -> Analysis | None:
    if isinstance(obj, Analysis):
        return obj
    if isinstance(obj, Input | Outcome):
        return obj.analysis
    return None


def _area_id(obj) -> int | None:
    if isinstance(obj, LocalArea):
        return obj.pk
    analysis = _analysis(obj)
    return analysis.local_area_id if analysis is not None else None


@rules.predicate
def edits_for_area(user, obj) -> bool:
    return has_role(user, _area_id(obj), EDITORS)


@rules.predicate
def is_published(user, obj) -> bool:
    analysis = _analysis(obj)
    return analysis is not None and analysis.is_published


@rules.predicate
def is_draft(user, obj) -> bool:
    analysis = _analysis(obj)
    return analysis is not None and not analysis.is_published


rules.add_perm("social_value.add_analysis", edits_for_area)
rules.add_perm("social_value.view_analysis", is_published | edits_for_area)
rules.add_perm("social_value.change_analysis", edits_for_area & is_draft)
rules.add_perm("social_value.copy_analysis", edits_for_area)
