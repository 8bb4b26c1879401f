"""Pages for specifications, tenders, bids, evaluation and the award: thin, writes in services."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from withus.core.access import access, deny, signed_in
from withus.core.edits import STALE_MESSAGE, StaleEdit, apply_validation_error
from withus.core.models import LocalArea, Organisation, Role, User
from withus.core.pages import form_flow
from withus.core.roles import roles_of
from withus.cycle.models import CommissioningProject
from withus.insight.models import Priority

from . import award, services
from .evaluation import Evaluation, prices_unsealed
from .forms import (
    AnswerForm,
    BidForm,
    ClarificationForm,
    ConsensusForm,
    DeclarationForm,
    EvaluatorForm,
    LowPriceResponseForm,
    ModelChangeForm,
    QuestionForm,
    ReasonForm,
    RequirementForm,
    ScaleForm,
    ScoreForm,
    SpecificationForm,
    TenderForm,
    TieForm,
    VersionForm,
)
from .models import (
    Bid,
    BidAnswer,
    Clarification,
    ConsensusScore,
    Evaluator,
    Question,
    Score,
    SetBy,
    Specification,
    Tender,
)
from .rules import BidQuestion, evaluator_of, provider_organisation_ids


def _area(slug):
    return get_object_or_404(LocalArea, slug=slug)


def _project(pk):
    return get_object_or_404(CommissioningProject.objects.select_related("local_area"), pk=pk)


def _spec(pk):
    return get_object_or_404(Specification.objects.select_related("project__local_area"), pk=pk)


def _tender(pk):
    return get_object_or_404(
        Tender.objects.select_related("local_area", "specification__project"), pk=pk
    )


def _bid(pk):
    return get_object_or_404(
        Bid.objects.select_related("tender__local_area", "organisation"), pk=pk
    )


def _bid_question(pk, question):
    bid = _bid(pk)
    return BidQuestion(bid, get_object_or_404(Question, pk=question, tender_id=bid.tender_id))


def _question(pk):
    return get_object_or_404(Question.objects.select_related("tender__local_area"), pk=pk)


def _clarification(pk):
    return get_object_or_404(
        Clarification.objects.select_related("tender__local_area"), pk=pk
    ).tender


def _saved(request, text, to, *args):
    messages.success(request, text)
    return redirect(to, *args)


# Specifications ------------------------------------------------------------------


@access("tendering.set_up", obj=_project)
def specification_new(request, pk):
    project = request.withus_object
    return form_flow(
        request,
        SpecificationForm(request.POST or None),
        lambda data: services.specification_create(project, request.user, **data),
        done=lambda spec: reverse("specification", args=[spec.pk]),
        message=_("Specification started. Add its requirements."),
        title=_("Write a specification"),
        caption=project.name,
        back=reverse("project", args=[project.pk]),
        submit=_("Save and add requirements"),
    )


@access("tendering.set_up", obj=_spec)
def specification(request, pk):
    spec = request.withus_object
    requirements = list(
        spec.requirements.prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.select_related("theme")),
            "questions__tender",
        )
    )
    return render(
        request,
        "tendering/specification.html",
        {
            "spec": spec,
            "requirements": requirements,
            "tenders": list(spec.tenders.all()),
            "untraced": [r for r in requirements if not r.priorities.all()],
        },
    )


@access("tendering.set_up", obj=_spec)
def requirement_new(request, pk):
    spec = request.withus_object
    priorities = Priority.objects.filter(
        exercise__local_area_id=spec.project.local_area_id
    ).select_related("theme")
    here = reverse("specification", args=[spec.pk])
    return form_flow(
        request,
        RequirementForm(request.POST or None, priorities=priorities),
        lambda data: services.requirement_add(spec, request.user, **data),
        done=here,
        message=_("Requirement added."),
        title=_("Add a requirement"),
        caption=spec.title,
        back=here,
        submit=_("Add requirement"),
    )


# Tenders: writing and publishing ------------------------------------------------------


@signed_in
def tenders_mine(request):
    """The tenders of the person's own area (the first, if they have roles in several)."""
    area_ids = sorted({a for a, _r in roles_of(request.user)})
    if not area_ids:
        raise deny(request, "tendering.view_tender")
    return redirect("tenders", LocalArea.objects.get(pk=area_ids[0]).slug)


