"""Every change in tendering, each in one audited transaction.

Deadlines are checked inside the transaction against the clock, after locking
the tender row, so a bid saved a moment after the deadline is refused even if
the page was opened before it.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.core.audit import audit_record
from withus.core.edits import StaleEdit
from withus.core.models import Organisation, Role, User
from withus.cycle.models import CommissioningProject

from . import award
from .evaluation import Evaluation, model_of, prices_unsealed
from .models import (
    Announcement,
    AssessmentSummary,
    Bid,
    BidAnswer,
    BidderRegistration,
    Clarification,
    ConsensusScore,
    Evaluator,
    ModelVersion,
    Question,
    Requirement,
    ScaleDescriptor,
    Score,
    SetBy,
    Specification,
    Tender,
)

DEFAULT_SCALE = {
    5: "Excellent: fully meets the need, with clear evidence and detail.",
    4: "Good: meets the need, with good evidence.",
    3: "Acceptable: meets the need, with some gaps.",
    2: "Weak: partly meets the need; important gaps.",
    1: "Poor: hardly meets the need.",
    0: "No answer, or the answer does not meet the need at all.",
}


def _audit(by, action, obj, area, **data):
    audit_record(actor=by, action=action, obj=obj, local_area=area, data=data)


def _locked(tender: Tender) -> Tender:
    return Tender.objects.select_for_update().get(pk=tender.pk)


# Specification ----------------------------------------------------------------


@transaction.atomic
def specification_create(
    project: CommissioningProject, by: User, title: str, summary: str
) -> Specification:
    spec = Specification.objects.create(
        project=project, title=title, summary=summary, created_by=by
    )
    _audit(by, "specification.create", spec, project.local_area, title=title)
    return spec


@transaction.atomic
def requirement_add(spec: Specification, by: User, text: str, priorities: Iterable) -> Requirement:
    priorities = list(priorities)
    area_id = spec.project.local_area_id
    if any(p.exercise.local_area_id != area_id for p in priorities):
        raise ValidationError({"priorities": _("Choose priorities from this area only.")})
    number = (
        spec.requirements.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    req = Requirement.objects.create(specification=spec, number=number, text=text)
    req.priorities.set(priorities)
    _audit(
        by,
        "requirement.add",
        req,
        spec.project.local_area,
        number=number,
        priorities=[p.pk for p in priorities],
    )
    return req


# The tender and its evaluation model --------------------------------------------


def _check_timetable(fields: Mapping, now=None) -> None:
    errors = {}
    if fields["clarification_deadline"] <= fields["publication_date"]:
        errors["clarification_deadline"] = _(
            "The deadline for questions must be after the publication date."
        )
    if fields["submission_deadline"] <= fields["clarification_deadline"]:
        errors["submission_deadline"] = _(
            "The deadline for bids must be after the deadline for questions."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def tender_create(spec: Specification, by: User, **fields) -> Tender:
    _check_timetable(fields)
    area = spec.project.local_area
    tender = Tender.objects.create(local_area=area, specification=spec, created_by=by, **fields)
    ScaleDescriptor.objects.bulk_create(
        ScaleDescriptor(tender=tender, score=s, descriptor=d) for s, d in DEFAULT_SCALE.items()
    )
    # Whoever writes the tender leads its evaluation unless they hand it on.
    Evaluator.objects.create(tender=tender, user=by, part=Evaluator.Part.LEAD)
    _audit(by, "tender.create", tender, area, reference=tender.reference)
    return tender


@transaction.atomic
def tender_update(tender: Tender, by: User, version: int, **fields) -> Tender:
    tender = _locked(tender)
    if tender.status != Tender.Status.DRAFT:
        raise ValidationError(
            _("This tender is published. Change its model with a reason instead.")
        )
    if tender.version != version:
        raise StaleEdit
    _check_timetable(fields)
    for name, value in fields.items():
        setattr(tender, name, value)
    tender.version += 1
    tender.save()
    _audit(by, "tender.update", tender, tender.local_area, fields=sorted(fields))
    return tender


@transaction.atomic
def question_save(tender: Tender, by: User, question: Question | None, **fields) -> Question:
    tender = _locked(tender)
    if tender.status != Tender.Status.DRAFT:
        raise ValidationError(_("Questions cannot be changed after the tender is published."))
    requirement = fields.get("requirement")
    if requirement is not None and requirement.specification_id != tender.specification_id:
        raise ValidationError({"requirement": _("Choose a requirement from this specification.")})
    if fields.get("minimum_score", 0) > tender.max_score:
        raise ValidationError(
            {
                "minimum_score": _("The minimum score must be %(max)s or less.")
                % {"max": tender.max_score}
            }
        )
    if question is None:
        number = (
            tender.questions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        question = Question(tender=tender, number=number)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    _audit(
        by,
        "tender.question_save",
        question,
        tender.local_area,
        number=question.number,
        weight=str(question.weight),
        set_by=question.set_by,
    )
    return question


@transaction.atomic
def question_remove(question: Question, by: User) -> None:
    tender = _locked(question.tender)
    if tender.status != Tender.Status.DRAFT:
        raise ValidationError(_("Questions cannot be removed after the tender is published."))
    _audit(by, "tender.question_remove", tender, tender.local_area, number=question.number)
    question.delete()


@transaction.atomic
def scale_update(tender: Tender, by: User, descriptors: Mapping[int, str]) -> None:
    tender = _locked(tender)
    if tender.status != Tender.Status.DRAFT:
        raise ValidationError(_("The scoring scale is fixed once the tender is published."))
    ScaleDescriptor.objects.filter(tender=tender).delete()
    ScaleDescriptor.objects.bulk_create(
        ScaleDescriptor(tender=tender, score=s, descriptor=d) for s, d in descriptors.items()
    )
    _audit(by, "tender.scale_update", tender, tender.local_area, scores=sorted(descriptors))


@transaction.atomic
def evaluator_add(tender: Tender, by: User, user: User, part: str) -> Evaluator:
    tender = _locked(tender)
    if tender.bids_are_opened():
        raise ValidationError(_("The team cannot change once bids are opened."))
    if tender.evaluators.filter(user=user).exists():
        raise ValidationError({"person": _("This person is already on the team.")})
    if user.memberships.filter(role=Role.PROVIDER).exists():
        raise ValidationError(
            {"person": _("This person works for a provider, so they cannot evaluate bids.")}
        )
    if part == Evaluator.Part.LEAD and tender.evaluators.filter(part=part).exists():
        raise ValidationError({"part": _("The tender already has an evaluation lead.")})
    evaluator = Evaluator.objects.create(tender=tender, user=user, part=part)
    _audit(by, "tender.evaluator_add", evaluator, tender.local_area, user=user.pk, part=part)
    return evaluator


def _snapshot(tender: Tender) -> dict:
    model = model_of(tender)
    return {
        "price_weight": str(model.price_weight),
        "price_formula": model.price_formula,
        "panel_stake": str(model.panel_stake),
        "max_score": model.max_score,
        "abnormally_low_percent": str(model.abnormally_low_percent),
        "estimated_cost": None if model.estimated_cost is None else str(model.estimated_cost),
        "criteria": [
            {
                "key": c.key,
                "title": c.title,
                "weight": str(c.weight),
                "set_by": c.set_by,
                "minimum": c.minimum,
            }
            for c in model.criteria
        ],
        "scale": {str(d.score): d.descriptor for d in tender.scale.all()},
    }


def publish_problems(tender: Tender) -> list[str]:
    """Everything that stops a tender being published, in plain words."""
    problems = list(award.model_problems(model_of(tender)))
    scores = set(tender.scale.values_list("score", flat=True))
    if scores != set(range(tender.max_score + 1)):
        problems.append(
            _("Every score from 0 to %(max)s needs a description.") % {"max": tender.max_score}
        )
    if tender.submission_deadline <= timezone.now():
        problems.append(_("The deadline for bids has already passed. Choose a later one."))
    if (
        not tender.evaluators.filter(part=Evaluator.Part.QUALITY).exists()
        and tender.questions.filter(set_by=SetBy.COMMISSIONER).exists()
    ):
        problems.append(_("Add at least one quality evaluator to the team."))
    if tender.panel_stake and not tender.evaluators.filter(part=Evaluator.Part.PANEL).exists():
        problems.append(_("Add at least one lived-experience panel member to the team."))
    return problems


@transaction.atomic
def tender_publish(tender: Tender, by: User) -> Tender:
    tender = _locked(tender)
    if tender.status != Tender.Status.DRAFT:
        raise ValidationError(_("This tender is already published."))
    problems = publish_problems(tender)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    tender.status = Tender.Status.PUBLISHED
    tender.published_at = now
    tender.model_version = 1
    tender.version += 1
    tender.save()
    ModelVersion.objects.create(
        tender=tender, number=1, snapshot=_snapshot(tender), created_by=by, created_at=now
    )
    _audit(by, "tender.publish", tender, tender.local_area, model_version=1)
    return tender


@transaction.atomic
def model_change(
    tender: Tender,
    by: User,
    version: int,
    *,
    reason: str,
    price_weight: Decimal,
    panel_stake: Decimal,
    price_formula: str,
    questions: Mapping[int, tuple[Decimal, int]],
) -> ModelVersion:
    """A new, announced version of a published tender's evaluation model."""
    tender = _locked(tender)
    if not tender.is_open_for_bids():
        raise ValidationError(_("The model can only change while the tender is open for bids."))
    if tender.version != version:
        raise StaleEdit
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Enter the reason for the change. Bidders will see it.")}
        )
    before = _snapshot(tender)
    tender.price_weight = price_weight
    tender.panel_stake = panel_stake
    tender.price_formula = price_formula
    question_rows = list(tender.questions.all())
    for q in question_rows:
        q.weight, q.minimum_score = questions[q.pk]
    tender.questions.bulk_update(question_rows, ["weight", "minimum_score"])
    problems = award.model_problems(model_of(tender, question_rows))
    if problems:
        raise ValidationError(problems)
    tender.model_version += 1
    tender.version += 1
    tender.save()
    now = timezone.now()
    after = _snapshot(tender)
    mv = ModelVersion.objects.create(
        tender=tender,
        number=tender.model_version,
        snapshot=after,
        reason=reason,
        created_by=by,
        created_at=now,
    )
    Announcement.objects.create(
        tender=tender,
        made_at=now,
        text=_("The evaluation model changed to version %(n)s. Reason: %(reason)s")
        % {"n": tender.model_version, "reason": reason},
    )
    _audit(
        by,
        "tender.model_change",
        tender,
        tender.local_area,
        model_version=tender.model_version,
        reason=reason,
        before=before,
        after=after,
    )
    return mv


