"""Open budget pages: thin, every write goes through services.

The public page, CSV and JSON show published years only. The page also shows
drafts to the area's commissioners and area admins, marked as drafts; the
downloads never do.
"""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from withus.contracts.models import Contract
from withus.core.access import access, public
from withus.core.models import LocalArea
from withus.core.pages import form_flow
from withus.core.spreadsheet import safe_cell

from . import queries, services
from .budget_import import parse_lines
from .forms import ImportForm, LineForm, SavingForm
from .models import BudgetLine, BudgetYear, Saving

IMPORT_EXAMPLE = """year,service,spend,people supported,contract
2025 to 2026,Home care,1250000.00,310,
2025 to 2026,Day services,760000,120,NV-2025-012
2025 to 2026,Advocacy,48000,,"""


def _area(slug):
    return get_object_or_404(LocalArea, slug=slug)


def _line(pk):
    return get_object_or_404(
        BudgetLine.objects.select_related("year__local_area", "contract"), pk=pk
    )


def _year(pk):
    return get_object_or_404(BudgetYear.objects.select_related("local_area"), pk=pk)


def _saving(pk):
    return get_object_or_404(Saving.objects.select_related("year__local_area"), pk=pk)


def _manage_url(area, start: int | None = None) -> str:
    """The keeper's page, at one year when given: it shows a year at a time, so
    after a change it opens at the year that changed."""
    url = reverse("open_budget_manage", args=[area.slug])
    return url if start is None else f"{url}?{urlencode({'year': start})}"


@public
def open_budget(request, slug):
    area = _area(slug)
    keeper = request.user.has_perm("open_budgets.manage", area)
    return render(
        request,
        "open_budgets/open_budget.html",
        {
            "area": area,
            "years": queries.open_budget(area, drafts=keeper),
            "keeper": keeper,
        },
    )


CSV_HEADINGS = (
    "year",
    "service",
    "contract",
    "spend",
    "people supported",
    "cost per person",
    "change from year before (pounds)",
    "change from year before (percent)",
)


@public
def open_budget_csv(request, slug):
    area = _area(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{area.slug}-open-budget.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADINGS)
    for year in queries.open_budget(area, drafts=False):
        for line in year["lines"]:
            record, fig = line["record"], line["figures"]
            writer.writerow(
                [
                    year["figures"].label,
                    safe_cell(record.service),
                    safe_cell(f"{record.contract.reference} {record.contract.title}")
                    if record.contract
                    else "",
                    f"{record.spend:.2f}",
                    "" if record.people is None else record.people,
                    "" if fig.unit_cost is None else f"{fig.unit_cost:.2f}",
                    "" if fig.change is None else f"{fig.change.pounds:.2f}",
                    "" if fig.change is None or fig.change.percent is None else fig.change.percent,
                ]
            )
        change = year["figures"].change
        writer.writerow(
            [
                year["figures"].label,
                "Total",
                "",
                f"{year['figures'].total:.2f}",
                "",
                "",
                "" if change is None else f"{change.pounds:.2f}",
                "" if change is None or change.percent is None else change.percent,
            ]
        )
    return response


@public
def open_budget_json(request, slug):
    area = _area(slug)
    data = queries.as_json(area, queries.open_budget(area, drafts=False))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


@access("open_budgets.manage", obj=_area)
def manage(request, slug):
    area = request.withus_object
    return render(
        request,
        "open_budgets/manage.html",
        {"area": area, **queries.manage_year(area, request.GET.get("year"))},
    )


def _line_page(request, area, line=None):
    initial = {}
    if line is not None:
        initial = {
            "year": line.year.start,
            "service": line.service,
            "contract": str(line.contract_id or ""),
            "spend": line.spend,
            "people": line.people,
        }
    form = LineForm(request.POST or None, initial=initial, area=area)

    def action(data):
        if line is None:
            return services.line_add(area, request.user, **data)
        return services.line_change(line, request.user, **data)

    return form_flow(
        request,
        form,
        action,
        done=lambda saved: _manage_url(area, saved.year.start),
        message=_("Spending saved.") if line is None else _("Spending changed."),
        title=_("Add spending on a service") if line is None else _("Change spending"),
        caption=area.name,
        intro=_(
            "One service in one financial year. A year stays a draft, seen only by "
            "commissioners and area admins, until you publish it."
        ),
        back=_manage_url(area, None if line is None else line.year.start),
        submit=_("Save"),
    )


