"""The golden thread pages and downloads: public, read-only, built from real links."""

import csv

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from withus.core.access import public
from withus.core.models import LocalArea
from withus.core.spreadsheet import safe_cell

from . import queries
from .openapi import SCHEMA

KINDS = (
    "statement",
    "theme",
    "priority",
    "requirement",
    "question",
    "answer",
    "kpi",
    "result",
    "story",
)


def _area(slug):
    return get_object_or_404(LocalArea, slug=slug)


@public
def thread(request, kind, pk):
    if kind not in KINDS:
        raise Http404
    begin = queries.start(kind, pk)
    priorities = list(
        queries.Priority.objects.filter(pk__in=begin.priority_ids).select_related(
            "theme", "exercise"
        )
    )
    return render(
        request,
        "thread/thread.html",
        {
            "start": begin,
            "threads": queries.threads(priorities),
            "gap": queries.NO_PRIORITY.get(kind, "") if not priorities else "",
        },
    )


@public
def area_thread(request, slug):
    area = _area(slug)
    found = queries.threads(list(queries.priorities_of_area(area)), quotes=False)
    return render(
        request,
        "thread/area.html",
        {
            "area": area,
            "short": [t for t in found if not t.stop.complete],
            "complete": [t for t in found if t.stop.complete],
        },
    )


@public
def area_thread_json(request, slug):
    area = _area(slug)
    found = queries.threads(list(queries.priorities_of_area(area)), quotes=False)
    response = JsonResponse(queries.as_document(area, found), json_dumps_params={"indent": 1})
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{area.slug}-thread.json"'
    return response


@public
def area_thread_csv(request, slug):
    area = _area(slug)
    found = queries.threads(list(queries.priorities_of_area(area)), quotes=False)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{area.slug}-thread.csv"'
    writer = csv.writer(response)
    for row in queries.csv_rows(found):
        writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in row])
    return response


@public
def openapi(request):
    return JsonResponse(SCHEMA, json_dumps_params={"indent": 1})