# Bidders ------------------------------------------------------------------------


@transaction.atomic
def register(tender: Tender, by: User, organisation: Organisation) -> BidderRegistration:
    tender = _locked(tender)
    if not tender.is_open_for_bids():
        raise ValidationError(_("This tender is not open for bids."))
    reg, created = BidderRegistration.objects.get_or_create(
        tender=tender, organisation=organisation, defaults={"registered_by": by}
    )
    if created:
        _audit(by, "tender.register", reg, tender.local_area, organisation=organisation.pk)
    return reg


@transaction.atomic
def clarification_ask(
    tender: Tender, by: User, organisation: Organisation, question: str
) -> Clarification:
    tender = _locked(tender)
    if not tender.is_open_for_questions():
        raise ValidationError(_("The deadline for questions has passed."))
    c = Clarification.objects.create(tender=tender, asked_by=organisation, question=question)
    _audit(by, "tender.clarification_ask", c, tender.local_area)
    return c


@transaction.atomic
def clarification_answer(c: Clarification, by: User, answer: str) -> Clarification:
    c = Clarification.objects.select_for_update().get(pk=c.pk)
    c.answer = answer
    c.answered_at = timezone.now()
    c.save()
    _audit(by, "tender.clarification_answer", c, c.tender.local_area)
    return c


