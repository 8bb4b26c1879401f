"""Reads about people and areas that several pages share."""

from .models import LocalArea, Membership, User


def memberships_of(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user)
        .select_related("local_area", "organisation")
        .order_by("local_area__name", "role")
    )


def areas_by_ids(ids: set[int]) -> list[LocalArea]:
    return list(LocalArea.objects.filter(pk__in=ids).order_by("name"))
