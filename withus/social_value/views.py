"""Pages for social return on investment: thin, every write goes through services."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from withus.core.access import access, deny, public
from withus.core.models import LocalArea
from withus.core.pages import form_flow

from . import queries, services
from .forms import AnalysisForm, ConfirmForm, InputForm, OutcomeForm
from .models import Analysis, Input, Outcome


def _area(slug):
    return get_object_or_404(LocalArea, slug=slug)


def _analysis(pk):
    return get_object_or_404(
        Analysis.objects.select_related("local_area", "scheme", "project", "contract"), pk=pk
    )


def _input(pk):
    return get_object_or_404(Input.objects.select_related("analysis__local_area"), pk=pk)


def _outcome(pk):
    return get_object_or_404(Outcome.objects.select_related("analysis__local_area"), pk=pk)


def _page(analysis):
    return reverse("sroi_analysis", args=[analysis.pk])


@public
def analysis_list(request, slug):
    area = _area(slug)
    can_add = request.user.has_perm("social_value.add_analysis", area)
    return render(
        request,
        "social_value/list.html",
        {"area": area, "can_add": can_add, **queries.area_list(area, with_drafts=can_add)},
    )


def _analysis_form(request, area, analysis=None):
    initial = {}
    if analysis is not None:
        initial = {
            "title": analysis.title,
            "summary": analysis.summary,
            "start_year": analysis.start_year,
            "discount_rate": analysis.discount_rate,
            "about": queries.about_choice_of(analysis),
        }
    return AnalysisForm(request.POST or None, initial=initial, choices=queries.about_choices(area))


def _analysis_values(area, data) -> dict:
    return {
        "title": data["title"],
        "summary": data["summary"],
        "start_year": data["start_year"],
        "discount_rate": data["discount_rate"],
        **queries.about_from_choice(area, data["about"]),
    }


@access("social_value.add_analysis", obj=_area)
def analysis_new(request, slug):
    area = request.withus_object
    return form_flow(
        request,
        _analysis_form(request, area),
        lambda data: services.analysis_create(area, request.user, **_analysis_values(area, data)),
        done=_page,
        message=_("Analysis started. Add what was put in and what changed."),
        title=_("Start a social return on investment analysis"),
        caption=area.name,
        intro=_(
            "It stays a draft, seen only by commissioners and admins of this area, "
            "until you publish it."
        ),
        back=reverse("sroi_list", args=[area.slug]),
        submit=_("Start the analysis"),
    )


@access("social_value.change_analysis", obj=_analysis)
def analysis_edit(request, pk):
    analysis = request.withus_object
    area = analysis.local_area
    return form_flow(
        request,
        _analysis_form(request, area, analysis),
        lambda data: services.analysis_update(
            analysis, request.user, **_analysis_values(area, data)
        ),
        done=_page(analysis),
        message=_("Analysis saved."),
        title=_("Change the analysis"),
        caption=analysis.title,
        back=_page(analysis),
        submit=_("Save"),
    )


@public
def analysis(request, pk):
    """Published: anyone. A draft: only the people who can change it."""
    analysis = _analysis(pk)
    can_edit_area = request.user.has_perm("social_value.copy_analysis", analysis)
    if not analysis.is_published and not can_edit_area:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise deny(request, "social_value.view_analysis", analysis)
    return render(
        request,
        "social_value/analysis.html",
        {
            "analysis": analysis,
            "area": analysis.local_area,
            "can_change": can_edit_area and not analysis.is_published,
            "can_copy": can_edit_area,
            "problems": [] if analysis.is_published else services.publish_problems(analysis),
            **queries.analysis_page(analysis),
        },
    )


def _part_page(request, analysis, form, action, *, title, submit, message):
    return form_flow(
        request,
        form,
        action,
        done=_page(analysis),
        message=message,
        title=title,
        caption=analysis.title,
        back=_page(analysis),
        submit=submit,
    )


@access("social_value.change_analysis", obj=_analysis)
def input_new(request, pk):
    return _new_page(
        request,
        InputForm,
        services.input_add,
        title=_("Add what was put in"),
        submit=_("Add it"),
        message=_("Added."),
    )


@access("social_value.change_analysis", obj=_input)
def input_edit(request, pk):
    return _edit_page(
        request,
        InputForm,
        services.INPUT_FIELDS,
        services.input_change,
        title=_("Change what was put in"),
        message=_("Saved."),
    )


@require_POST
@access("social_value.change_analysis", obj=_input)
def input_remove(request, pk):
    item = request.withus_object
    return _remove(request, item.analysis, lambda: services.input_remove(item, request.user))


@access("social_value.change_analysis", obj=_analysis)
def outcome_new(request, pk):
    return _new_page(
        request,
        OutcomeForm,
        services.outcome_add,
        title=_("Add an outcome"),
        submit=_("Add the outcome"),
        message=_("Outcome added."),
    )


@access("social_value.change_analysis", obj=_outcome)
def outcome_edit(request, pk):
    return _edit_page(
        request,
        OutcomeForm,
        services.OUTCOME_FIELDS,
        services.outcome_change,
        title=_("Change the outcome"),
        message=_("Outcome saved."),
    )


# Adding and changing an input or an outcome are the same page; these two
# helpers say which form and service to use.
def _new_page(request, form_class, add, *, title, submit, message):
    analysis = request.withus_object
    return _part_page(
        request,
        analysis,
        form_class(request.POST or None),
        lambda data: add(analysis, request.user, **data),
        title=title,
        submit=submit,
        message=message,
    )


def _edit_page(request, form_class, fields, change, *, title, message):
    item = request.withus_object
    initial = {f: getattr(item, f) for f in fields}
    return _part_page(
        request,
        item.analysis,
        form_class(request.POST or None, initial=initial),
        lambda data: change(item, request.user, **data),
        title=title,
        submit=_("Save"),
        message=message,
    )


@require_POST
@access("social_value.change_analysis", obj=_outcome)
def outcome_remove(request, pk):
    item = request.withus_object
    return _remove(request, item.analysis, lambda: services.outcome_remove(item, request.user))


def _remove(request, analysis, action):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed."))
    return redirect(_page(analysis))


@access("social_value.change_analysis", obj=_analysis)
def analysis_publish(request, pk):
    analysis = request.withus_object
    return form_flow(
        request,
        ConfirmForm(request.POST if request.method == "POST" else None),
        lambda data: services.analysis_publish(analysis, request.user),
        done=_page(analysis),
        message=_("Published. Anyone can now read the analysis."),
        template="social_value/publish.html",
        context={"analysis": analysis, "problems": services.publish_problems(analysis)},
    )


@require_POST
@access("social_value.copy_analysis", obj=_analysis)
def analysis_copy(request, pk):
    copy = services.analysis_copy(request.withus_object, request.user)
    messages.success(request, _("This is a new draft copy. Change it, then publish it."))
    return redirect(_page(copy))
