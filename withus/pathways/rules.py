"""Who may see and do what with integrated pathways, declared once.

A live pathway's structure and money are public (no person is named on it).
Commissioners and area admins of the area set pathways up, record people
starting and outcomes met, and see every provider's statement. A provider
signed in for an organisation sees only its own lines of a statement.
"""

import rules

from withus.core.models import LocalArea, Role
from withus.core.roles import has_role
from withus.tendering.rules import provider_organisation_ids

from .models import OutcomeMet, Pathway, PathwayPerson, Stage, StageProvider

MANAGERS = (Role.COMMISSIONER, Role.AREA_ADMIN)


def area_id_of(obj) -> int | None:
    if isinstance(obj, LocalArea):
        return obj.pk
    if isinstance(obj, Pathway):
        return obj.local_area_id
    if isinstance(obj, Stage | PathwayPerson):
        return obj.pathway.local_area_id
    if isinstance(obj, OutcomeMet):
        return obj.person.pathway.local_area_id
    return None


@rules.predicate
def manages(user, obj) -> bool:
    return has_role(user, area_id_of(obj), MANAGERS)


@rules.predicate
def is_live(user, obj) -> bool:
    pathway = obj.pathway if isinstance(obj, Stage | PathwayPerson) else obj
    return isinstance(pathway, Pathway) and pathway.is_live


@rules.predicate
def provides_on_pathway(user, pathway) -> bool:
    """The person works for an organisation that provides a stage of this pathway
    (deny by default: any other provider of the area has nothing to see here)."""
    if not isinstance(pathway, Pathway):
        return False
    mine = provider_organisation_ids(user, pathway.local_area_id)
    return (
        bool(mine)
        and StageProvider.objects.filter(stage__pathway=pathway, organisation_id__in=mine).exists()
    )


rules.add_perm("pathways.manage", manages)
rules.add_perm("pathways.view", is_live | manages)
rules.add_perm("pathways.record", manages & is_live)
rules.add_perm("pathways.view_statement", is_live & (manages | provides_on_pathway))