@transaction.atomic
def bid_save(
    tender: Tender,
    by: User,
    organisation: Organisation,
    *,
    version: int | None,
    price: Decimal | None,
    answers: Mapping[int, str],
    submit: bool,
) -> Bid:
    """Save a bid as a draft or submit it; either is refused once the deadline passes."""
    tender = _locked(tender)
    if not tender.is_open_for_bids():
        raise ValidationError(_("The deadline for bids has passed. Nothing can be changed now."))
    bid, created = Bid.objects.select_for_update().get_or_create(
        tender=tender, organisation=organisation
    )
    if not created and version is not None and bid.version != version:
        raise StaleEdit
    questions = list(tender.questions.all())
    # A submitted bid is only ever replaced by another complete one.
    submit = submit or bid.status == Bid.Status.SUBMITTED
    if submit:
        errors = {}
        if price is None:
            errors["price"] = _("Enter your total price.")
        for q in questions:
            if not answers.get(q.pk, "").strip():
                errors[f"answer_{q.pk}"] = _("Answer question %(n)s before you submit.") % {
                    "n": q.number
                }
        if errors:
            raise ValidationError(errors)
    bid.price = price
    existing = {a.question_id: a for a in bid.answers.all()}
    for q in questions:
        text = answers.get(q.pk, "")
        if q.pk in existing:
            if existing[q.pk].text != text:
                existing[q.pk].text = text
                existing[q.pk].save(update_fields=["text"])
        else:
            BidAnswer.objects.create(bid=bid, question=q, text=text)
    if submit:
        bid.status = Bid.Status.SUBMITTED
        bid.submitted_at = timezone.now()
        bid.revision += 1
    bid.version += 1
    bid.save()
    # The audit keeps the fact, never the sealed content.
    _audit(
        by,
        "bid.submit" if submit else "bid.save_draft",
        bid,
        tender.local_area,
        revision=bid.revision,
    )
    return bid


