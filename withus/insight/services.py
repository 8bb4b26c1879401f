"""Every change to an insight exercise, each in one audited transaction."""

from collections.abc import Mapping, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.core.audit import audit_record
from withus.core.edits import StaleEdit
from withus.core.models import LocalArea, User
from withus.cycle.models import CommissioningProject

from . import phases, status, tally
from .importing import RowError, StatementRow, parse_statements
from .models import (
    Action,
    Ballot,
    Exercise,
    Priority,
    PriorityUpdate,
    Statement,
    Theme,
    Vote,
)


class PhaseClosed(ValidationError):
    """The exercise's current phase does not allow this (it moved on meanwhile)."""

    def __init__(self, action: str):
        super().__init__(
            _("The exercise has moved on to another phase, so this cannot be done now.")
        )
        self.action = action


class ImportRefused(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


def _require(exercise: Exercise, action: str) -> None:
    if not exercise.allows(action):
        raise PhaseClosed(action)


def _audit(by, action, obj, exercise, **data):
    audit_record(actor=by, action=action, obj=obj, local_area=exercise.local_area, data=data)


@transaction.atomic
def exercise_open(
    *,
    by: User,
    local_area: LocalArea,
    title: str,
    public_intro: str = "",
    project: CommissioningProject | None = None,
    votes_per_person: int = 5,
) -> Exercise:
    if project is not None and project.local_area_id != local_area.pk:
        raise ValidationError({"project": _("Choose a project in this area.")})
    exercise = Exercise(
        local_area=local_area,
        project=project,
        title=title,
        public_intro=public_intro,
        votes_per_person=votes_per_person,
        created_by=by,
    )
    exercise.full_clean()
    exercise.save()
    _audit(
        by, "exercise.open", exercise, exercise, title=title, project=getattr(project, "pk", None)
    )
    return exercise


@transaction.atomic
def exercise_move_phase(*, by: User, exercise: Exercise, to_phase: str) -> Exercise:
    exercise = Exercise.objects.select_for_update().get(pk=exercise.pk)
    if phases.next_phase(exercise.phase) != to_phase:
        raise ValidationError({"to_phase": _("The exercise can only move on to its next phase.")})
    before = exercise.phase
    exercise.phase = to_phase
    exercise.phase_changed_at = timezone.now()
    exercise.save(update_fields=["phase", "phase_changed_at"])
    _audit(by, "exercise.move_phase", exercise, exercise, **{"from": before, "to": to_phase})
    return exercise


def _statement(exercise: Exercise, row: StatementRow | Mapping) -> Statement:
    get = (lambda k: getattr(row, k)) if isinstance(row, StatementRow) else row.get
    consent = bool(get("consent"))
    statement = Statement(
        exercise=exercise,
        kind=get("kind"),
        text=get("text").strip(),
        source=get("source"),
        equality_consent=consent,
        # Without consent, equality details are dropped, never kept.
        age_band=(get("age_band") or "") if consent else "",
        gender=(get("gender") or "") if consent else "",
        ethnic_group=(get("ethnic_group") or "") if consent else "",
        disabled=(get("disabled") or "") if consent else "",
    )
    statement.full_clean(exclude=["theme"])
    return statement


@transaction.atomic
def statement_add(*, by: User | None, exercise: Exercise, **fields) -> Statement:
    """Adds one statement; ``by`` is None for the public easy-read form."""
    exercise = Exercise.objects.select_for_update().get(pk=exercise.pk)
    _require(exercise, "add_statement")
    statement = _statement(exercise, fields)
    statement.save()
    # The audit entry records that a statement arrived, never who said it.
    _audit(by, "statement.add", statement, exercise, kind=statement.kind, source=statement.source)
    return statement


@transaction.atomic
def statements_import(*, by: User, exercise: Exercise, filename: str, data: bytes) -> int:
    """All or nothing: every row is saved, or none is and every problem is listed."""
    exercise = Exercise.objects.select_for_update().get(pk=exercise.pk)
    _require(exercise, "import_statements")
    result = parse_statements(filename, data)
    if not result.ok:
        raise ImportRefused(result.errors)
    statements = []
    errors = []
    for row in result.rows:
        try:
            statements.append(_statement(exercise, row))
        except ValidationError as error:
            errors.append(RowError(row.line, "", "; ".join(error.messages)))
    if errors:
        raise ImportRefused(errors)
    Statement.objects.bulk_create(statements, batch_size=500)
    _audit(
        by, "statement.import", exercise, exercise, filename=filename[:200], rows=len(statements)
    )
    return len(statements)


@transaction.atomic
def statement_check(
    *, by: User, statement: Statement, text: str, public: bool, reason: str
) -> Statement:
    """A facilitator takes names or details out of a statement, or keeps it off the public page.

    The audit entry says what was done and why, never the words taken out.
    """
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("The statement cannot be empty. Hide it instead.")})
    if (text != statement.text or not public) and not reason.strip():
        raise ValidationError({"reason": _("Say why, for example: it named a member of staff.")})
    changed = text != statement.text
    statement.text, statement.public = text, public
    statement.checked_at = timezone.now()
    statement.full_clean(exclude=["theme"])
    statement.save(update_fields=["text", "public", "checked_at"])
    _audit(
        by,
        "statement.check",
        statement,
        statement.exercise,
        text_changed=changed,
        public=public,
        reason=reason.strip(),
    )
    return statement


