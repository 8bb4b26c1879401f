"""Who may do what with commissioning projects, declared once."""

import rules

from withus.core.models import Role
from withus.core.roles import AREA_OVERSIGHT, has_role


@rules.predicate
def commissions_in_area(user, area) -> bool:
    return area is not None and has_role(user, area.pk, [Role.COMMISSIONER])


@rules.predicate
def oversees_project(user, project) -> bool:
    return project is not None and has_role(user, project.local_area_id, AREA_OVERSIGHT)


@rules.predicate
def commissions_project(user, project) -> bool:
    return project is not None and has_role(user, project.local_area_id, [Role.COMMISSIONER])


@rules.predicate
def records_involvement(user, project) -> bool:
    return project is not None and has_role(
        user, project.local_area_id, [Role.COMMISSIONER, Role.FACILITATOR]
    )


# Roles held by people who lend their lived experience to commissioning.
LIVED_EXPERIENCE_ROLES = (
    Role.EXPERT_BY_EXPERIENCE,
    Role.PEER_MENTOR,
    Role.BUDGET_HOLDER,
    Role.FACILITATOR,
)


@rules.predicate
def took_part(user, project) -> bool:
    # A person with lived experience sees the projects they took part in, while
    # they still hold a lived-experience role in that area.
    return (
        project is not None
        and user.is_authenticated
        and has_role(user, project.local_area_id, LIVED_EXPERIENCE_ROLES)
        and project.involvement_records.filter(participants=user).exists()
    )


@rules.predicate
def records_involvement_for_record(user, record) -> bool:
    return record is not None and records_involvement(user, record.project)


rules.add_perm("cycle.add_project", commissions_in_area)
rules.add_perm("cycle.view_project", oversees_project | took_part)
rules.add_perm("cycle.change_project", commissions_project)
rules.add_perm("cycle.add_involvement", records_involvement)
rules.add_perm("cycle.change_involvement", records_involvement_for_record)
