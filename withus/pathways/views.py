"""Pages for integrated pathways: thin, every write goes through services."""

import csv
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from withus.core.access import access, public
from withus.core.models import LocalArea
from withus.core.pages import form_flow
from withus.core.spreadsheet import safe_cell
from withus.tendering.rules import provider_organisation_ids

from . import queries, services
from .forms import OutcomeForm, PathwayForm, PersonForm, StageForm
from .models import Pathway, PathwayPerson, Stage

ROUNDING_RULE = gettext_lazy(
    "We work in whole pence. First the tariff is split between the stages, then each "
    "stage's money between its providers, then each provider's money into the part paid "
    "when the person starts and the part paid when the outcome is met. At each step every "
    "part is rounded down to the penny, and any pennies left over go one at a time to the "
    "parts that lost most by rounding down. If two lost the same, the one listed first "
    "gets the penny. So every split adds up exactly, and no one is more than a penny "
    "away from their exact share."
)


def _area(slug):
    return get_object_or_404(LocalArea, slug=slug)


def _pathway(pk):
    return get_object_or_404(Pathway.objects.select_related("local_area"), pk=pk)


def _stage(pk):
    return get_object_or_404(Stage.objects.select_related("pathway__local_area"), pk=pk)


def _person(pk):
    return get_object_or_404(PathwayPerson.objects.select_related("pathway__local_area"), pk=pk)


@public
def pathways(request, slug):
    area = _area(slug)
    can_manage = request.user.has_perm("pathways.manage", area)
    return render(
        request,
        "pathways/pathways.html",
        {
            "area": area,
            "pathways": queries.area_pathways(area, can_manage),
            "can_manage": can_manage,
        },
    )


@access("pathways.manage", obj=_area)
def pathway_new(request, slug):
    area = request.withus_object
    return form_flow(
        request,
        PathwayForm(request.POST or None),
        lambda data: services.pathway_create(area, request.user, **data),
        done=lambda made: reverse("pathway", args=[made.pk]),
        message=_("Pathway saved as a draft. Now add its stages."),
        title=_("Set up a pathway"),
        caption=area.name,
        intro=_(
            "A pathway pays a set amount for each person, split between stages and "
            "providers. You can change it until you publish it."
        ),
        back=reverse("pathways", args=[area.slug]),
        submit=_("Save the draft"),
    )


def _page_context(request, pathway):
    return {
        "pathway": pathway,
        "area": pathway.local_area,
        "rounding_rule": ROUNDING_RULE,
        "can_manage": request.user.has_perm("pathways.manage", pathway),
        "can_see_statement": request.user.has_perm("pathways.view_statement", pathway),
        **queries.pathway_page(pathway),
    }


@public
def pathway(request, pk):
    pathway = _pathway(pk)
    # A draft is not public: to anyone who cannot work on it, it does not exist.
    if not request.user.has_perm("pathways.view", pathway):
        raise Http404
    return render(request, "pathways/pathway.html", _page_context(request, pathway))


@require_POST
@access("pathways.manage", obj=_pathway)
def pathway_publish(request, pk):
    pathway = request.withus_object
    try:
        services.pathway_publish(pathway, request.user)
    except ValidationError as error:
        context = _page_context(request, pathway)
        context["publish_errors"] = error.messages
        return render(request, "pathways/pathway.html", context, status=200)
    messages.success(request, _("The pathway is live. Its tariff and splits are now fixed."))
    return redirect("pathway", pk=pathway.pk)


@access("pathways.manage", obj=_pathway)
def pathway_edit(request, pk):
    pathway = request.withus_object
    form = PathwayForm(
        request.POST or None,
        initial={
            "name": pathway.name,
            "description": pathway.description,
            "tariff": pathway.tariff,
        },
    )
    back = reverse("pathway", args=[pathway.pk])
    return form_flow(
        request,
        form,
        lambda data: services.pathway_update(pathway, request.user, **data),
        done=back,
        message=_("Pathway changed."),
        title=_("Change the pathway"),
        caption=pathway.name,
        back=back,
        submit=_("Save the changes"),
    )


def _plain(percent):
    """50.00 -> "50", 12.50 -> "12.5": as a person would type it."""
    return f"{percent.normalize():f}"


def _stage_page(request, pathway, stage=None):
    initial = {}
    if stage is not None:
        initial = {
            "name": stage.name,
            "outcome": stage.outcome,
            "outcome_check": stage.outcome_check,
            "share": _plain(stage.share),
            "on_outcome": _plain(stage.on_outcome),
            "scheme": stage.scheme_id,
        }
        for i, p in enumerate(stage.providers.all(), start=1):
            initial[f"provider_{i}"] = p.organisation_id
            initial[f"provider_share_{i}"] = _plain(p.share)
    form = StageForm(request.POST or None, initial=initial, area=pathway.local_area)

    def action(data):
        return services.stage_save(
            pathway,
            request.user,
            stage=stage,
            name=data["name"],
            outcome=data["outcome"],
            outcome_check=data["outcome_check"],
            share=data["share"],
            on_outcome=data["on_outcome"],
            scheme=data["scheme"],
            providers=form.provider_lines(),
        )

    return form_flow(
        request,
        form,
        action,
        done=reverse("pathway", args=[pathway.pk]),
        message=_("Stage saved."),
        template="pathways/stage_form.html",
        context={"pathway": pathway, "stage": stage},
    )


@access("pathways.manage", obj=_pathway)
def stage_new(request, pk):
    return _stage_page(request, request.withus_object)


@access("pathways.manage", obj=_stage)
def stage_edit(request, pk):
    stage = request.withus_object
    return _stage_page(request, stage.pathway, stage)