# Grouping ---------------------------------------------------------------


def _check_theme_name(exercise: Exercise, name: str, exclude: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter a name for the theme.")})
    clash = Theme.objects.filter(exercise=exercise, name__iexact=name)
    if exclude:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": _("There is already a theme with that name.")})
    return name


@transaction.atomic
def theme_create(
    *,
    by: User,
    exercise: Exercise,
    name: str,
    i_statement: str = "",
    statement_ids: Sequence[int] = (),
) -> Theme:
    exercise = Exercise.objects.select_for_update().get(pk=exercise.pk)
    _require(exercise, "group")
    theme = Theme(
        exercise=exercise, name=_check_theme_name(exercise, name), i_statement=i_statement
    )
    theme.full_clean()
    theme.save()
    moved = _move(exercise, statement_ids, theme)
    _audit(by, "theme.create", theme, exercise, name=theme.name, statements=moved)
    return theme


@transaction.atomic
def theme_rename(*, by: User, theme: Theme, name: str, i_statement: str, version: int) -> Theme:
    exercise = Exercise.objects.select_for_update().get(pk=theme.exercise_id)
    _require(exercise, "group")
    name = _check_theme_name(exercise, name, exclude=theme.pk)
    before = (theme.name, theme.i_statement)
    updated = Theme.objects.filter(pk=theme.pk, version=version).update(
        name=name, i_statement=i_statement.strip(), version=F("version") + 1
    )
    if not updated:
        raise StaleEdit()
    theme.refresh_from_db()
    _audit(
        by,
        "theme.rename",
        theme,
        exercise,
        **{"from": list(before), "to": [theme.name, theme.i_statement]},
    )
    return theme


def _move(exercise: Exercise, statement_ids: Sequence[int], theme: Theme | None) -> int:
    ids = set(statement_ids)
    found = Statement.objects.filter(exercise=exercise, pk__in=ids)
    if found.count() != len(ids):
        raise ValidationError(
            {"statements": _("Some of those statements are not in this exercise.")}
        )
    return found.update(theme=theme)


@transaction.atomic
def statements_move(
    *,
    by: User,
    exercise: Exercise,
    statement_ids: Sequence[int],
    to_theme: Theme | None = None,
    new_theme_name: str = "",
) -> Theme | None:
    """Moves statements to a theme, to a new theme (a split), or out of any theme."""
    if not statement_ids:
        raise ValidationError({"statements": _("Choose at least one statement to move.")})
    if new_theme_name.strip():
        return theme_create(
            by=by, exercise=exercise, name=new_theme_name, statement_ids=statement_ids
        )
    exercise = Exercise.objects.select_for_update().get(pk=exercise.pk)
    _require(exercise, "group")
    if to_theme is not None and to_theme.exercise_id != exercise.pk:
        raise ValidationError({"to_theme": _("Choose a theme in this exercise.")})
    moved = _move(exercise, statement_ids, to_theme)
    _audit(
        by,
        "statement.move",
        exercise,
        exercise,
        statements=sorted(statement_ids),
        to_theme=getattr(to_theme, "pk", None),
        moved=moved,
    )
    return to_theme


@transaction.atomic
def theme_merge(*, by: User, theme: Theme, into: Theme) -> Theme:
    """Moves every statement of ``theme`` into ``into`` and removes ``theme``."""
    exercise = Exercise.objects.select_for_update().get(pk=theme.exercise_id)
    _require(exercise, "group")
    if into.pk == theme.pk or into.exercise_id != exercise.pk:
        raise ValidationError({"into": _("Choose another theme in this exercise.")})
    moved = Statement.objects.filter(theme=theme).update(theme=into)
    name = theme.name
    theme_id = theme.pk
    theme.delete()
    _audit(by, "theme.merge", into, exercise, merged=theme_id, merged_name=name, statements=moved)
    return into


@transaction.atomic
def suggestion_accept(
    *, by: User, exercise: Exercise, name: str, statement_ids: Sequence[int]
) -> Theme:
    """Makes a suggested grouping real. Statements already in a theme stay where they are."""
    free = list(
        Statement.objects.filter(
            exercise=exercise, pk__in=set(statement_ids), theme__isnull=True
        ).values_list("pk", flat=True)
    )
    if not free:
        raise ValidationError({"statements": _("All of these statements are already in themes.")})
    base = name.strip()[:100] or _("Suggested theme")
    candidate, n = base, 1
    while Theme.objects.filter(exercise=exercise, name__iexact=candidate).exists():
        n += 1
        candidate = f"{base} ({n})"
    theme = theme_create(by=by, exercise=exercise, name=candidate, statement_ids=free)
    _audit(by, "suggestion.accept", theme, exercise, statements=len(free))
    return theme


# Voting -----------------------------------------------------------------


def _ballot_lines(exercise: Exercise, dots_by_theme: Mapping[int, int]) -> dict[int, int]:
    themes = set(Theme.objects.filter(exercise=exercise).values_list("pk", flat=True))
    unknown = set(dots_by_theme) - themes
    if unknown:
        raise ValidationError(_("Some of those themes are not in this exercise."))
    return {t: d for t, d in dots_by_theme.items() if d > 0}


@transaction.atomic
def ballot_cast(*, by: User, exercise: Exercise, dots_by_theme: Mapping[int, int]) -> Ballot:
    """One person's online votes. A person votes once; a second ballot is refused."""
    exercise = Exercise.objects.select_for_update().get(pk=exercise.pk)
    _require(exercise, "vote")
    problems = tally.check_ballot(dots_by_theme, exercise.votes_per_person)
    if problems:
        raise ValidationError(problems)
    lines = _ballot_lines(exercise, dots_by_theme)
    if Ballot.objects.filter(exercise=exercise, voter=by).exists():
        raise ValidationError(_("You have already voted in this exercise."))
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                exercise=exercise, method=Ballot.Method.ONLINE, voter=by, entered_by=by
            )
    except IntegrityError:
        raise ValidationError(_("You have already voted in this exercise.")) from None
    Vote.objects.bulk_create(Vote(ballot=ballot, theme_id=t, dots=d) for t, d in lines.items())
    _audit(by, "ballot.cast", ballot, exercise, dots=sum(lines.values()))
    return ballot


