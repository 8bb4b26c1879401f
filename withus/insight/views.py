"""Pages for Working Together for Change: thin, every write goes through services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from withus.core import public_forms as guard
from withus.core.access import access, public
from withus.core.clients import client_address
from withus.core.edits import STALE_MESSAGE, StaleEdit, apply_validation_error
from withus.core.models import LocalArea
from withus.core.pages import form_page
from withus.cycle.models import CommissioningProject
from withus.thread import follow

from . import phases, queries, services
from .forms import (
    ActionForm,
    DotsForm,
    ExerciseForm,
    ImportForm,
    MakePrioritiesForm,
    MergeForm,
    MoveForm,
    PriorityForm,
    PublicStatementForm,
    StatementCheckForm,
    StatementForm,
    ThemeForm,
)
from .models import Action, Exercise, Phase, Priority, Statement, StatementKind, Theme
from .suggest import suggest_themes


def _area(slug):
    return get_object_or_404(LocalArea, slug=slug)


def _exercise(pk):
    return get_object_or_404(Exercise.objects.select_related("local_area", "project"), pk=pk)


def _theme(pk):
    return get_object_or_404(Theme.objects.select_related("exercise__local_area"), pk=pk)


def _priority(pk):
    return get_object_or_404(
        Priority.objects.select_related("theme", "exercise__local_area"), pk=pk
    )


def _closed(request, exercise, what):
    return render(
        request,
        "insight/phase_closed.html",
        {"exercise": exercise, "what": what},
        status=409,
    )


# Exercises ----------------------------------------------------------------


@access("core.view_area_dashboard", obj=_area)
def exercise_list(request, slug):
    area = request.withus_object
    return render(
        request,
        "insight/exercise_list.html",
        {
            "area": area,
            "exercises": queries.exercises_in(area),
            "can_open": request.user.has_perm("insight.add_exercise", area),
        },
    )


@access("insight.add_exercise", obj=_area)
def exercise_new(request, slug):
    area = request.withus_object
    projects = list(CommissioningProject.objects.filter(local_area=area).order_by("name"))
    form = ExerciseForm(request.POST or None, projects=projects)
    if request.method == "POST" and form.is_valid():
        try:
            exercise = services.exercise_open(
                by=request.user,
                local_area=area,
                title=form.cleaned_data["title"],
                public_intro=form.cleaned_data["public_intro"],
                project=form.chosen_project(),
                votes_per_person=form.cleaned_data["votes_per_person"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Exercise opened. It is collecting statements."))
            return redirect("exercise", pk=exercise.pk)
    return form_page(
        request,
        form,
        title=_("Open a Working Together for Change exercise"),
        caption=area.name,
        back=reverse("exercises", args=[area.slug]),
        submit=_("Open the exercise"),
    )


@access("insight.view_exercise", obj=_exercise)
def exercise_detail(request, pk):
    exercise = request.withus_object
    counts = queries.kind_counts(exercise)
    return render(
        request,
        "insight/exercise_detail.html",
        {
            "exercise": exercise,
            "kinds": [(label, counts.get(value, 0)) for value, label in StatementKind.choices],
            "total": sum(counts.values()),
            "ballots": queries.ballot_counts(exercise),
            "next_phase": phases.next_phase(exercise.phase),
            "next_label": dict(Phase.choices).get(phases.next_phase(exercise.phase) or "", ""),
            "can_change": request.user.has_perm("insight.change_exercise", exercise),
            "phase_list": [
                (value, label, i < phases.PHASES.index(exercise.phase), value == exercise.phase)
                for i, (value, label) in enumerate(Phase.choices)
            ],
        },
    )


@require_POST
@access("insight.change_exercise", obj=_exercise)
def exercise_phase(request, pk):
    exercise = request.withus_object
    try:
        exercise = services.exercise_move_phase(
            by=request.user, exercise=exercise, to_phase=request.POST.get("to_phase", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The exercise moved on to: %(p)s.") % {"p": exercise.get_phase_display()}
        )
    return redirect("exercise", pk=exercise.pk)


# Statements ---------------------------------------------------------------


@access("insight.change_exercise", obj=_exercise)
def statement_new(request, pk):
    exercise = request.withus_object
    if not exercise.allows("add_statement"):
        return _closed(request, exercise, _("adding statements"))
    form = StatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in StatementForm.field_order}
        try:
            services.statement_add(by=request.user, exercise=exercise, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Statement added. You can add another."))
            return redirect("statement_new", pk=exercise.pk)
    return form_page(
        request,
        form,
        title=_("Add a statement"),
        caption=exercise.title,
        back=reverse("exercise", args=[exercise.pk]),
        submit=_("Add the statement"),
    )


@access("insight.change_exercise", obj=_exercise)
def statements_import(request, pk):
    exercise = request.withus_object
    if not exercise.allows("import_statements"):
        return _closed(request, exercise, _("importing statements"))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = services.statements_import(
                by=request.user, exercise=exercise, filename=upload.name, data=upload.read()
            )
        except services.ImportRefused as refused:
            if all(p.line == 0 for p in refused.errors):
                # Problems with the whole file (its type, size or format) have no
                # line to point at: say them next to the upload box.
                for p in refused.errors:
                    form.add_error("file", p.message)
            else:
                problems = refused.errors
                form.add_error(
                    "file",
                    ngettext(
                        "The file has %(n)s problem. Nothing was added. "
                        "Fix it and upload the file again.",
                        "The file has %(n)s problems. Nothing was added. "
                        "Fix them and upload the file again.",
                        len(problems),
                    )
                    % {"n": len(problems)},
                )
        else:
            messages.success(request, _("%(n)s statements added.") % {"n": count})
            return redirect("exercise", pk=exercise.pk)
    return render(
        request,
        "insight/import.html",
        {
            "form": form,
            "exercise": exercise,
            "problems": problems[:500],
            "more": len(problems) > 500,
        },
    )


@access("insight.change_exercise", obj=_exercise)
def statement_list(request, pk):
    exercise = request.withus_object
    statements = list(
        Statement.objects.filter(exercise=exercise).select_related("theme").order_by("id")
    )
    return render(
        request, "insight/statement_list.html", {"exercise": exercise, "statements": statements}
    )


def _statement(pk):
    return get_object_or_404(Statement.objects.select_related("exercise__local_area"), pk=pk)


@access("insight.change_exercise", obj=_statement)
def statement_check(request, pk):
    statement = request.withus_object
    form = StatementCheckForm(
        request.POST or None,
        initial={"text": statement.text, "public": "yes" if statement.public else "no"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_check(
                by=request.user,
                statement=statement,
                text=form.cleaned_data["text"],
                public=form.cleaned_data["public"] == "yes",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Statement saved."))
            return redirect("statements", pk=statement.exercise_id)
    return form_page(
        request,
        form,
        title=_("Check a statement before it is public"),
        caption=statement.exercise.title,
        back=reverse("statements", args=[statement.exercise_id]),
        submit=_("Save"),
    )


# Grouping -----------------------------------------------------------------


@access("insight.view_exercise", obj=_exercise)
def grouping(request, pk):
    exercise = request.withus_object
    themes = queries.themes_with_statements(exercise)
    loose = queries.unthemed(exercise)
    can_group = exercise.allows("group") and request.user.has_perm(
        "insight.change_exercise", exercise
    )
    return render(
        request,
        "insight/grouping.html",
        {
            "exercise": exercise,
            "themes": themes,
            "loose": loose,
            "can_group": can_group,
            "move_form": MoveForm(statements=loose, themes=themes, prefix="move"),
            "theme_form": ThemeForm(prefix="new"),
        },
    )


@require_POST
@access("insight.change_exercise", obj=_exercise)
def theme_new(request, pk):
    exercise = request.withus_object
    if not exercise.allows("group"):
        return _closed(request, exercise, _("grouping"))
    form = ThemeForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            theme = services.theme_create(
                by=request.user,
                exercise=exercise,
                name=form.cleaned_data["name"],
                i_statement=form.cleaned_data["i_statement"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Theme %(name)s made.") % {"name": theme.name})
            return redirect("grouping", pk=exercise.pk)
    return form_page(
        request,
        form,
        title=_("Make a theme"),
        caption=exercise.title,
        back=reverse("grouping", args=[exercise.pk]),
        submit=_("Make the theme"),
    )


def _move_page(request, exercise, statements, themes, back):
    form = MoveForm(request.POST, statements=statements, themes=themes, prefix="move")
    if form.is_valid():
        try:
            services.statements_move(
                by=request.user,
                exercise=exercise,
                statement_ids=form.statement_ids(),
                to_theme=form.target(),
                new_theme_name=form.cleaned_data["new_theme_name"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Statements moved."))
            return redirect(back)
    return render(
        request,
        "insight/move.html",
        {"form": form, "exercise": exercise, "back": back},
    )


@require_POST
@access("insight.change_exercise", obj=_exercise)
def statements_move(request, pk):
    exercise = request.withus_object
    if not exercise.allows("group"):
        return _closed(request, exercise, _("grouping"))
    statements = list(Statement.objects.filter(exercise=exercise).order_by("id"))
    themes = list(Theme.objects.filter(exercise=exercise).order_by("name"))
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("grouping", args=[exercise.pk])
    return _move_page(request, exercise, statements, themes, back)


@access("insight.view_exercise", obj=_theme)
def theme_detail(request, pk):
    theme = request.withus_object
    exercise = theme.exercise
    statements = list(theme.statements.order_by("id"))
    others = list(Theme.objects.filter(exercise=exercise).exclude(pk=theme.pk).order_by("name"))
    can_group = exercise.allows("group") and request.user.has_perm(
        "insight.change_exercise", exercise
    )
    return render(
        request,
        "insight/theme_detail.html",
        {
            "theme": theme,
            "exercise": exercise,
            "statements": statements,
            "can_group": can_group,
            "move_form": MoveForm(statements=statements, themes=others, prefix="move"),
            "merge_form": MergeForm(themes=others),
        },
    )


@access("insight.change_exercise", obj=_theme)
def theme_edit(request, pk):
    theme = request.withus_object
    if not theme.exercise.allows("group"):
        return _closed(request, theme.exercise, _("grouping"))
    form = ThemeForm(
        request.POST or None,
        initial={"name": theme.name, "i_statement": theme.i_statement, "version": theme.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_rename(
                by=request.user,
                theme=theme,
                name=form.cleaned_data["name"],
                i_statement=form.cleaned_data["i_statement"],
                version=form.cleaned_data["version"] or 0,
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Theme saved."))
            return redirect("theme", pk=theme.pk)
    return form_page(
        request,
        form,
        title=_("Rename the theme"),
        caption=theme.exercise.title,
        back=reverse("theme", args=[theme.pk]),
        submit=_("Save"),
    )


@require_POST
@access("insight.change_exercise", obj=_theme)
def theme_merge(request, pk):
    theme = request.withus_object
    exercise = theme.exercise
    if not exercise.allows("group"):
        return _closed(request, exercise, _("grouping"))
    others = list(Theme.objects.filter(exercise=exercise).exclude(pk=theme.pk).order_by("name"))
    form = MergeForm(request.POST, themes=others)
    if form.is_valid():
        into = form.themes[form.cleaned_data["into"]]
        name = theme.name
        try:
            services.theme_merge(by=request.user, theme=theme, into=into)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(a)s merged into %(b)s.") % {"a": name, "b": into.name})
            return redirect("theme", pk=into.pk)
    return form_page(
        request,
        form,
        title=_("Merge the theme"),
        caption=theme.name,
        back=reverse("theme", args=[theme.pk]),
        submit=_("Merge"),
    )


@access("insight.change_exercise", obj=_exercise)
def suggestions(request, pk):
    exercise = request.withus_object
    if not exercise.allows("group"):
        return _closed(request, exercise, _("grouping"))
    loose = queries.unthemed(exercise)
    by_id = {s.pk: s for s in loose}
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("statement") if v.isdigit()]
        try:
            theme = services.suggestion_accept(
                by=request.user,
                exercise=exercise,
                name=request.POST.get("name", ""),
                statement_ids=ids,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("suggestions", pk=exercise.pk)
        messages.success(
            request,
            _("Theme %(name)s made. Rename it and give it an I statement.") % {"name": theme.name},
        )
        return redirect("theme", pk=theme.pk)
    suggested = suggest_themes([(s.pk, s.text) for s in loose])
    return render(
        request,
        "insight/suggestions.html",
        {
            "exercise": exercise,
            "loose_count": len(loose),
            "suggested": [
                {
                    "s": s,
                    "examples": [by_id[i] for i in s.examples],
                    "count": len(s.statement_ids),
                }
                for s in suggested
            ],
        },
    )


# Voting -------------------------------------------------------------------


@access("insight.vote", obj=_exercise)
def vote(request, pk):
    exercise = request.withus_object
    if not exercise.allows("vote"):
        return _closed(request, exercise, _("voting"))
    if exercise.ballots.filter(voter=request.user).exists():
        return render(request, "insight/voted.html", {"exercise": exercise})
    themes = list(Theme.objects.filter(exercise=exercise).order_by("name", "id"))
    form = DotsForm(request.POST or None, themes=themes, maximum=exercise.votes_per_person)
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_cast(by=request.user, exercise=exercise, dots_by_theme=form.dots())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return render(request, "insight/voted.html", {"exercise": exercise, "just": True})
    return form_page(
        request,
        form,
        title=_("Vote for the themes that matter most"),
        caption=exercise.title,
        intro=_(
            "You have %(n)s votes. Put them on the themes that matter most to you. "
            "You can put more than 1 vote on a theme."
        )
        % {"n": exercise.votes_per_person},
        back=reverse("home"),
        submit=_("Send my votes"),
    )


@access("insight.change_exercise", obj=_exercise)
def room_votes(request, pk):
    exercise = request.withus_object
    if not exercise.allows("vote"):
        return _closed(request, exercise, _("voting"))
    themes = list(Theme.objects.filter(exercise=exercise).order_by("name", "id"))
    form = DotsForm(request.POST or None, themes=themes, maximum=100000, room=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.room_tally_enter(
                by=request.user,
                exercise=exercise,
                room=form.cleaned_data["room"],
                dots_by_theme=form.dots(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Votes from the room added."))
            return redirect("results", pk=exercise.pk)
    return form_page(
        request,
        form,
        title=_("Enter votes from a room"),
        caption=exercise.title,
        intro=_("Count the dots on each theme and enter the numbers."),
        back=reverse("exercise", args=[exercise.pk]),
        submit=_("Add the votes"),
    )


@access("insight.view_exercise", obj=_exercise)
def results(request, pk):
    exercise = request.withus_object
    rows = queries.results(exercise)
    top = max((r.result.dots for r in rows), default=0)
    from withus.cycle.ladder import bar_step

    return render(
        request,
        "insight/results.html",
        {
            "exercise": exercise,
            "rows": [{"row": r, "bar": bar_step(r.result.dots, top)} for r in rows],
            "ballots": queries.ballot_counts(exercise),
        },
    )


# Priorities ---------------------------------------------------------------


@access("insight.view_exercise", obj=_exercise)
def priorities(request, pk):
    exercise = request.withus_object
    can_set = exercise.allows("set_priorities") and request.user.has_perm(
        "insight.change_exercise", exercise
    )
    existing = queries.exercise_priorities(exercise)
    taken = {p.theme_id for p in existing}
    rows = [r for r in queries.results(exercise) if r.theme.pk not in taken]
    form = MakePrioritiesForm(request.POST or None, rows=rows)
    if request.method == "POST":
        if not can_set:
            return _closed(request, exercise, _("setting priorities"))
        if form.is_valid():
            try:
                services.priorities_make(by=request.user, themes=form.chosen())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Priorities made. Now record causes and actions."))
                return redirect("priorities", pk=exercise.pk)
    return render(
        request,
        "insight/priorities.html",
        {"exercise": exercise, "existing": existing, "form": form, "can_set": can_set and rows},
    )


@access("insight.change_exercise", obj=_priority)
def priority_edit(request, pk):
    priority = request.withus_object
    exercise = priority.exercise
    if not exercise.allows("update_priority"):
        return _closed(request, exercise, _("updating priorities"))
    form = PriorityForm(
        request.POST if request.POST.get("form") == "priority" else None,
        initial={
            "status": priority.status,
            "reason": priority.status_reason,
            "root_causes": priority.root_causes,
            "success_looks_like": priority.success_looks_like,
            "version": priority.version,
        },
    )
    action_form = ActionForm(
        request.POST if request.POST.get("form") == "action" else None, prefix="action"
    )
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            services.priority_update(
                by=request.user,
                priority=priority,
                version=form.cleaned_data["version"],
                status_value=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                root_causes=form.cleaned_data["root_causes"],
                success_looks_like=form.cleaned_data["success_looks_like"],
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Priority saved. The public page shows it now."))
            return redirect("priority", pk=priority.pk)
    if request.method == "POST" and action_form.is_bound and action_form.is_valid():
        try:
            services.action_add(by=request.user, priority=priority, **action_form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(action_form, error)
        else:
            messages.success(request, _("Action added."))
            return redirect("priority", pk=priority.pk)
    if request.method == "POST" and request.POST.get("form") == "action_status":
        action = get_object_or_404(Action, pk=request.POST.get("action"), priority=priority)
        try:
            services.action_set_status(
                by=request.user, action=action, status_value=request.POST.get("status", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Action updated."))
        return redirect("priority", pk=priority.pk)
    return render(
        request,
        "insight/priority_edit.html",
        {
            "priority": priority,
            "exercise": exercise,
            "form": form,
            "action_form": action_form,
            "actions": list(priority.actions.order_by("due_on", "id")),
            "action_statuses": Action.Status.choices,
        },
    )


# Public pages -------------------------------------------------------------


@public
def tell_us(request, pk):
    exercise = get_object_or_404(Exercise.objects.select_related("local_area"), pk=pk)
    if not exercise.allows("add_statement"):
        return render(request, "insight/tell_us_closed.html", {"exercise": exercise}, status=410)
    form = PublicStatementForm(
        request.POST or None, initial={"started": guard.start_token("tell-us")}
    )
    if request.method == "POST" and form.is_valid():
        outcome = guard.screen(form, "tell-us", f"tell-us:{exercise.pk}:{client_address(request)}")
        if outcome == "robot":
            return redirect("tell_us_thanks", pk=exercise.pk)
        if outcome == "ok":
            data = {k: form.cleaned_data[k] for k in PublicStatementForm.field_order}
            email, frequency = form.cleaned_data["email"], form.cleaned_data["frequency"]
            try:
                # The statement and the wish to hear about it are kept together or not at all.
                with transaction.atomic():
                    statement = services.statement_add(
                        by=None, exercise=exercise, source="easy_read", **data
                    )
                    if email:
                        follow.follow_start(statement, email, frequency)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                thanks = reverse("tell_us_thanks", args=[exercise.pk])
                return redirect(f"{thanks}?following={frequency}" if email else thanks)
    return render(request, "insight/tell_us.html", {"exercise": exercise, "form": form})


@public
def tell_us_thanks(request, pk):
    exercise = get_object_or_404(Exercise.objects.select_related("local_area"), pk=pk)
    return render(request, "insight/tell_us_thanks.html", {"exercise": exercise})


@public
def what_happened(request, slug):
    area = _area(slug)
    return render(
        request,
        "insight/what_happened.html",
        {
            "area": area,
            "items": queries.public_priorities(area),
            "open_exercises": queries.open_exercises(area),
        },
    )
