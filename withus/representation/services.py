"""Changes to equality details and population shares, each in one transaction."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from withus.core.audit import audit_record
from withus.core.models import LocalArea, User

from .models import EqualityProfile, PopulationShare
from .population_import import ShareRow

DETAILS = ("age_band", "gender", "ethnic_group", "disabled", "experience")


def profile_save(user: User, *, consent: bool, **details) -> EqualityProfile | None:
    """Keep a person's details only with their consent; without it, keep nothing."""
    if not consent:
        EqualityProfile.objects.filter(user=user).delete()
        return None
    profile, _created = EqualityProfile.objects.update_or_create(
        user=user,
        defaults={"consent": True, "changed_at": timezone.now(), **details},
    )
    return profile


@transaction.atomic
def share_set(area: LocalArea, by: User, *, category: str, group: str, percent, source: str):
    share, _created = PopulationShare.objects.update_or_create(
        local_area=area,
        category=category,
        group=group,
        defaults={"percent": percent, "source": source},
    )
    audit_record(
        actor=by,
        action="representation.share",
        obj=share,
        local_area=area,
        data={"category": category, "group": group, "percent": str(percent)},
    )
    return share


@transaction.atomic
def shares_replace(area: LocalArea, by: User, rows: Sequence[ShareRow]) -> int:
    """An imported file replaces every share the area had: all or nothing."""
    PopulationShare.objects.filter(local_area=area).delete()
    PopulationShare.objects.bulk_create(
        PopulationShare(
            local_area=area,
            category=row.category,
            group=row.group,
            percent=row.percent,
            source=row.source,
        )
        for row in rows
    )
    audit_record(
        actor=by,
        action="representation.import",
        local_area=area,
        data={"rows": len(rows)},
    )
    return len(rows)