@require_POST
@access("pathways.manage", obj=_stage)
def stage_remove(request, pk):
    stage = request.withus_object
    try:
        pathway = services.stage_remove(stage, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pathway", pk=stage.pathway_id)
    messages.success(request, _("Stage removed."))
    return redirect("pathway", pk=pathway.pk)


@access("pathways.record", obj=_pathway)
def people(request, pk):
    pathway = request.withus_object
    # Case references are short; a longer search could not match anything.
    query = request.GET.get("q", "").strip()[:40]
    return render(
        request,
        "pathways/people.html",
        {"pathway": pathway, **queries.people_page(pathway, query, request.GET.get("page"))},
    )


@access("pathways.record", obj=_pathway)
def person_new(request, pk):
    pathway = request.withus_object
    back = reverse("pathway_people", args=[pathway.pk])
    return form_flow(
        request,
        PersonForm(request.POST or None),
        lambda data: services.person_start(pathway, request.user, **data),
        done=back,
        message=_("Saved: the person has started the pathway."),
        title=_("Record a person starting the pathway"),
        caption=pathway.name,
        intro=_(
            "The upfront money of every stage is due to its providers from the day the "
            "person starts."
        ),
        back=back,
        submit=_("Save"),
    )


@access("pathways.record", obj=_person)
def outcome_new(request, pk):
    person = request.withus_object
    pathway = person.pathway
    back = reverse("pathway_people", args=[pathway.pk])
    form = OutcomeForm(request.POST or None, stages=pathway.stages.all())
    # A stage already met is not offered; one chosen from an old page is refused
    # by the service, with the reason next to the field.
    stages = pathway.stages.exclude(outcomes_met__person=person)
    form.fields["stage"].choices = [(s.pk, f"{s.position}. {s.name}: {s.outcome}") for s in stages]
    return form_flow(
        request,
        form,
        lambda data: services.outcome_record(person, request.user, **data),
        done=back,
        message=_("Saved: the outcome is met."),
        title=_("Record an outcome met"),
        caption=_("Case reference %(ref)s, started %(d)s")
        % {"ref": person.reference, "d": person.started_on.strftime("%-d %B %Y")},
        intro=(
            _("The stage's on-outcome money is due to its providers from this date.")
            if form.fields["stage"].choices
            else _("Every stage's outcome is already recorded for this person.")
        ),
        back=back,
        submit=_("Save"),
    )


def _period(request):
    """The from and to dates asked for, or the last full month; and any mistakes."""
    today = timezone.localdate()
    first = today.replace(day=1)
    default_end = first - timedelta(days=1)
    default_start = default_end.replace(day=1)
    errors = {}
    values = {}
    for key, default in (("from", default_start), ("to", default_end)):
        raw = request.GET.get(key, "").strip()
        if not raw:
            values[key] = default
            continue
        try:
            values[key] = date.fromisoformat(raw)
        except ValueError:
            errors[key] = _("Enter the date as year-month-day, like 2026-04-01.")
            values[key] = default
    if not errors and values["from"] > values["to"]:
        errors["to"] = _("The end date must be the same as or after the start date.")
    return values["from"], values["to"], errors


def _statement(request, pathway):
    start, end, errors = _period(request)
    if request.user.has_perm("pathways.manage", pathway):
        only = None
    else:
        only = provider_organisation_ids(request.user, pathway.local_area_id)
    figures = {} if errors else queries.period_statement(pathway, start, end, only)
    return start, end, errors, only, figures


@access("pathways.view_statement", obj=_pathway)
def statement(request, pk):
    pathway = request.withus_object
    start, end, errors, only, figures = _statement(request, pathway)
    return render(
        request,
        "pathways/statement.html",
        {
            "pathway": pathway,
            "start": start,
            "end": end,
            "errors": errors,
            "own_only": only is not None,
            "query": request.GET.urlencode(),
            "raw_from": request.GET.get("from", start.isoformat()),
            "raw_to": request.GET.get("to", end.isoformat()),
            **figures,
        },
    )


CSV_HEADINGS = (
    "pathway",
    "from",
    "to",
    "stage",
    "provider",
    "people started",
    "upfront each",
    "upfront",
    "outcomes met",
    "on outcome each",
    "on outcome",
    "total",
)


@access("pathways.view_statement", obj=_pathway)
def statement_csv(request, pk):
    pathway = request.withus_object
    start, end, errors, _only, figures = _statement(request, pathway)
    if errors:
        return redirect(
            reverse("pathway_statement", args=[pathway.pk]) + "?" + request.GET.urlencode()
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="pathway-{pathway.pk}-{start.isoformat()}-to-{end.isoformat()}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(CSV_HEADINGS)
    head = [safe_cell(pathway.name), start.isoformat(), end.isoformat()]
    for line in figures["lines"]:
        writer.writerow(
            [
                *head,
                safe_cell(f"{line['stage']}. {line['stage_name']}"),
                safe_cell(line["provider"]),
                line["started"],
                line["upfront_each"],
                line["upfront"],
                line["met"],
                line["on_outcome_each"],
                line["on_outcome"],
                line["total"],
            ]
        )
    for total in figures["totals"]:
        writer.writerow(
            [
                *head,
                "All stages",
                safe_cell(total["provider"]),
                "",
                "",
                total["upfront"],
                "",
                "",
                total["on_outcome"],
                total["total"],
            ]
        )
    writer.writerow(
        [
            *head,
            "All stages",
            "All providers",
            "",
            "",
            figures["upfront"],
            "",
            "",
            figures["on_outcome"],
            figures["total"],
        ]
    )
    return response