@transaction.atomic
def room_tally_enter(
    *, by: User, exercise: Exercise, room: str, dots_by_theme: Mapping[int, int]
) -> Ballot:
    """Dots counted on the wall at an event, entered by a facilitator."""
    exercise = Exercise.objects.select_for_update().get(pk=exercise.pk)
    _require(exercise, "vote")
    if not room.strip():
        raise ValidationError({"room": _("Say which room or event the votes came from.")})
    if any(d < 0 for d in dots_by_theme.values()):
        raise ValidationError(_("A theme cannot have fewer than 0 votes."))
    lines = _ballot_lines(exercise, dots_by_theme)
    if not lines:
        raise ValidationError(_("Enter at least 1 vote for a theme."))
    ballot = Ballot.objects.create(
        exercise=exercise, method=Ballot.Method.ROOM, room=room.strip(), entered_by=by
    )
    Vote.objects.bulk_create(Vote(ballot=ballot, theme_id=t, dots=d) for t, d in lines.items())
    _audit(by, "ballot.room", ballot, exercise, room=ballot.room, dots=sum(lines.values()))
    return ballot


# Priorities -------------------------------------------------------------


@transaction.atomic
def priority_make(
    *,
    by: User,
    theme: Theme,
    root_causes: str = "",
    success_looks_like: str = "",
) -> Priority:
    exercise = Exercise.objects.select_for_update().get(pk=theme.exercise_id)
    _require(exercise, "set_priorities")
    if Priority.objects.filter(theme=theme).exists():
        raise ValidationError(_("That theme is already a priority."))
    rank = (Priority.objects.filter(exercise=exercise).count()) + 1
    now = timezone.now()
    priority = Priority.objects.create(
        exercise=exercise,
        theme=theme,
        rank=rank,
        root_causes=root_causes.strip(),
        success_looks_like=success_looks_like.strip(),
        status_updated_at=now,
    )
    PriorityUpdate.objects.create(
        priority=priority, status=priority.status, note="", updated_by=by, updated_at=now
    )
    _audit(by, "priority.make", priority, exercise, theme=theme.pk, rank=rank)
    return priority


