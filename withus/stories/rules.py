"""Who may do what with stories, declared once.

Reading services and published stories, and telling a story, need no account.
Moderators work only in their own area; providers reply only about their own
services. A story author's email address is on no page but the moderator's.
"""

import rules

from withus.core.models import LocalArea, Role
from withus.core.roles import has_role
from withus.tendering.rules import provider_organisation_ids

from .models import Reply, Service, Story

REPORT_ROLES = (Role.COMMISSIONER, Role.AREA_ADMIN, Role.FACILITATOR, Role.MODERATOR)
CRITERIA_ROLES = (Role.COMMISSIONER, Role.FACILITATOR)


def _area_id(obj) -> int | None:
    if isinstance(obj, LocalArea):
        return obj.pk
    if isinstance(obj, Service):
        return obj.local_area_id
    if isinstance(obj, Story):
        return obj.service.local_area_id
    if isinstance(obj, Reply):
        return obj.story.service.local_area_id
    return None


@rules.predicate
def moderates(user, obj) -> bool:
    return has_role(user, _area_id(obj), [Role.MODERATOR])


@rules.predicate
def reads_reports(user, obj) -> bool:
    return has_role(user, _area_id(obj), REPORT_ROLES)


@rules.predicate
def chooses_criteria(user, obj) -> bool:
    return has_role(user, _area_id(obj), CRITERIA_ROLES)


@rules.predicate
def provides_the_service(user, story) -> bool:
    return (
        isinstance(story, Story)
        and story.status == Story.Status.PUBLISHED
        and story.service.provider_id
        in provider_organisation_ids(user, story.service.local_area_id)
    )


@rules.predicate
def reply_open(user, story) -> bool:
    reply = getattr(story, "reply", None) if hasattr(story, "reply") else None
    return reply is None or reply.status == Reply.Status.RETURNED


rules.add_perm("stories.moderate", moderates)
rules.add_perm("stories.report", reads_reports)
rules.add_perm("stories.choose_criteria", chooses_criteria)
rules.add_perm("stories.reply", provides_the_service & reply_open)