@access("tendering.list_tenders", obj=_area)
def tender_list(request, slug):
    area = request.withus_object
    tenders = Tender.objects.filter(local_area=area).select_related("specification")
    manages = request.user.has_perm("tendering.set_up", area)
    if not manages:
        tenders = tenders.exclude(status=Tender.Status.DRAFT)
    return render(
        request,
        "tendering/tender_list.html",
        {
            "area": area,
            "tenders": list(tenders),
            "manages": manages,
            "specifications": list(
                Specification.objects.filter(project__local_area=area).select_related("project")
            )
            if manages
            else [],
        },
    )


@access("tendering.set_up", obj=_spec)
def tender_new(request, pk):
    spec = request.withus_object
    form = TenderForm(
        request.POST or None,
        initial={"price_weight": 40, "panel_stake": 20, "price_formula": "lowest_price"},
    )
    return form_flow(
        request,
        form,
        lambda _data: services.tender_create(spec, request.user, **form.cleaned_tender()),
        done=lambda tender: reverse("tender", args=[tender.pk]),
        message=_("Tender saved as a draft. Add its questions."),
        title=_("Write a tender"),
        caption=spec.title,
        back=reverse("specification", args=[spec.pk]),
        submit=_("Save draft"),
    )


@access("tendering.edit_draft", obj=_tender)
def tender_edit(request, pk):
    tender = request.withus_object
    form = TenderForm(request.POST or None, initial=TenderForm.initial_from(tender))
    form.fields["version"] = VersionForm().fields["version"]
    form.initial["version"] = tender.version

    def save(_data):
        data = form.cleaned_tender()
        return services.tender_update(tender, request.user, data.pop("version"), **data)

    here = reverse("tender", args=[tender.pk])
    return form_flow(
        request,
        form,
        save,
        done=here,
        message=_("Tender saved."),
        title=_("Change the tender"),
        caption=tender.reference,
        back=here,
        submit=_("Save draft"),
    )


@access("tendering.view_tender", obj=_tender)
def tender(request, pk):
    tender = request.withus_object
    user = request.user
    manages = user.has_perm("tendering.set_up", tender)
    evaluator = evaluator_of(user, tender)
    orgs = provider_organisation_ids(user, tender.local_area_id)
    registered = tender.registrations.filter(organisation_id__in=orgs).exists() if orgs else False
    my_bid = tender.bids.filter(organisation_id__in=orgs).first() if orgs else None
    context = {
        "tender": tender,
        "questions": list(tender.questions.select_related("requirement")),
        "scale": list(tender.scale.all()),
        "clarifications": list(tender.clarifications.exclude(answered_at=None)),
        "announcements": list(tender.announcements.all()),
        "versions": list(tender.model_versions.all()),
        "manages": manages,
        "evaluator": evaluator,
        "team": list(tender.evaluators.select_related("user")) if manages or evaluator else [],
        "can_register": user.has_perm("tendering.register", tender) and not registered,
        "registered": registered,
        "my_bid": my_bid,
        # After the deadline the bidder can still read what they sent, never change it.
        "my_answers": list(my_bid.answers.select_related("question").order_by("question__number"))
        if my_bid and not tender.is_open_for_bids()
        else [],
        "can_bid": user.has_perm("tendering.bid", tender),
        "can_ask": user.has_perm("tendering.ask", tender),
        "can_edit": user.has_perm("tendering.edit_draft", tender),
        "can_panel": user.has_perm("tendering.write_panel_question", tender),
        "can_change_model": user.has_perm("tendering.change_model", tender),
        "publish_problems": services.publish_problems(tender)
        if manages and tender.status == Tender.Status.DRAFT
        else [],
        "waiting_answers": tender.clarifications.filter(answered_at=None).count() if manages else 0,
        "bids_opened": tender.bids_are_opened(),
        "bid_count": tender.bids.filter(status=Bid.Status.SUBMITTED).count()
        if tender.bids_are_opened()
        else None,
        "quality_weight": tender.quality_weight - tender.panel_stake,
    }
    return render(request, "tendering/tender.html", context)


