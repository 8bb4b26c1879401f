"""Every change to stories, each in one audited transaction.

A story from the public is kept waiting until a moderator decides. Edits are
audited with the reason, never with the words taken out (they may be a name).
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.core.audit import audit_record
from withus.core.edits import StaleEdit
from withus.core.models import Membership, Organisation, Role, User

from . import pii
from .models import Alert, Rating, RatingCriterion, Reply, SafeguardingRoute, Service, Story

# Criticality is 1 (low) to 5; from this level the area's commissioners are told at once.
ALERT_FROM = 4


def _audit(by, action, obj, area, **data):
    audit_record(actor=by, action=action, obj=obj, local_area=area, data=data)


def _flags(text: str) -> list[dict]:
    return [
        {"kind": f.kind, "start": f.start, "end": f.end, "text": f.text, "why": f.why}
        for f in pii.flags(text)
    ]


@transaction.atomic
def story_tell(
    service: Service, *, text: str, ratings: Mapping[int, int], contact_email: str = ""
) -> Story:
    """A story from anyone, with no account: kept for moderation, never shown before."""
    criteria = {c.pk for c in RatingCriterion.objects.filter(local_area=service.local_area_id)}
    if not set(ratings) <= criteria or any(not 1 <= s <= 5 for s in ratings.values()):
        raise ValidationError(_("Choose ratings from 1 to 5 from the list shown."))
    if not text.strip():
        raise ValidationError({"text": _("Write your story.")})
    story = Story.objects.create(
        service=service,
        text=text.strip(),
        contact_email=contact_email,
        created_at=timezone.now(),
        flags=_flags(text),
    )
    Rating.objects.bulk_create(
        Rating(story=story, criterion_id=c, score=s) for c, s in ratings.items()
    )
    _audit(None, "story.tell", story, service.local_area, ratings=len(ratings))
    return story


def _tell_commissioners(area, subject: str, body: str) -> None:
    emails = list(
        Membership.objects.filter(local_area=area, role=Role.COMMISSIONER)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if emails:
        _send_after_commit(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(set(emails)))


def _send_after_commit(subject, body, sender, to) -> None:
    """Email only once the decision is saved, so an undone decision sends nothing."""
    transaction.on_commit(lambda: send_mail(subject, body, sender, to))


@transaction.atomic
def story_moderate(
    story: Story,
    by: User,
    *,
    version: int,
    decision: str,
    text: str,
    criticality: int,
    reason: str,
) -> Story:
    """Publish (perhaps edited), reject with a reason, or send to safeguarding."""
    story = Story.objects.select_for_update().select_related("service__local_area").get(pk=story.pk)
    area = story.service.local_area
    if story.version != version:
        raise StaleEdit
    if not 1 <= criticality <= 5:
        raise ValidationError({"criticality": _("Choose how serious it is, from 1 to 5.")})
    edited = text.strip() != story.text
    errors = {}
    if decision == "reject" and not reason.strip():
        errors["reason"] = _("Say why it is not published. The reason is kept, not shown.")
    if edited and not reason.strip():
        errors["reason"] = _("Say why you changed the words.")
    if decision == "publish" and not text.strip():
        errors["text"] = _("The story cannot be empty. Reject it instead.")
    route = None
    if decision == "safeguarding":
        route = SafeguardingRoute.objects.filter(local_area=area).first()
        if route is None:
            errors["decision"] = _(
                "This area has no safeguarding route set up. Call your safeguarding team now, "
                "then ask an area admin to add the route."
            )
    if errors:
        raise ValidationError(errors)
    # Alerts go out on the first decision only, so changing one later repeats nothing.
    first_decision = story.status == Story.Status.PENDING
    if story.status == Story.Status.SAFEGUARDING:
        route = None  # already referred once
    status = {
        "publish": Story.Status.PUBLISHED,
        "reject": Story.Status.REJECTED,
        "safeguarding": Story.Status.SAFEGUARDING,
    }[decision]
    if edited:
        story.text = text.strip()
        story.edited = True
        story.flags = _flags(story.text)
    story.status = status
    story.criticality = criticality
    story.reason = reason
    story.moderated_by = by
    story.moderated_at = timezone.now()
    story.version += 1
    story.save()
    _audit(
        by,
        "story.moderate",
        story,
        area,
        decision=decision,
        criticality=criticality,
        edited=edited,
        reason=reason,
    )
    if route is not None:
        Alert.objects.create(
            local_area=area,
            story=story,
            created_at=story.moderated_at,
            text=_("Story %(n)s about %(s)s was sent to %(r)s as a safeguarding concern.")
            % {"n": story.pk, "s": story.service.name, "r": route.name},
        )
        _send_after_commit(
            _("Safeguarding concern from withus"),
            _(
                "A story about %(s)s raises a safeguarding concern. Story %(n)s:\n\n%(t)s\n\n"
                "Contact the person left: %(c)s"
            )
            % {
                "s": story.service.name,
                "n": story.pk,
                "t": story.text,
                "c": story.contact_email or _("none"),
            },
            settings.DEFAULT_FROM_EMAIL,
            [route.contact],
        )
        _audit(by, "story.safeguarding_referral", story, area, route=route.name)
    if criticality >= ALERT_FROM and first_decision:
        # A safeguarding referral already made its own alert; commissioners are still told.
        if route is None:
            Alert.objects.create(
                local_area=area,
                story=story,
                created_at=story.moderated_at,
                text=_("A very serious story (level %(c)s of 5) about %(s)s.")
                % {"c": criticality, "s": story.service.name},
            )
        _tell_commissioners(
            area,
            _("A very serious story about %(s)s") % {"s": story.service.name},
            _(
                "A moderator rated story %(n)s about %(s)s at level %(c)s of 5. Sign in to withus "
                "to read it."
            )
            % {"n": story.pk, "s": story.service.name, "c": criticality},
        )
    return story


@transaction.atomic
def reply_write(
    story: Story,
    by: User,
    organisation: Organisation,
    *,
    text: str,
    change: str,
    change_description: str,
) -> Reply:
    """A provider's public reply. One that says a change is planned or made is checked first."""
    if story.service.provider_id != organisation.pk:
        raise ValidationError(_("You can only reply about your own services."))
    if change != Reply.Change.NONE and not change_description.strip():
        raise ValidationError(
            {"change_description": _("Describe the change, so people can see what it is.")}
        )
    status = Reply.Status.PUBLISHED if change == Reply.Change.NONE else Reply.Status.PENDING
    reply = Reply.objects.filter(story=story).first() or Reply(story=story)
    reply.organisation = organisation
    reply.written_by = by
    reply.text = text
    reply.change = change
    reply.change_description = change_description
    reply.status = status
    reply.created_at = timezone.now()
    reply.save()
    _audit(by, "story.reply", reply, story.service.local_area, change=change, status=status)
    return reply


@transaction.atomic
def reply_check(reply: Reply, by: User, *, approve: bool, note: str) -> Reply:
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    if reply.status != Reply.Status.PENDING:
        raise ValidationError(_("This reply is not waiting for a check."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Tell the provider what to add or change.")})
    reply.status = Reply.Status.PUBLISHED if approve else Reply.Status.RETURNED
    reply.checked_by = by
    reply.checked_at = timezone.now()
    reply.check_note = note
    reply.save()
    _audit(
        by,
        "story.reply_check",
        reply,
        reply.story.service.local_area,
        approve=approve,
        note=note,
    )
    return reply


@transaction.atomic
def criterion_add(area, by: User, wording: str) -> RatingCriterion:
    position = RatingCriterion.objects.filter(local_area=area).count() + 1
    criterion = RatingCriterion.objects.create(local_area=area, wording=wording, position=position)
    _audit(by, "story.criterion_add", criterion, area, wording=wording)
    return criterion
