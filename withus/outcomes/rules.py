"""Who may see and do what with outcome evaluations, declared once.

A person's scores are seen by that person (if they have an account) and by the
evaluation's runners, nobody else. Commissioners, admins and facilitators of the
area see every evaluation's aggregate report; the public sees a report once a
runner publishes it. Reports are counts and averages with small groups withheld.
"""

import rules

from withus.core.models import LocalArea, Role
from withus.core.roles import has_role

from .models import Evaluation, Measurement, Participant

# Who may set up an evaluation in an area, and see every report there.
SETS_UP = (Role.COMMISSIONER, Role.AREA_ADMIN, Role.FACILITATOR)


def _evaluation(obj) -> Evaluation | None:
    if isinstance(obj, Evaluation):
        return obj
    if isinstance(obj, Participant):
        return obj.evaluation
    if isinstance(obj, Measurement):
        return obj.participant.evaluation
    return None


def run_ids(user) -> set[int]:
    """The evaluations the user runs, read once per request."""
    if not user.is_authenticated:
        return set()
    ids = getattr(user, "_withus_runs", None)
    if ids is None:
        ids = set(user.outcome_evaluations.values_list("pk", flat=True))
        user._withus_runs = ids
    return ids


@rules.predicate
def runs(user, obj) -> bool:
    evaluation = _evaluation(obj)
    return evaluation is not None and evaluation.pk in run_ids(user)


@rules.predicate
def is_the_person(user, participant) -> bool:
    return (
        isinstance(participant, Participant)
        and user.is_authenticated
        and participant.user_id == user.pk
    )


@rules.predicate
def oversees(user, obj) -> bool:
    if isinstance(obj, LocalArea):
        return has_role(user, obj.pk, SETS_UP)
    evaluation = _evaluation(obj)
    return evaluation is not None and has_role(user, evaluation.local_area_id, SETS_UP)


@rules.predicate
def is_published(user, evaluation) -> bool:
    return isinstance(evaluation, Evaluation) and evaluation.is_published


@rules.predicate
def has_consent(user, participant) -> bool:
    return isinstance(participant, Participant) and participant.has_consent


rules.add_perm("outcomes.create_evaluation", oversees)
rules.add_perm("outcomes.run", runs)
rules.add_perm("outcomes.view_report", is_published | runs | oversees)
rules.add_perm("outcomes.view_participant", runs | is_the_person)
rules.add_perm("outcomes.record", runs & has_consent)
rules.add_perm("outcomes.withdraw", has_consent & (runs | is_the_person))