def _question_form_page(request, tender, question=None):
    panel_only = not request.user.has_perm("tendering.edit_draft", tender)
    if question is not None and panel_only and question.set_by != SetBy.PANEL:
        raise deny(request, "tendering.edit_draft", tender)
    initial = {"set_by": SetBy.PANEL if panel_only else SetBy.COMMISSIONER, "minimum_score": 0}
    if question is not None:
        initial = {
            "text": question.text,
            "guidance": question.guidance,
            "weight": question.weight,
            "minimum_score": question.minimum_score,
            "set_by": question.set_by,
            "requirement": question.requirement_id,
        }
    form = QuestionForm(
        request.POST or None,
        initial=initial,
        requirements=tender.specification.requirements.all(),
        panel_only=panel_only,
    )
    here = reverse("tender", args=[tender.pk])
    return form_flow(
        request,
        form,
        lambda data: services.question_save(tender, request.user, question, **data),
        done=here,
        message=_("Question saved."),
        title=_("Change question %(n)s") % {"n": question.number}
        if question
        else _("Add a question"),
        caption=tender.reference,
        intro=_(
            "The lived-experience panel writes and scores its own questions. Their weights "
            "together make the panel's stake."
        )
        if panel_only
        else "",
        back=here,
        submit=_("Save question"),
    )


@access("tendering.write_panel_question", obj=_tender)
def question_new(request, pk):
    return _question_form_page(request, request.withus_object)


@access("tendering.write_panel_question", obj=lambda pk: _question(pk).tender)
def question_edit(request, pk):
    question = _question(pk)
    return _question_form_page(request, request.withus_object, question)


@access("tendering.edit_draft", obj=_tender)
def scale_edit(request, pk):
    tender = request.withus_object
    initial = {f"score_{d.score}": d.descriptor for d in tender.scale.all()}
    form = ScaleForm(request.POST or None, initial=initial, max_score=tender.max_score)
    here = reverse("tender", args=[tender.pk])
    return form_flow(
        request,
        form,
        lambda _data: services.scale_update(tender, request.user, form.descriptors()),
        done=here,
        message=_("Scoring scale saved."),
        title=_("Scoring scale"),
        caption=tender.reference,
        intro=_("Evaluators choose one of these for each answer. Bidders see them too."),
        back=here,
        submit=_("Save scale"),
    )


