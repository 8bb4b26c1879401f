"""Pages for peer support: thin, every write goes through services."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.core import public_forms as guard
from withus.core.access import access, public, signed_in
from withus.core.clients import client_address
from withus.core.edits import apply_validation_error
from withus.core.models import LocalArea, Organisation, Role, User
from withus.core.pages import form_flow
from withus.cycle.ladder import bar_step

from . import queries, services
from .forms import AskForm, CloseForm, MatchForm, MentorForm, ReferForm, SchemeForm, SessionForm
from .models import Match, Mentor, MentorRequest, Scheme


def _area(slug):
    return get_object_or_404(LocalArea, slug=slug)


def _scheme(pk):
    return get_object_or_404(Scheme.objects.select_related("local_area", "organisation"), pk=pk)


def _mentor(pk):
    return get_object_or_404(Mentor.objects.select_related("scheme__local_area"), pk=pk)


def _request(pk):
    return get_object_or_404(
        MentorRequest.objects.select_related("scheme__local_area", "referred_by"), pk=pk
    )


def _match(pk):
    return get_object_or_404(
        Match.objects.select_related("mentor__scheme__local_area", "request"), pk=pk
    )


def _chart(months):
    most = max((m.people for m in months), default=0)
    return [{"month": m, "bar": bar_step(m.people, most)} for m in months]


def _reach_context(sessions):
    first, last = queries.reach_window()
    months, totals = queries.reach_of(sessions, first, last)
    return {"months": months, "chart": _chart(months), "totals": totals, "first": first}


@public
def area_reach(request, slug):
    area = _area(slug)
    schemes = list(queries.schemes_with_counts(area))
    return render(
        request,
        "peer_support/area.html",
        {
            "area": area,
            "schemes": schemes,
            "can_create": request.user.has_perm("peer_support.create_scheme", area),
            **_reach_context(queries.area_sessions(area)),
        },
    )


@access("peer_support.create_scheme", obj=_area)
def scheme_new(request, slug):
    area = request.withus_object
    form = SchemeForm(
        request.POST or None,
        organisations=Organisation.objects.filter(
            Q(local_area=area) | Q(local_area__isnull=True),
            kind__in=[Organisation.Kind.USER_LED, Organisation.Kind.PROVIDER],
        ),
        people=User.objects.filter(memberships__local_area=area).distinct().order_by("username"),
    )
    return form_flow(
        request,
        form,
        lambda data: services.scheme_create(area, request.user, **data),
        done=lambda scheme: reverse("peer_scheme", args=[scheme.pk]),
        message=_("Scheme set up. Its coordinators can now add mentors."),
        title=_("Set up a peer support scheme"),
        caption=area.name,
        back=reverse("peer_support", args=[area.slug]),
        submit=_("Set up scheme"),
    )


@public
def scheme(request, pk):
    scheme = _scheme(pk)
    user = request.user
    return render(
        request,
        "peer_support/scheme.html",
        {
            "scheme": scheme,
            "active_mentors": scheme.mentors.filter(active=True).count(),
            "coordinates": user.has_perm("peer_support.coordinate", scheme),
            "can_refer": user.has_perm("peer_support.refer", scheme),
            **_reach_context(queries.scheme_sessions(scheme)),
        },
    )


def _wish_form_page(request, scheme, form, action, template):
    return form_flow(
        request,
        form,
        action,
        done=reverse("peer_ask_thanks", args=[scheme.pk]),
        message=_("Request sent."),
        template=template,
        context={"scheme": scheme},
    )


@public
def ask(request, pk):
    scheme = _scheme(pk)
    if not scheme.taking_requests:
        return render(request, "peer_support/not_taking.html", {"scheme": scheme}, status=410)
    form = AskForm(request.POST or None, initial={"started": guard.start_token("peer-ask")})
    if request.method == "POST" and form.is_valid():
        key = f"peer-ask:{scheme.local_area_id}:{client_address(request)}"
        outcome = guard.screen(form, "peer-ask", key)
        if outcome == "robot":
            return redirect("peer_ask_thanks", pk=scheme.pk)
        if outcome == "ok":
            try:
                services.request_make(scheme, **form.wish())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect("peer_ask_thanks", pk=scheme.pk)
    return render(request, "peer_support/ask.html", {"scheme": scheme, "form": form})


@public
def ask_thanks(request, pk):
    return render(request, "peer_support/ask_thanks.html", {"scheme": _scheme(pk)})


@access("peer_support.refer", obj=_scheme)
def refer(request, pk):
    scheme = request.withus_object
    form = ReferForm(request.POST or None)
    return form_flow(
        request,
        form,
        lambda data: services.request_make(scheme, by=request.user, **form.wish()),
        done=reverse("peer_scheme", args=[scheme.pk]),
        message=_("Referral sent to the scheme's coordinators."),
        template="peer_support/refer.html",
        context={"scheme": scheme},
    )


@access("peer_support.coordinate", obj=_scheme)
def mentors(request, pk):
    scheme = request.withus_object
    today = timezone.localdate()
    rows = list(
        scheme.mentors.select_related("user").annotate(
            open_count=Count("matches", filter=Q(matches__closed_on__isnull=True))
        )
    )
    return render(
        request,
        "peer_support/mentors.html",
        {"scheme": scheme, "mentors": rows, "today": today},
    )


def _accounts(scheme):
    return User.objects.filter(
        memberships__local_area_id=scheme.local_area_id,
        memberships__role=Role.PEER_MENTOR,
    ).distinct()


def _mentor_page(request, scheme, mentor=None):
    initial = {"capacity": 3, "active": True, "check_status": Mentor.Check.NOT_STARTED}
    if mentor is not None:
        initial = {name: getattr(mentor, name) for name in services.MENTOR_FIELDS}
        initial["languages"] = ", ".join(mentor.languages)
        initial["version"] = mentor.version
    form = MentorForm(request.POST or None, initial=initial, accounts=_accounts(scheme))

    def save(data):
        # The version comes from the page as it was opened, never from the database
        # now: otherwise a change saved by someone else meanwhile would be overwritten.
        fields = {name: data[name] for name in services.MENTOR_FIELDS}
        return services.mentor_save(
            scheme, request.user, mentor=mentor, version=data["version"], **fields
        )

    return form_flow(
        request,
        form,
        save,
        done=reverse("peer_mentors", args=[scheme.pk]),
        message=_("Mentor saved."),
        title=_("Change a mentor's record") if mentor else _("Add a mentor"),
        caption=scheme.name,
        back=reverse("peer_mentors", args=[scheme.pk]),
        submit=_("Save mentor"),
    )


@access("peer_support.coordinate", obj=_scheme)
def mentor_new(request, pk):
    return _mentor_page(request, request.withus_object)


@access("peer_support.coordinate", obj=_mentor)
def mentor_edit(request, pk):
    mentor = request.withus_object
    return _mentor_page(request, mentor.scheme, mentor)


@access("peer_support.coordinate", obj=_scheme)
def requests(request, pk):
    scheme = request.withus_object
    rows = scheme.requests.select_related("referred_by").prefetch_related("matches__mentor")
    return render(
        request,
        "peer_support/requests.html",
        {
            "scheme": scheme,
            "waiting": [r for r in rows if r.status == MentorRequest.Status.WAITING],
            "matched": [r for r in rows if r.status == MentorRequest.Status.MATCHED],
            "closed": [r for r in rows if r.status == MentorRequest.Status.CLOSED],
        },
    )


@access("peer_support.coordinate", obj=_request)
def request_detail(request, pk):
    wanted = request.withus_object
    today = timezone.localdate()
    suggestions = services.suggestions(wanted, today)
    mentors = {m.pk: m for m in Mentor.objects.filter(scheme_id=wanted.scheme_id)}
    waiting = wanted.status == MentorRequest.Status.WAITING
    form = MatchForm(
        request.POST or None,
        choices=[(str(s.mentor_id), s.name) for s in suggestions if not s.blocked],
        # A mentor not offered (sent from an out-of-date page, or forged) is refused
        # with the reason, in the same words the service would use.
        blocked={str(s.mentor_id): f"{s.name}: {s.blocked}" for s in suggestions if s.blocked},
    )
    if request.method == "POST" and not waiting:
        form.add_error(None, _("This person already has a mentor, or their request is closed."))
    if waiting:
        return form_flow(
            request,
            form,
            lambda data: services.match_make(
                wanted, mentors[int(data["mentor"])], request.user, started_on=data["started_on"]
            ),
            done=lambda match: reverse("peer_match", args=[match.pk]),
            message=_("Match made. Let the mentor and the person know."),
            template="peer_support/request.html",
            context={"wanted": wanted, "suggestions": suggestions, "waiting": waiting},
        )
    return render(
        request,
        "peer_support/request.html",
        {
            "wanted": wanted,
            "suggestions": suggestions,
            "waiting": waiting,
            "form": form,
            "matches": wanted.matches.select_related("mentor"),
        },
    )


@access("peer_support.view_match", obj=_match)
def match(request, pk):
    match = request.withus_object
    form = SessionForm(request.POST or None, initial={"happened_on": timezone.localdate()})
    user = request.user
    context = {
        "match": match,
        "sessions": match.sessions.all(),
        "can_log": user.has_perm("peer_support.log_session", match),
        "can_close": user.has_perm("peer_support.close_match", match),
        "coordinates": user.has_perm("peer_support.coordinate", match),
    }
    if request.method == "POST" and not context["can_log"]:
        form.add_error(None, _("This match has closed, so no more sessions can be added."))
    return form_flow(
        request,
        form,
        lambda data: services.session_log(match, user, **data),
        done=reverse("peer_match", args=[match.pk]),
        message=_("Session logged."),
        template="peer_support/match.html",
        context=context,
    )


@access("peer_support.close_match", obj=_match)
def match_close(request, pk):
    match = request.withus_object
    form = CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    return form_flow(
        request,
        form,
        lambda data: services.match_close(match, request.user, **data),
        done=reverse("peer_match", args=[match.pk]),
        message=_("Match closed."),
        title=_("Close the match"),
        caption=match.mentor.name,
        back=reverse("peer_match", args=[match.pk]),
        submit=_("Close the match"),
    )


@signed_in
def my_mentoring(request):
    return render(
        request,
        "peer_support/my_mentoring.html",
        {"matches": list(queries.matches_of_mentor_user(request.user))},
    )
