"""Every change to peer support, each in one audited transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.core.audit import audit_record
from withus.core.edits import StaleEdit
from withus.core.models import LocalArea, Organisation, User

from . import matching
from .models import Match, Mentor, MentorRequest, MentorSession, Scheme

MENTOR_FIELDS = (
    "name",
    "user",
    "experience",
    "languages",
    "availability",
    "gender",
    "age_group",
    "capacity",
    "trained_on",
    "training",
    "check_status",
    "check_expires",
    "active",
)


def _audit(by, action, obj, area, **data):
    audit_record(actor=by, action=action, obj=obj, local_area=area, data=data)


@transaction.atomic
def scheme_create(
    area: LocalArea,
    by: User,
    *,
    organisation: Organisation,
    name: str,
    description: str,
    coordinators,
) -> Scheme:
    if Scheme.objects.filter(local_area=area, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("This organisation already has a scheme in this area.")}
        )
    scheme = Scheme.objects.create(
        local_area=area, organisation=organisation, name=name, description=description
    )
    scheme.coordinators.set(coordinators)
    _audit(
        by,
        "peer.scheme_create",
        scheme,
        area,
        organisation=organisation.pk,
        coordinators=sorted(u.pk for u in coordinators),
    )
    return scheme


def _check_mentor(fields) -> None:
    if fields["check_status"] == Mentor.Check.CLEAR and not fields.get("check_expires"):
        raise ValidationError(
            {"check_expires": _("Enter the date the clear background check runs out.")}
        )


@transaction.atomic
def mentor_save(scheme: Scheme, by: User, *, mentor: Mentor | None = None, version=None, **fields):
    """Add a mentor, or change one from a page that was up to date."""
    _check_mentor(fields)
    if mentor is None:
        mentor = Mentor.objects.create(scheme=scheme, **fields)
        _audit(by, "peer.mentor_add", mentor, scheme.local_area, check=mentor.check_status)
        return mentor
    updated = version is not None and Mentor.objects.filter(pk=mentor.pk, version=version).update(
        version=version + 1, **fields
    )
    if not updated:
        raise StaleEdit
    if (mentor.check_status, mentor.check_expires) != (
        fields["check_status"],
        fields.get("check_expires"),
    ):
        # Who said a check was clear, and until when, is a decision to keep.
        _audit(
            by,
            "peer.mentor_check",
            mentor,
            scheme.local_area,
            check=fields["check_status"],
            expires=fields.get("check_expires"),
        )
    return Mentor.objects.get(pk=mentor.pk)


def request_make(scheme: Scheme, *, by: User | None = None, **fields) -> MentorRequest:
    if not scheme.taking_requests:
        raise ValidationError(_("This scheme is not taking requests at the moment."))
    route = MentorRequest.Route.FACILITATOR if by is not None else MentorRequest.Route.SELF
    return MentorRequest.objects.create(
        scheme=scheme, route=route, referred_by=by, received_at=timezone.now(), **fields
    )


def mentor_facts(mentors, open_counts: dict[int, int]) -> list[matching.MentorFacts]:
    return [
        matching.MentorFacts(
            id=m.pk,
            name=m.name,
            experience=frozenset(m.experience),
            languages=frozenset(m.languages),
            availability=frozenset(m.availability),
            gender=m.gender,
            age_group=m.age_group,
            capacity=m.capacity,
            open_matches=open_counts.get(m.pk, 0),
            trained=m.trained_on is not None,
            check_status=m.check_status,
            check_expires=m.check_expires,
            active=m.active,
        )
        for m in mentors
    ]


def wish_of(request: MentorRequest) -> matching.Wish:
    return matching.Wish(
        experience=frozenset(request.experience),
        language=request.language,
        gender=request.gender,
        age_group=request.age_group,
        availability=frozenset(request.availability),
    )


def suggestions(request: MentorRequest, today: date) -> list[matching.Suggestion]:
    """Every mentor of the scheme, best first, in two queries."""
    mentors = list(
        Mentor.objects.filter(scheme_id=request.scheme_id).annotate(
            open_count=Count("matches", filter=Q(matches__closed_on__isnull=True))
        )
    )
    counts = {m.pk: m.open_count for m in mentors}
    return matching.suggest(wish_of(request), mentor_facts(mentors, counts), today)


@transaction.atomic
def match_make(request: MentorRequest, mentor: Mentor, by: User, *, started_on: date) -> Match:
    # Lock both rows so two coordinators cannot fill the same last place at once.
    request = MentorRequest.objects.select_for_update().get(pk=request.pk)
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if mentor.scheme_id != request.scheme_id:
        raise ValidationError({"mentor": _("Choose a mentor from this scheme.")})
    if request.status != MentorRequest.Status.WAITING:
        raise ValidationError(_("This person already has a mentor, or their request is closed."))
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("The start date cannot be in the future.")})
    open_count = mentor.matches.filter(closed_on__isnull=True).count()
    (suggestion,) = matching.suggest(
        wish_of(request), mentor_facts([mentor], {mentor.pk: open_count}), timezone.localdate()
    )
    if suggestion.blocked:
        raise ValidationError({"mentor": f"{mentor.name}: {suggestion.blocked}"})
    match = Match.objects.create(
        request=request,
        mentor=mentor,
        started_on=started_on,
        reasons=list(suggestion.reasons),
        made_by=by,
    )
    MentorRequest.objects.filter(pk=request.pk).update(status=MentorRequest.Status.MATCHED)
    _audit(by, "peer.match", match, request.scheme.local_area, mentor=mentor.pk, request=request.pk)
    return match


@transaction.atomic
def session_log(match: Match, by: User, **fields) -> MentorSession:
    match = Match.objects.select_for_update().get(pk=match.pk)
    if not match.is_open:
        raise ValidationError(_("This match has closed, so no more sessions can be added."))
    happened_on = fields["happened_on"]
    if happened_on < match.started_on:
        raise ValidationError({"happened_on": _("The session cannot be before the match started.")})
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("The session date cannot be in the future.")})
    return MentorSession.objects.create(match=match, logged_by=by, **fields)


@transaction.atomic
def match_close(match: Match, by: User, *, closed_on: date, outcome: str, note: str) -> Match:
    match = Match.objects.select_for_update().select_related("request__scheme").get(pk=match.pk)
    if not match.is_open:
        raise ValidationError(_("This match is already closed."))
    if closed_on < match.started_on:
        raise ValidationError({"closed_on": _("The match cannot close before it started.")})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("The date cannot be in the future.")})
    last = match.sessions.order_by("-happened_on").values_list("happened_on", flat=True).first()
    if last and closed_on < last:
        raise ValidationError({"closed_on": _("The match cannot close before its last session.")})
    match.closed_on, match.outcome, match.outcome_note = closed_on, outcome, note
    match.save(update_fields=["closed_on", "outcome", "outcome_note"])
    # When the mentor could not carry on, the person still wants a mentor.
    status = (
        MentorRequest.Status.WAITING
        if outcome == Match.Outcome.MENTOR_LEFT
        else MentorRequest.Status.CLOSED
    )
    MentorRequest.objects.filter(pk=match.request_id).update(status=status)
    _audit(by, "peer.match_close", match, match.request.scheme.local_area, outcome=outcome)
    return match