@access("tendering.set_up", obj=_tender)
def team(request, pk):
    tender = request.withus_object
    people = (
        User.objects.filter(
            memberships__local_area_id=tender.local_area_id,
            memberships__role__in=[
                Role.COMMISSIONER,
                Role.EXPERT_BY_EXPERIENCE,
                Role.FACILITATOR,
            ],
        )
        .exclude(evaluations__tender=tender)
        .exclude(memberships__role=Role.PROVIDER)
        .distinct()
        .order_by("display_name", "username")
    )
    form = EvaluatorForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluator_add(
                tender, request.user, form.cleaned_data["person"], form.cleaned_data["part"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _saved(request, _("Added to the evaluation team."), "tender_team", tender.pk)
    return render(
        request,
        "tendering/team.html",
        {
            "tender": tender,
            "form": form,
            "team": list(
                tender.evaluators.select_related("user").prefetch_related("conflicted_with")
            ),
            "locked": tender.bids_are_opened(),
        },
    )


@access("tendering.edit_draft", obj=_tender)
def publish(request, pk):
    tender = request.withus_object
    if request.method == "POST":
        try:
            services.tender_publish(tender, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("tender", tender.pk)
        return _saved(
            request,
            _("Published. The evaluation model is fixed as version 1."),
            "tender",
            tender.pk,
        )
    return render(
        request,
        "tendering/publish.html",
        {"tender": tender, "problems": services.publish_problems(tender)},
    )


@access("tendering.change_model", obj=_tender)
def model_change(request, pk):
    tender = request.withus_object
    questions = list(tender.questions.all())
    form = ModelChangeForm(
        request.POST or None,
        initial={
            "price_weight": tender.price_weight,
            "price_formula": tender.price_formula,
            "panel_stake": tender.panel_stake,
        },
        questions=questions,
        max_score=tender.max_score,
    )
    form.fields["version"] = VersionForm().fields["version"]
    form.initial["version"] = tender.version

    def save(data):
        return services.model_change(
            tender,
            request.user,
            data["version"],
            reason=data["reason"],
            price_weight=data["price_weight"],
            panel_stake=data["panel_stake"],
            price_formula=data["price_formula"],
            questions=form.question_values(),
        )

    here = reverse("tender", args=[tender.pk])
    return form_flow(
        request,
        form,
        save,
        done=here,
        message=_("The new version is published and every bidder is told."),
        title=_("Change the evaluation model"),
        caption=tender.reference,
        intro=_(
            "This makes a new version of the model. Every bidder sees the new version and "
            "your reason. The old versions stay on the tender page."
        ),
        back=here,
        submit=_("Publish new version"),
    )


# Bidders -------------------------------------------------------------------------------


def _bidder_org(request, tender):
    ids = provider_organisation_ids(request.user, tender.local_area_id)
    return Organisation.objects.filter(pk__in=ids).order_by("pk").first()


@require_POST
@access("tendering.register", obj=_tender)
def register(request, pk):
    tender = request.withus_object
    services.register(tender, request.user, _bidder_org(request, tender))
    return _saved(request, _("Registered. You can now ask questions and bid."), "tender", tender.pk)


@access("tendering.ask", obj=_tender)
def ask(request, pk):
    tender = request.withus_object
    here = reverse("tender", args=[tender.pk])
    return form_flow(
        request,
        ClarificationForm(request.POST or None),
        lambda data: services.clarification_ask(
            tender, request.user, _bidder_org(request, tender), data["question"]
        ),
        done=here,
        message=_("Question sent. The answer will be published to every bidder."),
        title=_("Ask a question about this tender"),
        caption=tender.reference,
        back=here,
        submit=_("Send question"),
    )


@access("tendering.answer_questions", obj=_tender)
def clarifications(request, pk):
    tender = request.withus_object
    return render(
        request,
        "tendering/clarifications.html",
        {"tender": tender, "items": list(tender.clarifications.select_related("asked_by"))},
    )


@access("tendering.answer_questions", obj=_clarification)
def clarification_answer(request, pk):
    item = get_object_or_404(Clarification, pk=pk)
    tender = request.withus_object
    here = reverse("tender_clarifications", args=[tender.pk])
    return form_flow(
        request,
        AnswerForm(request.POST or None, initial={"answer": item.answer}),
        lambda data: services.clarification_answer(item, request.user, data["answer"]),
        done=here,
        message=_("Answer published to every bidder."),
        title=_("Answer a question"),
        caption=tender.reference,
        intro=item.question,
        back=here,
        submit=_("Publish answer"),
    )


@access("tendering.bid", obj=_tender)
def bid_edit(request, pk):
    tender = request.withus_object
    organisation = _bidder_org(request, tender)
    bid = tender.bids.filter(organisation=organisation).first()
    questions = list(tender.questions.all())
    initial = {}
    if bid:
        initial = {"price": bid.price, "version": bid.version}
        initial.update({f"answer_{a.question_id}": a.text for a in bid.answers.all()})
    form = BidForm(request.POST or None, initial=initial, questions=questions)
    form.fields["version"] = VersionForm().fields["version"]
    form.fields["version"].required = False
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            services.bid_save(
                tender,
                request.user,
                organisation,
                version=form.cleaned_data.get("version"),
                price=form.cleaned_data["price"],
                answers=form.answers(),
                submit=submit,
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _saved(
                request,
                _("Your bid is submitted. You can change it until the deadline.")
                if submit
                else _("Your draft is saved. It is not submitted yet."),
                "tender",
                tender.pk,
            )
    return render(
        request,
        "tendering/bid_edit.html",
        {"tender": tender, "form": form, "bid": bid, "organisation": organisation},
    )


# Evaluation --------------------------------------------------------------------------------


@access("tendering.declare", obj=_tender)
def declaration(request, pk):
    tender = request.withus_object
    evaluator = evaluator_of(request.user, tender)
    if evaluator.declared_at is not None:
        return render(request, "tendering/declared.html", {"tender": tender, "e": evaluator})
    bidders = Organisation.objects.filter(
        bids__tender=tender, bids__status=Bid.Status.SUBMITTED
    ).order_by("name")
    form = DeclarationForm(
        request.POST or None,
        bidders=bidders,
        initial={
            "conflicted_with": [o.pk for o in evaluator.conflicted_with.all()],
            "details": evaluator.conflict_details,
        },
    )
    return form_flow(
        request,
        form,
        lambda data: services.declare(
            evaluator,
            request.user,
            conflicted_with=data["conflicted_with"],
            details=data["details"],
        ),
        # The lead does not score: they go on to moderation.
        done=reverse(
            "moderation" if evaluator.part == Evaluator.Part.LEAD else "scoring", args=[tender.pk]
        ),
        message=_("Declaration recorded."),
        title=_("Declare any conflicts of interest"),
        caption=tender.reference,
        intro=_("You must do this before you can see any bid."),
        back=reverse("tender", args=[tender.pk]),
        submit=_("Confirm declaration"),
    )


@access("tendering.score", obj=_tender)
def scoring(request, pk):
    tender = request.withus_object
    evaluator = evaluator_of(request.user, tender)
    conflicted = {o.pk for o in evaluator.conflicted_with.all()}
    bids = [
        b
        for b in tender.bids.filter(status=Bid.Status.SUBMITTED, excluded_reason="")
        .select_related("organisation")
        .annotate(mine=Count("scores", filter=Q(scores__evaluator=evaluator)))
        if b.organisation_id not in conflicted
    ]
    mine = len([q for q in tender.questions.all() if evaluator.scores_question(q)])
    return render(
        request,
        "tendering/scoring.html",
        {"tender": tender, "bids": bids, "to_score": mine, "evaluator": evaluator},
    )


@access("tendering.score_bid", obj=_bid)
def score_bid(request, pk):
    bid = request.withus_object
    tender = bid.tender
    evaluator = evaluator_of(request.user, tender)
    questions = [q for q in tender.questions.all() if evaluator.scores_question(q)]
    answers = {a.question_id: a.text for a in bid.answers.all()}
    initial = {}
    for s in Score.objects.filter(bid=bid, evaluator=evaluator):
        initial[f"score_{s.question_id}"] = s.score
        initial[f"reason_{s.question_id}"] = s.reason
    agreed = set(ConsensusScore.objects.filter(bid=bid).values_list("question_id", flat=True))
    # An agreed question's own scores are fixed, so it is not in the form.
    form = ScoreForm(
        request.POST or None,
        initial=initial,
        questions=[q for q in questions if q.pk not in agreed],
        scale=list(tender.scale.all()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_save(evaluator, bid, request.user, form.scores())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _saved(request, _("Your scores are saved."), "scoring", tender.pk)
    rows = [
        {
            "question": q,
            "answer": answers.get(q.pk, ""),
            "score": None if q.pk in agreed else form[f"score_{q.pk}"],
            "reason": None if q.pk in agreed else form[f"reason_{q.pk}"],
            "agreed": q.pk in agreed,
        }
        for q in questions
    ]
    return render(
        request,
        "tendering/score_bid.html",
        {"tender": tender, "bid": bid, "form": form, "rows": rows, "evaluator": evaluator},
    )


@access("tendering.moderate", obj=_tender)
def moderation(request, pk):
    tender = request.withus_object
    evaluator = evaluator_of(request.user, tender)
    questions = list(tender.questions.all())
    if evaluator.part == Evaluator.Part.PANEL:
        questions = [q for q in questions if q.set_by == SetBy.PANEL]
    conflicted = {o.pk for o in evaluator.conflicted_with.all()}
    bids = [
        b
        for b in tender.bids.filter(status=Bid.Status.SUBMITTED)
        .select_related("organisation")
        .order_by("id")
        if b.organisation_id not in conflicted
    ]
    team = list(tender.evaluators.prefetch_related("conflicted_with"))
    scores: dict = {}
    for s in Score.objects.filter(bid__tender=tender):
        scores.setdefault((s.bid_id, s.question_id), []).append(s.score)
    consensus = {
        (c.bid_id, c.question_id): c for c in ConsensusScore.objects.filter(bid__tender=tender)
    }
    table = []
    for bid in bids:
        cells = []
        for q in questions:
            # Someone conflicted with this bidder is not waited for.
            expected = sum(
                1
                for e in team
                if e.scores_question(q)
                and all(o.pk != bid.organisation_id for o in e.conflicted_with.all())
            )
            given = scores.get((bid.pk, q.pk), [])
            cells.append(
                {
                    "question": q,
                    "expected": expected,
                    "given": len(given),
                    # The spread shows only once everyone has scored alone.
                    "spread": award.spread(given) if len(given) >= expected else None,
                    "consensus": consensus.get((bid.pk, q.pk)),
                }
            )
        table.append({"bid": bid, "cells": cells})
    return render(
        request,
        "tendering/moderation.html",
        {
            "tender": tender,
            "questions": questions,
            "table": table,
            "is_lead": evaluator.part == Evaluator.Part.LEAD,
            "prices_unsealed": prices_unsealed(tender),
        },
    )


@access("tendering.agree_score", obj=_bid_question)
def consensus(request, pk, question):
    target = request.withus_object
    bid, q = target.bid, target.question
    tender = bid.tender
    row = ConsensusScore.objects.filter(bid=bid, question=q).first()
    individual = list(
        Score.objects.filter(bid=bid, question=q).select_related("evaluator__user").order_by("id")
    )
    waiting, expected = services.scores_awaited(bid, q)
    form = ConsensusForm(
        request.POST or None,
        scale=list(tender.scale.all()),
        initial={"score": row.score, "reason": row.reason, "version": row.version} if row else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consensus_save(
                bid,
                q,
                request.user,
                version=form.cleaned_data["version"],
                **{k: form.cleaned_data[k] for k in ("score", "reason")},
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _saved(request, _("Consensus score saved."), "moderation", tender.pk)
    answer = BidAnswer.objects.filter(bid=bid, question=q).first()
    return render(
        request,
        "tendering/consensus.html",
        {
            "tender": tender,
            "bid": bid,
            "question": q,
            "answer": answer.text if answer else "",
            "individual": [] if waiting else individual,
            "waiting": waiting,
            "nobody": not expected,
            "spread": award.spread([s.score for s in individual]),
            "form": form,
        },
    )


@access("tendering.award", obj=_tender)
def award_page(request, pk):
    tender = request.withus_object
    evaluation = Evaluation(tender)
    rows = []
    if evaluation.result:
        for r in evaluation.result.results:
            rows.append({"result": r, "bid": evaluation.bid(r.key)})
    return render(
        request,
        "tendering/award.html",
        {
            "tender": tender,
            "evaluation": evaluation,
            "rows": rows,
            "problems": services.award_problems(evaluation) if evaluation.result else [],
            "summary_problems": services.summaries_problems(evaluation),
            "confirm": VersionForm(initial={"version": tender.version}),
            "names": {b.key: b.organisation.name for b in evaluation.bids},
            "winner": evaluation.winner_key,
            "recompute_command": (
                f"python -m withus.tendering.recompute {tender.reference}-evaluation.json"
            ),
            "responded": any(b.abnormally_low_response for b in evaluation.bids),
        },
    )


@access("tendering.award", obj=_tender)
def award_tie(request, pk):
    tender = request.withus_object
    evaluation = Evaluation(tender)
    tied_keys = evaluation.result.tied_keys if evaluation.result else ()
    tied = [b for b in evaluation.bids if b.key in tied_keys]
    here = reverse("award", args=[tender.pk])
    if not tied:
        messages.error(request, _("There is no tie to decide."))
        return redirect(here)
    form = TieForm(
        request.POST or None,
        tied=tied,
        initial={"bid": tender.tie_winner_id, "reason": tender.tie_decision},
    )
    return form_flow(
        request,
        form,
        lambda data: services.tie_decide(
            tender, request.user, next(b for b in tied if b.pk == data["bid"]), data["reason"]
        ),
        done=here,
        message=_("Your decision is recorded."),
        title=_("Decide between tied bids"),
        caption=tender.reference,
        intro=str(evaluation.result.tie_rule),
        back=here,
        submit=_("Record decision"),
    )


@access("tendering.decide_bid", obj=_bid)
def low_price_response(request, pk):
    bid = request.withus_object
    here = reverse("award", args=[bid.tender_id])
    return form_flow(
        request,
        LowPriceResponseForm(
            request.POST or None, initial={"response": bid.abnormally_low_response}
        ),
        lambda data: services.abnormally_low_response(bid, request.user, data["response"]),
        done=here,
        message=_("Response recorded."),
        title=_("Abnormally low price from %(bidder)s") % {"bidder": bid.organisation.name},
        caption=bid.tender.reference,
        back=here,
        submit=_("Record response"),
    )


@access("tendering.decide_bid", obj=_bid)
def exclude(request, pk):
    bid = request.withus_object
    here = reverse("award", args=[bid.tender_id])
    return form_flow(
        request,
        ReasonForm(request.POST or None, initial={"reason": bid.excluded_reason}),
        lambda data: services.bid_exclude(bid, request.user, data["reason"]),
        done=here,
        message=_("Bid excluded. The reason goes in its summary."),
        title=_("Exclude the bid from %(bidder)s") % {"bidder": bid.organisation.name},
        caption=bid.tender.reference,
        intro=_(
            "Only for a reason the law allows, such as a price that cannot be explained, "
            "or a failure to meet a mandatory condition. The bidder is told the reason."
        ),
        back=here,
        submit=_("Exclude bid"),
    )


@require_POST
@access("tendering.award", obj=_tender)
def summaries_issue(request, pk):
    tender = request.withus_object
    try:
        n = services.summaries_issue(tender, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s assessment summaries issued.") % {"n": n})
    return redirect("award", tender.pk)


@require_POST
@access("tendering.award", obj=_tender)
def award_confirm(request, pk):
    tender = request.withus_object
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise StaleEdit
        services.award_confirm(tender, request.user, form.cleaned_data["version"])
    except StaleEdit:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The award is confirmed."))
    return redirect("award", tender.pk)


@access("tendering.view_summary", obj=_bid)
def summary(request, pk):
    bid = request.withus_object
    issued = getattr(bid, "summary", None) if hasattr(bid, "summary") else None
    return render(
        request,
        "tendering/summary.html",
        {
            "bid": bid,
            "tender": bid.tender,
            "summary": issued.content if issued else None,
            "issued": issued,
        },
    )


@access("tendering.award", obj=_tender)
def evaluation_export(request, pk):
    tender = request.withus_object
    evaluation = Evaluation(tender)
    if not evaluation.complete:
        messages.error(request, _("The evaluation is not finished, so there is nothing to export."))
        return redirect("award", tender.pk)
    response = HttpResponse(
        json.dumps(evaluation.document(), indent=2, ensure_ascii=False),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="{tender.reference}-evaluation.json"'
    return response