@access("open_budgets.manage", obj=_area)
def line_new(request, slug):
    return _line_page(request, request.withus_object)


@access("open_budgets.manage", obj=_line)
def line_edit(request, pk):
    line = request.withus_object
    return _line_page(request, line.year.local_area, line)


@access("open_budgets.manage", obj=_line)
def line_remove(request, pk):
    line = request.withus_object
    return _remove_page(
        request,
        line.year,
        lambda: services.line_remove(line, request.user),
        done=_("%(s)s removed from %(y)s.") % {"s": line.service, "y": line.year},
        title=_("Remove %(s)s from %(y)s?") % {"s": line.service, "y": line.year.label},
        what=_("Spend %(spend)s.") % {"spend": f"£{line.spend:,.2f}"},
    )


def _remove_page(request, year, remove, *, done, title, what):
    # Removing a spending line and removing a saving ask and answer the same way.
    area = year.local_area
    if request.method == "POST":
        remove()
        messages.success(request, done)
        return redirect(_manage_url(area, year.start))
    return render(
        request,
        "open_budgets/remove.html",
        {"area": area, "title": title, "what": what, "back": _manage_url(area, year.start)},
    )


@access("open_budgets.manage", obj=_area)
def lines_import(request, slug):
    area = request.withus_object
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = ()
    if request.method == "POST" and form.is_valid():
        existing: dict[int, set[str]] = {}
        for start, key in BudgetLine.objects.filter(year__local_area=area).values_list(
            "year__start", "service_key"
        ):
            existing.setdefault(start, set()).add(key)
        contracts = {
            ref.casefold(): pk
            for pk, ref in Contract.objects.filter(local_area=area).values_list("pk", "reference")
        }
        parsed = parse_lines(
            form.cleaned_data["file"].read(),
            area_name=area.name,
            contracts=contracts,
            existing=existing,
        )
        if parsed.problems:
            problems = parsed.problems
            form.add_error("file", _("The file has problems, so nothing was added. See the list."))
        else:
            try:
                count = services.lines_import(area, request.user, parsed.rows)
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                messages.success(request, _("%(n)s lines added.") % {"n": count})
                return redirect(_manage_url(area))
    return render(
        request,
        "open_budgets/import.html",
        {"area": area, "form": form, "problems": problems, "example": IMPORT_EXAMPLE},
    )


@require_POST
@access("open_budgets.manage", obj=_year)
def year_status(request, pk):
    year = request.withus_object
    publish = request.POST.get("status") == "published"
    try:
        services.year_set_status(year, request.user, publish=publish)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if publish:
            messages.success(request, _("%(y)s is published. Anyone can see it.") % {"y": year})
        else:
            messages.success(
                request,
                _("%(y)s is a draft again. Only commissioners and area admins can see it.")
                % {"y": year},
            )
    return redirect(_manage_url(year.local_area, year.start))


def _saving_page(request, area, saving=None):
    initial = {}
    if saving is not None:
        initial = {"year": saving.year.start} | {
            k: getattr(saving, k) for k in services.SAVING_FIELDS
        }
    form = SavingForm(request.POST or None, initial=initial)

    def action(data):
        if saving is None:
            return services.saving_add(area, request.user, **data)
        return services.saving_change(saving, request.user, **data)

    return form_flow(
        request,
        form,
        action,
        done=lambda saved: _manage_url(area, saved.year.start),
        message=_("Saving saved."),
        template="open_budgets/saving_form.html",
        context={"area": area, "saving": saving},
    )


@access("open_budgets.manage", obj=_area)
def saving_new(request, slug):
    return _saving_page(request, request.withus_object)


@access("open_budgets.manage", obj=_saving)
def saving_edit(request, pk):
    saving = request.withus_object
    return _saving_page(request, saving.year.local_area, saving)


@access("open_budgets.manage", obj=_saving)
def saving_remove(request, pk):
    saving = request.withus_object
    return _remove_page(
        request,
        saving.year,
        lambda: services.saving_remove(saving, request.user),
        done=_("Saving removed."),
        title=_("Remove this saving from %(y)s?") % {"y": saving.year.label},
        what=f"£{saving.amount:,.2f}: {saving.what}",
    )