# Evaluation -----------------------------------------------------------------------


@transaction.atomic
def declare(
    evaluator: Evaluator, by: User, *, conflicted_with: Iterable[Organisation], details: str
) -> Evaluator:
    evaluator = Evaluator.objects.select_for_update().get(pk=evaluator.pk)
    if evaluator.declared_at is not None:
        raise ValidationError(_("You have already declared. A declaration cannot be changed."))
    conflicted = list(conflicted_with)
    if conflicted and not details.strip():
        raise ValidationError(
            {"details": _("Say what the conflict is, so the lead can record it.")}
        )
    # A bidder the person works for is a conflict, declared or not.
    own = Organisation.objects.filter(
        memberships__user=evaluator.user, bids__tender=evaluator.tender
    ).distinct()
    conflicted += [o for o in own if o not in conflicted]
    evaluator.declared_at = timezone.now()
    evaluator.conflict_details = details
    evaluator.save()
    evaluator.conflicted_with.set(conflicted)
    _audit(
        by,
        "tender.declaration",
        evaluator,
        evaluator.tender.local_area,
        conflicted_with=[o.pk for o in conflicted],
        details=details,
    )
    return evaluator


@transaction.atomic
def scores_save(
    evaluator: Evaluator, bid: Bid, by: User, scores: Mapping[int, tuple[int, str]]
) -> None:
    """An evaluator's own scores for one bid. Fixed once moderation of that score starts."""
    tender = _locked(bid.tender)
    agreed = set(ConsensusScore.objects.filter(bid=bid).values_list("question_id", flat=True))
    now = timezone.now()
    for question_id, (score, reason) in scores.items():
        if question_id in agreed:
            continue
        if not 0 <= score <= tender.max_score:
            raise ValidationError(_("Scores run from 0 to %(max)s.") % {"max": tender.max_score})
        if not reason.strip():
            raise ValidationError(_("Every score needs a reason."))
        Score.objects.update_or_create(
            bid=bid,
            question_id=question_id,
            evaluator=evaluator,
            defaults={"score": score, "reason": reason, "scored_at": now},
        )
    _audit(
        by,
        "tender.score",
        bid,
        tender.local_area,
        evaluator=evaluator.pk,
        scores={str(q): s for q, (s, _r) in scores.items()},
    )


def scores_awaited(bid: Bid, question: Question) -> tuple[int, int]:
    """How many evaluators still have to score this bid's answer, and how many should."""
    team = bid.tender.evaluators.prefetch_related("conflicted_with")
    expected = [
        e
        for e in team
        if e.scores_question(question)
        and all(o.pk != bid.organisation_id for o in e.conflicted_with.all())
    ]
    given = set(
        Score.objects.filter(bid=bid, question=question).values_list("evaluator_id", flat=True)
    )
    return sum(1 for e in expected if e.pk not in given), len(expected)


