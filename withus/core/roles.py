"""Which roles a person holds in which area, loaded once per request."""

from collections.abc import Iterable

from .models import Membership, Role, User

_CACHE = "_withus_roles"


def roles_of(user: User) -> frozenset[tuple[int, str]]:
    """(local_area_id, role) pairs for the user, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user).values_list("local_area_id", "role")
        )
        setattr(user, _CACHE, cached)
    return cached


def has_role(user: User, area_id: int | None, roles: Iterable[str]) -> bool:
    if area_id is None:
        return False
    wanted = set(roles)
    return any(a == area_id and r in wanted for a, r in roles_of(user))


def area_ids_with(user: User, roles: Iterable[str]) -> set[int]:
    wanted = set(roles)
    return {a for a, r in roles_of(user) if r in wanted}


def forget_roles(user: User) -> None:
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


# Roles that see an area's commissioning work (not providers: they bid for it).
AREA_OVERSIGHT = (Role.COMMISSIONER, Role.AREA_ADMIN, Role.FACILITATOR)
