"""Pages for outcomes and evaluation: thin, every write goes through services."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from withus.contracts.models import Contract
from withus.core.access import access, deny, public, signed_in
from withus.core.models import LocalArea, User
from withus.core.pages import form_flow
from withus.cycle.models import CommissioningProject
from withus.peer_support.models import Scheme
from withus.pooling.models import PoolingGroup

from . import queries, services, swemwbs
from .forms import (
    ConfirmForm,
    EvaluationForm,
    MeasureForm,
    MeasurementForm,
    ParticipantForm,
    RunnersForm,
)
from .models import Evaluation, Measure, Participant

SUBJECTS = (
    ("project", CommissioningProject, "name", gettext_lazy("Project")),
    ("pooling_group", PoolingGroup, "name", gettext_lazy("Pooling group")),
    ("scheme", Scheme, "name", gettext_lazy("Peer support scheme")),
    ("contract", Contract, "title", gettext_lazy("Contract")),
)


def _area(slug):
    return get_object_or_404(LocalArea, slug=slug)


def _evaluation(pk):
    return get_object_or_404(
        Evaluation.objects.select_related("local_area", *queries.SUBJECT), pk=pk
    )


def _participant(pk, measure_pk=None):
    return get_object_or_404(
        Participant.objects.select_related("evaluation__local_area", "user"), pk=pk
    )


def _area_people(area):
    return (
        User.objects.filter(memberships__local_area=area)
        .distinct()
        .order_by("display_name", "username")
    )


@public
def area_evaluations(request, slug):
    area = _area(slug)
    return render(
        request,
        "outcomes/area.html",
        {
            "area": area,
            "evaluations": queries.area_evaluations(area, request.user),
            "can_create": request.user.has_perm("outcomes.create_evaluation", area),
        },
    )


def _subject_choices(area):
    options = []
    for key, model, field, label in SUBJECTS:
        rows = model.objects.filter(local_area=area).order_by(field, "pk")
        options += [
            (f"{key}:{pk}", f"{label}: {name}") for pk, name in rows.values_list("pk", field)
        ]
    return options


def _subject(area, value: str):
    key, _sep, pk = value.partition(":")
    for name, model, _field, _label in SUBJECTS:
        if name == key and pk.isdigit():
            return model.objects.filter(local_area=area, pk=int(pk)).first()
    return None


def _chosen(people, ticked):
    # The runners boxes send primary keys as text; keep only people offered on the page.
    chosen = {int(pk) for pk in ticked}
    return [u for u in people if u.pk in chosen]


@access("outcomes.create_evaluation", obj=_area)
def evaluation_new(request, slug):
    area = request.withus_object
    people = list(_area_people(area))
    form = EvaluationForm(request.POST or None, subjects=_subject_choices(area), people=people)

    def action(data):
        return services.evaluation_create(
            area,
            request.user,
            title=data["title"],
            subject=_subject(area, data["subject"]),
            follow_up_months=data["follow_up_months"],
            runners=_chosen(people, data["runners"]),
        )

    return form_flow(
        request,
        form,
        action,
        done=lambda made: reverse("outcomes_evaluation", args=[made.pk]),
        message=_("Evaluation set up. Now choose what to measure."),
        title=_("Set up an outcome evaluation"),
        caption=area.name,
        back=reverse("outcomes_area", args=[area.slug]),
        submit=_("Set up the evaluation"),
    )


@access("outcomes.run", obj=_evaluation)
def evaluation(request, pk):
    evaluation = request.withus_object
    return render(
        request,
        "outcomes/evaluation.html",
        {
            "evaluation": evaluation,
            **queries.evaluation_page(
                evaluation, request.GET.get("q", ""), request.GET.get("page")
            ),
        },
    )


@access("outcomes.run", obj=_evaluation)
def runners(request, pk):
    evaluation = request.withus_object
    people = list(_area_people(evaluation.local_area))
    current = [str(pk) for pk in evaluation.runners.values_list("pk", flat=True)]
    # Unticking every box sends nothing, which must still count as sent.
    form = RunnersForm(
        request.POST if request.method == "POST" else None,
        initial={"runners": current},
        people=people,
    )

    def action(data):
        return services.runners_set(evaluation, request.user, _chosen(people, data["runners"]))

    return form_flow(
        request,
        form,
        action,
        done=reverse("outcomes_evaluation", args=[evaluation.pk]),
        message=_("The people running the evaluation are saved."),
        title=_("Who runs this evaluation"),
        caption=evaluation.title,
        back=reverse("outcomes_evaluation", args=[evaluation.pk]),
        submit=_("Save"),
    )


@access("outcomes.run", obj=_evaluation)
def measure_new(request, pk):
    evaluation = request.withus_object
    return form_flow(
        request,
        MeasureForm(request.POST or None),
        lambda data: services.measure_add(evaluation, request.user, **data),
        done=reverse("outcomes_evaluation", args=[evaluation.pk]),
        message=_("Measure added."),
        template="outcomes/measure_form.html",
        context={"evaluation": evaluation, "licence": swemwbs.LICENCE},
    )


@access("outcomes.run", obj=_evaluation)
def participant_new(request, pk):
    evaluation = request.withus_object
    people = list(_area_people(evaluation.local_area))
    form = ParticipantForm(request.POST or None, people=people)

    def action(data):
        by_pk = {str(u.pk): u for u in people}
        return services.participant_add(
            evaluation,
            request.user,
            reference=data["reference"],
            consent=data["consent"],
            consent_on=data["consent_on"],
            user=by_pk.get(data["user"] or ""),
        )

    return form_flow(
        request,
        form,
        action,
        done=lambda made: reverse("outcomes_participant", args=[made.pk]),
        message=_("Person added, with their consent recorded."),
        title=_("Add a person taking part"),
        caption=evaluation.title,
        intro=_(
            "Only add someone who has agreed to take part. They can change their mind at "
            "any time, and then every score of theirs is deleted."
        ),
        back=reverse("outcomes_evaluation", args=[evaluation.pk]),
        submit=_("Add the person"),
    )


@access("outcomes.view_participant", obj=_participant)
def participant(request, pk):
    participant = request.withus_object
    return render(
        request,
        "outcomes/participant.html",
        {
            "participant": participant,
            "evaluation": participant.evaluation,
            "scores": queries.person_scores([participant])[0]["rows"],
            "runs": request.user.has_perm("outcomes.run", participant),
            "can_record": request.user.has_perm("outcomes.record", participant),
            "can_withdraw": request.user.has_perm("outcomes.withdraw", participant),
        },
    )


@access("outcomes.record", obj=_participant)
def measurement_new(request, pk, measure_pk):
    participant = request.withus_object
    measure = get_object_or_404(Measure, pk=measure_pk, evaluation_id=participant.evaluation_id)
    form = MeasurementForm(request.POST or None, measure=measure)

    def action(data):
        return services.measurement_record(
            participant,
            measure,
            request.user,
            stage=data["stage"],
            taken_on=data["taken_on"],
            items=form.items(),
            score=data.get("score"),
        )

    return form_flow(
        request,
        form,
        action,
        done=reverse("outcomes_participant", args=[participant.pk]),
        message=_("Score saved."),
        template="outcomes/measurement_form.html",
        context={
            "participant": participant,
            "measure": measure,
            "licence": swemwbs.LICENCE,
        },
    )


@access("outcomes.withdraw", obj=_participant)
def consent_withdraw(request, pk):
    participant = request.withus_object
    is_self = participant.user_id == request.user.pk
    done = (
        reverse("outcomes_mine")
        if is_self
        else reverse("outcomes_evaluation", args=[participant.evaluation_id])
    )
    return form_flow(
        request,
        # An unticked box sends nothing, which must still count as sent.
        ConfirmForm(request.POST if request.method == "POST" else None),
        lambda data: services.consent_withdraw(participant, request.user),
        done=done,
        message=_("Consent withdrawn. Every score has been deleted."),
        title=_("Withdraw consent"),
        caption=participant.evaluation.title,
        intro=_(
            "This deletes every score recorded for %(who)s in this evaluation. "
            "It cannot be undone. The name or reference is kept, marked as withdrawn, "
            "so nobody records scores for them again by mistake."
        )
        % {"who": _("you") if is_self else participant.reference},
        back=reverse("outcomes_participant", args=[participant.pk]),
        submit=_("Withdraw consent"),
    )


@public
def report(request, pk):
    # Public once published, so it cannot use ``access`` (which asks everyone to
    # sign in); before that, the same rule decides.
    evaluation = _evaluation(pk)
    if not request.user.has_perm("outcomes.view_report", evaluation):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise deny(request, "outcomes.view_report", evaluation)
    return render(
        request,
        "outcomes/report.html",
        {
            "evaluation": evaluation,
            "measures": queries.report(evaluation),
            "runs": request.user.has_perm("outcomes.run", evaluation),
            "licence": swemwbs.LICENCE,
            "smallest": 5,
        },
    )


@require_POST
@access("outcomes.run", obj=_evaluation)
def publish(request, pk):
    evaluation = request.withus_object
    make_public = request.POST.get("publish") != "no"
    try:
        services.publish(evaluation, request.user, publish=make_public)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The report is now public.") if make_public else _("The report is no longer public."),
        )
    return redirect("outcomes_report", pk=evaluation.pk)


@signed_in
def mine(request):
    return render(request, "outcomes/mine.html", {"entries": queries.my_outcomes(request.user)})
