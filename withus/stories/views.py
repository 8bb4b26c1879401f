"""Pages for services, stories, moderation, replies and reports."""

import csv
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.core import public_forms as guard
from withus.core.access import access, public
from withus.core.clients import client_address
from withus.core.edits import apply_validation_error
from withus.core.models import LocalArea, Organisation
from withus.core.pages import form_flow, page_links
from withus.core.spreadsheet import safe_cell
from withus.tendering.rules import provider_organisation_ids

from . import queries, services
from .forms import (
    CheckReplyForm,
    CriterionForm,
    ModerateForm,
    PeriodForm,
    ReplyForm,
    TellStoryForm,
)
from .models import Alert, Rating, Reply, Service, Story

PAGE_SIZE = 20


def _area(slug):
    return get_object_or_404(LocalArea, slug=slug)


def _service(pk):
    return get_object_or_404(Service.objects.select_related("local_area", "provider"), pk=pk)


def _story(pk):
    return get_object_or_404(
        Story.objects.select_related("service__local_area", "service__provider"), pk=pk
    )


def _reply(pk):
    return get_object_or_404(
        Reply.objects.select_related("story__service__local_area", "organisation"), pk=pk
    )


# Public pages ------------------------------------------------------------------


@public
def service_list(request, slug):
    area = _area(slug)
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(queries.area_services(area, query), 50).get_page(request.GET.get("page"))
    replies, share = queries.change_share(Reply.objects.filter(story__service__local_area=area))
    return render(
        request,
        "stories/service_list.html",
        {
            "area": area,
            "page": page,
            "page_links": page_links(page),
            "query": query,
            "replies": replies,
            "share": share,
        },
    )


@public
def service(request, pk):
    service = _service(pk)
    count, summaries = queries.service_summary(service)
    stories = (
        Story.objects.filter(service=service, status=Story.Status.PUBLISHED)
        .prefetch_related(
            Prefetch("ratings", queryset=Rating.objects.select_related("criterion")),
        )
        .select_related("reply__organisation")
    )
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "stories/service.html",
        {
            "service": service,
            "count": count,
            "summaries": summaries,
            "page": page,
            "page_links": page_links(page),
            # Only the provider's own people are offered a reply.
            "can_reply": service.provider_id
            in provider_organisation_ids(request.user, service.local_area_id),
        },
    )


@public
def provider_page(request, pk):
    provider = get_object_or_404(Organisation, pk=pk)
    services_ = list(
        Service.objects.filter(provider=provider).select_related("local_area").order_by("name")
    )
    replies, share = queries.change_share(Reply.objects.filter(organisation=provider))
    return render(
        request,
        "stories/provider.html",
        {"provider": provider, "services": services_, "replies": replies, "share": share},
    )


