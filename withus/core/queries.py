"""Reads about people and areas that several pages share."""

from .models import LocalArea, Membership, Organisation, User


def memberships_of(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user)
        .select_related("local_area", "organisation")
        .order_by("local_area__name", "role")
    )


def areas_by_ids(ids: set[int]) -> list[LocalArea]:
    return list(LocalArea.objects.filter(pk__in=ids).order_by("name"))


def area_people(area: LocalArea) -> list[dict]:
    """Each person with a role in the area, with all their roles there, in one query."""
    people: dict[int, dict] = {}
    rows = (
        Membership.objects.filter(local_area=area)
        .select_related("user", "organisation")
        .order_by("user__display_name", "user__username", "role")
    )
    for m in rows:
        entry = people.setdefault(m.user_id, {"user": m.user, "roles": [], "organisations": []})
        entry["roles"].append(m.get_role_display())
        if m.organisation and m.organisation not in entry["organisations"]:
            entry["organisations"].append(m.organisation)
    return list(people.values())


def area_organisations(area: LocalArea) -> list[Organisation]:
    return list(Organisation.objects.filter(local_area=area).order_by("kind", "name"))