@transaction.atomic
def priorities_make(*, by: User, themes: Sequence[Theme]) -> list[Priority]:
    """Makes several themes into priorities, in the order given: all of them or none."""
    return [priority_make(by=by, theme=theme) for theme in themes]


@transaction.atomic
def priority_update(
    *,
    by: User,
    priority: Priority,
    version: int,
    status_value: str,
    reason: str,
    root_causes: str,
    success_looks_like: str,
) -> Priority:
    exercise = Exercise.objects.select_for_update().get(pk=priority.exercise_id)
    _require(exercise, "update_priority")
    reason = reason.strip()
    if status_value in status.NEEDS_REASON and not reason:
        raise ValidationError({"reason": _("Say why. People have a right to know.")})
    current = Priority.objects.select_for_update().get(pk=priority.pk)
    if current.version != version:
        raise StaleEdit()
    now = timezone.now()
    status_changed = (current.status, current.status_reason) != (status_value, reason)
    current.root_causes = root_causes.strip()
    current.success_looks_like = success_looks_like.strip()
    current.status = status_value
    current.status_reason = reason
    current.version += 1
    if status_changed or reason:
        current.status_updated_at = now
    current.full_clean()
    current.save()
    if status_changed or reason:
        PriorityUpdate.objects.create(
            priority=current, status=status_value, note=reason, updated_by=by, updated_at=now
        )
    _audit(by, "priority.update", current, exercise, status=status_value, reason=reason)
    return current


@transaction.atomic
def action_add(
    *, by: User, priority: Priority, description: str, owner: str, due_on: date
) -> Action:
    exercise = Exercise.objects.select_for_update().get(pk=priority.exercise_id)
    _require(exercise, "update_priority")
    action = Action(priority=priority, description=description, owner=owner, due_on=due_on)
    action.full_clean()
    action.save()
    Priority.objects.filter(pk=priority.pk).update(status_updated_at=timezone.now())
    _audit(by, "action.add", action, exercise, priority=priority.pk, due_on=due_on)
    return action


@transaction.atomic
def action_set_status(*, by: User, action: Action, status_value: str) -> Action:
    exercise = Exercise.objects.select_for_update().get(pk=action.priority.exercise_id)
    _require(exercise, "update_priority")
    if status_value not in Action.Status.values:
        raise ValidationError(_("Choose a status."))
    before = action.status
    action.status = status_value
    action.save(update_fields=["status"])
    Priority.objects.filter(pk=action.priority_id).update(status_updated_at=timezone.now())
    _audit(by, "action.status", action, exercise, **{"from": before, "to": status_value})
    return action
