"""Pages for equality details and representation: thin, every write goes through services."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from withus.core.access import access, public, signed_in
from withus.core.models import LocalArea
from withus.core.pages import form_flow

from . import queries, services
from .forms import EqualityForm, ShareForm, ShareImportForm
from .models import EqualityProfile, PopulationShare
from .population_import import parse_shares

IMPORT_EXAMPLE = """category,group,percent,source
gender,woman,51.0,Census 2021
gender,man,48.6,Census 2021
ethnic_group,asian,8.6,Census 2021"""


def _area(slug):
    return get_object_or_404(LocalArea, slug=slug)


@signed_in
def my_equality(request):
    profile = EqualityProfile.objects.filter(user=request.user).first()
    initial = {"consent": False}
    if profile is not None:
        initial = {"consent": profile.consent} | {
            name: getattr(profile, name) for name in services.DETAILS
        }
    form = EqualityForm(request.POST or None, initial=initial)
    return form_flow(
        request,
        form,
        lambda data: services.profile_save(request.user, **data),
        done=reverse("my_equality"),
        message=_("Saved. Only you can see your answers."),
        template="representation/my_equality.html",
        context={"profile": profile},
    )


@public
def representation(request, slug):
    area = _area(slug)
    return render(
        request,
        "representation/representation.html",
        {
            "area": area,
            "can_set": request.user.has_perm("representation.set_population", area),
            **queries.representation(area),
        },
    )


@public
def representation_csv(request, slug):
    area = _area(slug)
    figures = queries.representation(area)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{area.slug}-representation.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "category",
            "group",
            "participants",
            "percent of participants",
            "percent of residents",
            "gap",
        ]
    )
    for table in figures["tables"]:
        for row in table.rows:
            writer.writerow(
                [
                    table.label,
                    row.label,
                    "fewer than 5" if row.withheld else row.participants,
                    "" if row.participant_percent is None else row.participant_percent,
                    "" if row.resident_percent is None else row.resident_percent,
                    "" if row.gap is None else row.gap,
                ]
            )
    return response


@access("representation.set_population", obj=_area)
def population(request, slug):
    area = request.withus_object
    form = ShareForm(request.POST or None)

    def action(data):
        category, group = data["group"]
        return services.share_set(
            area,
            request.user,
            category=category,
            group=group,
            percent=data["percent"],
            source=data["source"],
        )

    return form_flow(
        request,
        form,
        action,
        done=reverse("population", args=[area.slug]),
        message=_("Share saved."),
        template="representation/population.html",
        context={
            "area": area,
            "shares": PopulationShare.objects.filter(local_area=area),
            "labels": {c: dict(groups) for c, groups in queries.group_choices().items()},
        },
    )


@access("representation.set_population", obj=_area)
def population_import(request, slug):
    area = request.withus_object
    form = ShareImportForm(request.POST or None, request.FILES or None)
    problems = ()
    if request.method == "POST" and form.is_valid():
        groups = {c: [g for g, _label in listed] for c, listed in queries.group_choices().items()}
        parsed = parse_shares(form.cleaned_data["file"].read(), groups)
        if parsed.problems:
            problems = parsed.problems
            form.add_error(
                "file", _("The file has problems, so nothing was changed. See the list.")
            )
        else:
            count = services.shares_replace(area, request.user, parsed.rows)
            messages.success(request, _("%(n)s shares imported.") % {"n": count})
            return redirect("population", slug=area.slug)
    return render(
        request,
        "representation/population_import.html",
        {"area": area, "form": form, "problems": problems, "example": IMPORT_EXAMPLE},
    )
