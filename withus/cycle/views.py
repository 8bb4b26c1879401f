"""Pages for commissioning projects: thin, every write goes through services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from withus.core.access import access, signed_in
from withus.core.edits import STALE_MESSAGE, StaleEdit, apply_validation_error
from withus.core.models import LocalArea, Membership, User

from . import ladder, queries, services
from .forms import InvolvementForm, ProjectForm, StageMoveForm, WhatChangedForm
from .models import LEVEL_MEANINGS, CommissioningProject, InvolvementRecord, ParticipationLevel
from .rules import LIVED_EXPERIENCE_ROLES, oversees_project

MY_INVOLVEMENT_PAGE = 100


def _project(pk: int) -> CommissioningProject:
    return get_object_or_404(CommissioningProject.objects.select_related("local_area"), pk=pk)


def _record(pk: int) -> InvolvementRecord:
    return get_object_or_404(
        InvolvementRecord.objects.select_related("project", "project__local_area"), pk=pk
    )


@access("cycle.add_project", obj=lambda slug: get_object_or_404(LocalArea, slug=slug))
def project_new(request, slug):
    area = request.withus_object
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            project = services.project_open(by=request.user, local_area=area, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Project opened at needs assessment."))
            return redirect("project", pk=project.pk)
    return render(request, "cycle/project_form.html", {"form": form, "area": area})


@access("cycle.view_project", obj=lambda pk: _project(pk))
def project_detail(request, pk):
    project = request.withus_object
    records = queries.project_records(project)
    rows = queries.project_profile(project, records)
    # Someone who is here only because they took part sees their own records,
    # and no other participant's name: the profile above stays whole (counts only).
    limited = not oversees_project(request.user, project)
    if limited:
        records = [r for r in records if any(p.pk == request.user.pk for p in r.participants.all())]
    chart = [
        {
            "row": row,
            "level_number": ladder.level_number(row.highest_level) if row.highest_level else 0,
            "bar": ladder.bar_step(
                ladder.level_number(row.highest_level) if row.highest_level else 0,
                len(ladder.LEVELS),
            ),
        }
        for row in rows
    ]
    return render(
        request,
        "cycle/project_detail.html",
        {
            "project": project,
            "records": records,
            "chart": chart,
            "moves": queries.project_moves(project),
            "level_labels": dict(ParticipationLevel.choices),
            "limited": limited,
            "can_change": request.user.has_perm("cycle.change_project", project),
            "can_specify": request.user.has_perm("tendering.set_up", project),
            "specifications": list(project.specifications.all())
            if request.user.has_perm("tendering.set_up", project)
            else [],
            "can_record": request.user.has_perm("cycle.add_involvement", project),
            "levels_top_down": [
                (value, label, LEVEL_MEANINGS[value], ladder.level_number(value))
                for value, label in reversed(ParticipationLevel.choices)
            ],
        },
    )


@access("cycle.change_project", obj=lambda pk: _project(pk))
def project_edit(request, pk):
    project = request.withus_object
    initial = {
        "name": project.name,
        "service_area": project.service_area,
        "budget": project.budget,
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "version": project.version,
    }
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.project_update(by=request.user, project=project, version=version, **data)
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Project details saved."))
            return redirect("project", pk=project.pk)
    return render(
        request,
        "cycle/project_form.html",
        {"form": form, "area": project.local_area, "project": project},
    )


@access("cycle.change_project", obj=lambda pk: _project(pk))
def project_move(request, pk):
    project = request.withus_object
    stale = request.method == "POST" and request.POST.get("version") != str(project.version)
    form = StageMoveForm(
        None if stale else (request.POST or None),
        current=project.stage,
        initial={"version": project.version},
    )
    if stale:
        # The choices on the page were for a stage the project has since left.
        return render(
            request,
            "cycle/project_move.html",
            {"form": form, "project": project, "stale_message": STALE_MESSAGE},
        )
    if request.method == "POST" and form.is_valid():
        try:
            move = services.project_move_stage(
                by=request.user,
                project=project,
                to_stage=form.cleaned_data["to_stage"],
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Project moved to %(stage)s.") % {"stage": move.get_to_stage_display()},
            )
            return redirect("project", pk=project.pk)
    return render(request, "cycle/project_move.html", {"form": form, "project": project})


def _lived_experience_people(area_id: int) -> list[User]:
    ids = Membership.objects.filter(local_area_id=area_id, role__in=LIVED_EXPERIENCE_ROLES).values(
        "user_id"
    )
    return list(
        User.objects.filter(pk__in=ids, is_active=True).order_by("display_name", "username")
    )


@access("cycle.add_involvement", obj=lambda pk: _project(pk))
def involvement_new(request, pk):
    project = request.withus_object
    people = _lived_experience_people(project.local_area_id)
    form = InvolvementForm(request.POST or None, project=project, people=people)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("participants")
        try:
            services.involvement_record(
                by=request.user, project=project, participants=form.chosen_people(), **data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Involvement recorded."))
            return redirect("project", pk=project.pk)
    return render(request, "cycle/involvement_form.html", {"form": form, "project": project})


@access("cycle.change_involvement", obj=lambda pk: _record(pk))
def involvement_change(request, pk):
    record = request.withus_object
    form = WhatChangedForm(
        request.POST or None,
        initial={"what_changed": record.what_changed, "version": record.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.involvement_update_change(
                by=request.user,
                record=record,
                what_changed=form.cleaned_data["what_changed"],
                version=form.cleaned_data["version"],
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        else:
            messages.success(request, _("What changed has been saved."))
            return redirect("project", pk=record.project_id)
    return render(
        request,
        "cycle/involvement_change.html",
        {"form": form, "record": record, "project": record.project},
    )


@signed_in
def my_involvement(request):
    # A page at a time: someone active for years can be in thousands of records.
    page = Paginator(queries.involvement_of(request.user), MY_INVOLVEMENT_PAGE).get_page(
        request.GET.get("page")
    )
    projects: dict[int, dict] = {}
    for record in page.object_list:
        entry = projects.setdefault(record.project_id, {"project": record.project, "records": []})
        entry["records"].append(record)
    return render(
        request, "cycle/my_involvement.html", {"projects": list(projects.values()), "page": page}
    )
