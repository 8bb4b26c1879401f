"""Who may do what with insight exercises, declared once."""

import rules

from withus.core.models import Role
from withus.core.roles import AREA_OVERSIGHT, has_role

RUNS_EXERCISES = (Role.FACILITATOR, Role.COMMISSIONER)
# People who use services vote; officers and providers do not.
VOTERS = (Role.EXPERT_BY_EXPERIENCE, Role.PEER_MENTOR, Role.BUDGET_HOLDER)


def _area_of(obj) -> int | None:
    """The area of an exercise, or of a theme or priority through its exercise."""
    if obj is None:
        return None
    exercise = getattr(obj, "exercise", obj)
    return exercise.local_area_id


@rules.predicate
def runs_exercises_in_area(user, area) -> bool:
    return area is not None and has_role(user, area.pk, RUNS_EXERCISES)


@rules.predicate
def oversees_exercise(user, obj) -> bool:
    return has_role(user, _area_of(obj), AREA_OVERSIGHT)


@rules.predicate
def runs_exercise(user, obj) -> bool:
    return has_role(user, _area_of(obj), RUNS_EXERCISES)


@rules.predicate
def may_vote(user, obj) -> bool:
    return has_role(user, _area_of(obj), VOTERS)


rules.add_perm("insight.add_exercise", runs_exercises_in_area)
rules.add_perm("insight.view_exercise", oversees_exercise)
rules.add_perm("insight.change_exercise", runs_exercise)
rules.add_perm("insight.vote", may_vote)