@transaction.atomic
def consensus_save(
    bid: Bid, question: Question, by: User, *, score: int, reason: str, version: int | None
) -> ConsensusScore:
    tender = _locked(bid.tender)
    if tender.status == Tender.Status.AWARDED or tender.summaries_issued_at:
        raise ValidationError(_("Scores are fixed once assessment summaries are issued."))
    if not 0 <= score <= tender.max_score:
        raise ValidationError(
            {"score": _("Choose a score from 0 to %(max)s.") % {"max": tender.max_score}}
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Enter the reason for the score. The bidder will see it.")}
        )
    if prices_unsealed(tender):
        raise ValidationError(
            _("Every score is agreed and prices are open, so the scores are fixed.")
        )
    waiting, expected = scores_awaited(bid, question)
    if not expected:
        raise ValidationError(
            _("No evaluator without a conflict of interest can score this answer.")
        )
    if waiting:
        raise ValidationError(
            _("Wait until every evaluator has scored this question alone (%(n)s still to score).")
            % {"n": waiting}
        )
    row = ConsensusScore.objects.select_for_update().filter(bid=bid, question=question).first()
    if row is None:
        row = ConsensusScore(bid=bid, question=question, version=0)
    elif version is None or row.version != version:
        raise StaleEdit
    before = None if row.pk is None else {"score": row.score, "reason": row.reason}
    row.score = score
    row.reason = reason
    row.agreed_by = by
    row.agreed_at = timezone.now()
    row.version += 1
    row.save()
    _audit(
        by,
        "tender.consensus",
        row,
        tender.local_area,
        bid=bid.pk,
        question=question.number,
        score=score,
        reason=reason,
        before=before,
    )
    return row


@transaction.atomic
def bid_exclude(bid: Bid, by: User, reason: str) -> Bid:
    tender = _locked(bid.tender)
    if tender.summaries_issued_at:
        raise ValidationError(_("Bids cannot be excluded once summaries are issued."))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter the reason. The bidder will be told it.")})
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    bid.excluded_reason = reason
    bid.save(update_fields=["excluded_reason"])
    _audit(by, "bid.exclude", bid, tender.local_area, reason=reason)
    return bid


@transaction.atomic
def abnormally_low_response(bid: Bid, by: User, response: str) -> Bid:
    tender = _locked(bid.tender)
    if tender.status == Tender.Status.AWARDED:
        raise ValidationError(_("The award is confirmed."))
    if not response.strip():
        raise ValidationError({"response": _("Enter what you did about the low price.")})
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    bid.abnormally_low_response = response
    bid.save(update_fields=["abnormally_low_response"])
    _audit(by, "bid.abnormally_low_response", bid, tender.local_area, response=response)
    return bid


def summary_content(evaluation: Evaluation, bid: Bid) -> dict:
    """The s.50 assessment summary for one bid, as plain values to keep."""
    result = evaluation.result
    assert result is not None
    mine = evaluation.result_for(bid)
    best = next((r for r in result.results if r.key == evaluation.winner_key), None)

    def criteria_of(r):
        rows = []
        for c in r.criteria:
            q = evaluation.question(c.key)
            consensus = evaluation.consensus[evaluation.bid(r.key).pk][q.pk]
            rows.append(
                {
                    "key": c.key,
                    "question": q.text,
                    "set_by": c.set_by,
                    "weight": str(c.weight),
                    "available": str(c.weight),
                    "score": c.score,
                    "max_score": c.max_score,
                    "minimum": c.minimum,
                    "weighted": str(c.weighted),
                    "reason": consensus.reason,
                }
            )
        return rows

    def block(r):
        return {
            "bidder": r.bidder,
            "status": r.status,
            "excluded_reason": r.excluded_reason,
            "failed": list(r.failed),
            "criteria": criteria_of(r),
            "quality_score": str(r.quality_score),
            "panel_score": str(r.panel_score),
            "price": str(r.price),
            "price_score": None if r.price_score is None else str(r.price_score),
            "price_working": r.price_working,
            "total": None if r.total is None else str(r.total),
            "rank": r.rank,
        }

    return {
        "tender": {"reference": evaluation.tender.reference, "title": evaluation.tender.title},
        "model_version": evaluation.tender.model_version,
        "price_weight": str(evaluation.model.price_weight),
        "quality_weight": str(
            Decimal("100") - evaluation.model.price_weight - evaluation.model.panel_stake
        ),
        "panel_stake": str(evaluation.model.panel_stake),
        "max_score": evaluation.model.max_score,
        "price_rule": result.price_rule,
        "tie_rule": result.tie_rule,
        "yours": block(mine),
        "most_advantageous": None if best is None or best.key == bid.key else block(best),
        "you_won": best is not None and best.key == bid.key,
        "tie_decision": evaluation.tender.tie_decision if evaluation.tender.tie_winner_id else "",
    }


