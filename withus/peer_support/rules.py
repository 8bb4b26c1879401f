"""Who may see and do what in peer support, declared once.

Reach is counts only, so anyone may read it and anyone may ask for a mentor.
A request and a mentor's record hold personal details: only the scheme's
coordinators see them; a mentor sees their own matches and logs sessions.
"""

import rules

from withus.core.models import LocalArea, Role
from withus.core.roles import has_role

from .models import Match, Mentor, MentorRequest, Scheme


def _scheme(obj) -> Scheme | None:
    if isinstance(obj, Scheme):
        return obj
    if isinstance(obj, Mentor | MentorRequest):
        return obj.scheme
    if isinstance(obj, Match):
        return obj.mentor.scheme
    return None


@rules.predicate
def coordinates(user, obj) -> bool:
    scheme = _scheme(obj)
    if scheme is None or not user.is_authenticated:
        return False
    ids = getattr(user, "_withus_coordinated", None)
    if ids is None:
        ids = set(user.coordinated_schemes.values_list("pk", flat=True))
        user._withus_coordinated = ids
    return scheme.pk in ids


@rules.predicate
def mentors_in(user, match) -> bool:
    return isinstance(match, Match) and user.is_authenticated and match.mentor.user_id == user.pk


@rules.predicate
def is_open(user, match) -> bool:
    return isinstance(match, Match) and match.is_open


@rules.predicate
def takes_requests(user, scheme) -> bool:
    return isinstance(scheme, Scheme) and scheme.taking_requests


@rules.predicate
def facilitates_for(user, scheme) -> bool:
    return isinstance(scheme, Scheme) and has_role(user, scheme.local_area_id, [Role.FACILITATOR])


@rules.predicate
def sets_up_schemes(user, area) -> bool:
    return isinstance(area, LocalArea) and has_role(
        user, area.pk, [Role.AREA_ADMIN, Role.COMMISSIONER]
    )


rules.add_perm("peer_support.create_scheme", sets_up_schemes)
rules.add_perm("peer_support.ask", takes_requests)
rules.add_perm("peer_support.refer", takes_requests & (facilitates_for | coordinates))
rules.add_perm("peer_support.coordinate", coordinates)
rules.add_perm("peer_support.view_match", coordinates | mentors_in)
rules.add_perm("peer_support.log_session", is_open & (coordinates | mentors_in))
rules.add_perm("peer_support.close_match", is_open & (coordinates | mentors_in))