@public
def tell(request, pk):
    service = _service(pk)
    criteria = queries.criteria_of(service.local_area_id)
    form = TellStoryForm(
        request.POST or None, criteria=criteria, initial={"started": guard.start_token("story")}
    )
    if request.method == "POST" and form.is_valid():
        key = f"story:{service.local_area_id}:{client_address(request)}"
        outcome = guard.screen(form, "story", key)
        if outcome == "robot":
            return redirect("story_thanks", pk=service.pk)  # a robot: keep nothing
        if outcome == "ok":
            try:
                services.story_tell(
                    service,
                    text=form.cleaned_data["text"],
                    ratings=form.ratings(),
                    contact_email=form.cleaned_data["contact_email"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect("story_thanks", pk=service.pk)
    return render(request, "stories/tell.html", {"service": service, "form": form})


@public
def story_thanks(request, pk):
    return render(request, "stories/thanks.html", {"service": _service(pk)})


# Moderators ------------------------------------------------------------------------


@access("stories.moderate", obj=_area)
def moderation_queue(request, slug):
    area = request.withus_object
    waiting = (
        Story.objects.filter(service__local_area=area, status=Story.Status.PENDING)
        .select_related("service")
        .order_by("created_at", "id")
    )
    replies = Reply.objects.filter(
        story__service__local_area=area, status=Reply.Status.PENDING
    ).select_related("story__service", "organisation")
    waiting_page = Paginator(waiting, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "stories/moderation.html",
        {
            "area": area,
            "page": waiting_page,
            "page_links": page_links(waiting_page),
            "replies": list(replies),
        },
    )


@access("stories.moderate", obj=_story)
def moderate(request, pk):
    story = request.withus_object
    form = ModerateForm(
        request.POST or None,
        initial={"text": story.text, "version": story.version, "criticality": story.criticality},
    )
    return form_flow(
        request,
        form,
        lambda data: services.story_moderate(story, request.user, **data),
        done=reverse("story_moderation", args=[story.service.local_area.slug]),
        message=_("Decision saved."),
        template="stories/moderate.html",
        context={"story": story, "ratings": list(story.ratings.select_related("criterion"))},
    )


@access("stories.moderate", obj=_reply)
def reply_check(request, pk):
    reply = request.withus_object
    form = CheckReplyForm(request.POST or None)
    area = reply.story.service.local_area
    return form_flow(
        request,
        form,
        lambda data: services.reply_check(
            reply, request.user, approve=data["outcome"] == "approve", note=data["note"]
        ),
        done=reverse("story_moderation", args=[area.slug]),
        message=_("Checked."),
        title=_("Check a reply that reports a change"),
        caption=reply.organisation.name,
        intro=_("The reply: %(text)s — The change: %(change)s")
        % {"text": reply.text, "change": reply.change_description},
        back=reverse("story_moderation", args=[area.slug]),
        submit=_("Save"),
    )


# Providers --------------------------------------------------------------------------


@access("stories.reply", obj=_story)
def reply(request, pk):
    story = request.withus_object
    organisation = story.service.provider
    existing = getattr(story, "reply", None) if hasattr(story, "reply") else None
    form = ReplyForm(
        request.POST or None,
        initial={
            "text": existing.text,
            "change": existing.change,
            "change_description": existing.change_description,
        }
        if existing
        else {"change": Reply.Change.NONE},
    )
    return form_flow(
        request,
        form,
        lambda data: services.reply_write(story, request.user, organisation, **data),
        done=reverse("service", args=[story.service_id]),
        message=_("Reply saved."),
        title=_("Reply to a story"),
        caption=story.service.name,
        intro=story.text
        if not existing or not existing.check_note
        else _("The moderator asked: %(note)s") % {"note": existing.check_note},
        back=reverse("service", args=[story.service_id]),
        submit=_("Send reply"),
    )


# Commissioners and HealthWatch -----------------------------------------------------


def _period(request):
    today = timezone.localdate()
    form = PeriodForm(
        request.GET or None, initial={"start": today - timedelta(days=365), "end": today}
    )
    if request.GET and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, today - timedelta(days=365), today


@access("stories.report", obj=_area)
def report(request, slug):
    area = request.withus_object
    form, start, end = _period(request)
    by = "provider" if request.GET.get("by") == "provider" else "service"
    return render(
        request,
        "stories/report.html",
        {
            "area": area,
            "form": form,
            "start": start,
            "end": end,
            "by": by,
            # A page of rows at a time: an area can have thousands of services.
            "rows": Paginator(queries.report(area, start, end, by), 100).get_page(
                request.GET.get("page")
            ),
            "criteria": queries.criteria_of(area.pk),
            "alerts": list(Alert.objects.filter(local_area=area).select_related("story")[:20]),
        },
    )


class _Echo:
    def write(self, value):
        return value


@access("stories.report", obj=_area)
def report_csv(request, slug):
    """Every published story in the period, streamed: memory stays flat however many."""
    area = request.withus_object
    _form, start, end = _period(request)
    criteria = queries.criteria_of(area.pk)
    low, high = queries.period_bounds(start, end)
    stories = (
        Story.objects.filter(
            service__local_area=area, status=Story.Status.PUBLISHED, created_at__range=(low, high)
        )
        .order_by("id")
        .values_list("id", "created_at", "service__name", "service__provider__name", "text")
    )
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(
            ["story", "date", "service", "provider", "story text", *[c.wording for c in criteria]]
        )
        # Stories in chunks, with their ratings fetched per chunk.
        chunk = []
        for row in stories.iterator(chunk_size=2000):
            chunk.append(row)
            if len(chunk) == 2000:
                yield from _chunk_rows(writer, chunk, criteria)
                chunk = []
        if chunk:
            yield from _chunk_rows(writer, chunk, criteria)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{area.slug}-stories-{start}-to-{end}.csv"'
    )
    return response


def _chunk_rows(writer, chunk, criteria):
    ids = [row[0] for row in chunk]
    scores: dict[int, dict[int, int]] = {}
    for story_id, criterion_id, score in Rating.objects.filter(story_id__in=ids).values_list(
        "story_id", "criterion_id", "score"
    ):
        scores.setdefault(story_id, {})[criterion_id] = score
    for story_id, created, service_name, provider, text in chunk:
        mine = scores.get(story_id, {})
        yield writer.writerow(
            [
                story_id,
                timezone.localdate(created).isoformat(),
                safe_cell(service_name),
                safe_cell(provider),
                safe_cell(text),
                *[mine.get(c.pk, "") for c in criteria],
            ]
        )


@access("stories.choose_criteria", obj=_area)
def criteria(request, slug):
    area = request.withus_object
    form = CriterionForm(request.POST or None)
    here = reverse("story_criteria", args=[area.slug])
    return form_flow(
        request,
        form,
        lambda data: services.criterion_add(area, request.user, data["wording"]),
        done=here,
        message=_("Added."),
        template="stories/criteria.html",
        context={"area": area, "criteria": queries.criteria_of(area.pk)},
    )