def summaries_problems(evaluation: Evaluation) -> list[str]:
    problems = []
    if evaluation.missing:
        problems.append(
            _("%(n)s consensus scores are still to be agreed.") % {"n": evaluation.missing}
        )
    if evaluation.problems:
        problems.extend(evaluation.problems)
    for flagged in evaluation.unanswered_flags():
        problems.append(
            _("Record your response to the abnormally low price from %(bidder)s.")
            % {"bidder": flagged.organisation.name}
        )
    if evaluation.result is not None and evaluation.winner_key is None:
        if evaluation.result.tied_keys:
            problems.append(_("The tie rule could not separate the top bids. Record your choice."))
        else:
            problems.append(_("No bid reached every minimum score, so there is no winner."))
    return problems


@transaction.atomic
def summaries_issue(tender: Tender, by: User) -> int:
    """Issue every assessed bidder's summary at once, fixed from this moment."""
    tender = _locked(tender)
    if tender.summaries_issued_at:
        raise ValidationError(_("The summaries are already issued."))
    evaluation = Evaluation(tender)
    problems = summaries_problems(evaluation)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    for bid in evaluation.bids:
        AssessmentSummary.objects.create(
            bid=bid, content=summary_content(evaluation, bid), issued_at=now, issued_by=by
        )
    tender.summaries_issued_at = now
    tender.version += 1
    tender.save()
    _audit(by, "tender.summaries_issue", tender, tender.local_area, bids=len(evaluation.bids))
    return len(evaluation.bids)


@transaction.atomic
def tie_decide(tender: Tender, by: User, bid: Bid, reason: str) -> Tender:
    """The lead's choice between bids the stated tie rule could not separate."""
    tender = _locked(tender)
    if tender.summaries_issued_at:
        raise ValidationError(_("The summaries are issued, so the decision is fixed."))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why you chose this bid. Bidders will see it.")})
    evaluation = Evaluation(tender)
    result = evaluation.result
    if result is None or result.winner is not None or bid.key not in result.tied_keys:
        raise ValidationError({"bid": _("Choose one of the bids sharing first place.")})
    tender.tie_winner = bid
    tender.tie_decision = reason
    tender.version += 1
    tender.save()
    _audit(by, "tender.tie_decision", tender, tender.local_area, bid=bid.pk, reason=reason)
    return tender


def award_problems(evaluation: Evaluation) -> list[str]:
    problems = summaries_problems(evaluation)
    if not evaluation.tender.summaries_issued_at:
        problems.append(_("Issue an assessment summary to every bidder first."))
    return problems


@transaction.atomic
def award_confirm(tender: Tender, by: User, version: int) -> Tender:
    tender = _locked(tender)
    if tender.status == Tender.Status.AWARDED:
        raise ValidationError(_("The award is already confirmed."))
    if tender.version != version:
        raise StaleEdit
    evaluation = Evaluation(tender)
    problems = award_problems(evaluation)
    if problems:
        raise ValidationError(problems)
    assert evaluation.result is not None and evaluation.winner_key is not None
    tender.status = Tender.Status.AWARDED
    tender.awarded_at = timezone.now()
    tender.awarded_by = by
    tender.winning_bid = evaluation.bid(evaluation.winner_key)
    tender.award_record = evaluation.document()
    tender.version += 1
    tender.save()
    _audit(
        by,
        "tender.award",
        tender,
        tender.local_area,
        winner=tender.winning_bid.pk,
        ranking=[(r.key, r.rank, str(r.total)) for r in evaluation.result.results],
    )
    return tender
