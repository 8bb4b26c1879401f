"""The thread read from the links made when the work happened, in a fixed number of queries.

Nothing here matches text: a statement is in a theme because someone grouped it
there, a requirement answers a priority because its author linked them, a KPI
measures a question because the contract says so. Remove a link and it is gone
from the thread.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from withus.contracts import kpi as kpi_rules
from withus.contracts.models import KPI, Contract, MonitoringReturn
from withus.core.models import LocalArea
from withus.insight.models import Priority, Statement, Theme
from withus.stories.models import Story
from withus.tendering.models import BidAnswer, ConsensusScore, Question, Requirement, Tender

from . import stops

QUOTES = 5
OPEN_TENDERS = (Tender.Status.PUBLISHED, Tender.Status.AWARDED)


@dataclass
class KpiNode:
    kpi: KPI
    latest: Any = None  # the latest MonitoringReturn
    status: str = ""  # green, amber or red for the latest
    reported: int = 0
    silent: bool = False


@dataclass
class QuestionNode:
    question: Question
    answer: BidAnswer | None = None
    score: int | None = None
    kpis: list[KpiNode] = field(default_factory=list)


@dataclass
class RequirementNode:
    requirement: Requirement
    questions: list[QuestionNode] = field(default_factory=list)
    kpis: list[KpiNode] = field(default_factory=list)
    stop: stops.Stop | None = None


@dataclass
class PriorityThread:
    priority: Priority
    statements: int = 0
    dots: int = 0
    quotes: list[str] = field(default_factory=list)
    requirements: list[RequirementNode] = field(default_factory=list)
    kpis: list[KpiNode] = field(default_factory=list)  # measuring the priority directly
    contracts: list[Contract] = field(default_factory=list)
    stop: stops.Stop | None = None
    kpis_stop: stops.Stop | None = None  # how far the KPIs measuring it directly got


def _number(value) -> str:
    """A Decimal as people write it: 90.0000 -> "90", 7.50 -> "7.5" (never "9E+1")."""
    return f"{value.normalize():f}"


def _measures_priority_directly(k: KPI) -> bool:
    """A KPI's priority link is its own only when it measures no requirement.

    ``kpi_add`` copies a requirement's first priority into ``KPI.priority``; for a KPI
    with a requirement that copy is not a link anyone made, so the thread reaches the
    priority through the requirement or not at all (remove the requirement's link to
    the priority and the KPI leaves the priority's thread with it).
    """
    return k.priority_id is not None and k.requirement_id is None


def _theme_figures(theme_ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    statements = dict(
        Theme.objects.filter(pk__in=theme_ids)
        .annotate(n=Count("statements"))
        .values_list("pk", "n")
    )
    dots = dict(
        Theme.objects.filter(pk__in=theme_ids).annotate(n=Sum("votes__dots")).values_list("pk", "n")
    )
    return statements, {k: v or 0 for k, v in dots.items()}


def _kpi_nodes(kpis: list[KPI], today: date) -> dict[int, KpiNode]:
    latest: dict[int, MonitoringReturn] = {}
    periods: dict[int, set[date]] = defaultdict(set)
    for r in (
        MonitoringReturn.objects.filter(kpi__in=[k.pk for k in kpis])
        .only("id", "kpi_id", "period", "value")
        .order_by("period")
    ):
        latest[r.kpi_id] = r
        periods[r.kpi_id].add(r.period)
    # Contracts share terms and frequencies: work out each set of due periods once.
    due_for: dict[tuple[date, date, str], list[date]] = {}
    nodes = {}
    for k in kpis:
        mine = periods[k.pk]
        last = latest.get(k.pk)
        node = KpiNode(kpi=k, latest=last, reported=len(mine))
        if last is not None:
            node.status = kpi_rules.rag(last.value, k.target, k.direction, k.amber_margin)
        if k.source != KPI.Source.USERS:
            key = (k.contract.start_date, k.contract.end_date, k.frequency)
            if key not in due_for:
                due_for[key] = kpi_rules.periods_due(*key[:2], today, k.frequency)
            node.silent = stops.silent(due_for[key], mine)
        nodes[k.pk] = node
    return nodes


def _branch(*, questions: int, awarded: int, measured: list[KpiNode]) -> stops.Branch:
    return stops.Branch(
        questions=questions,
        awarded=awarded,
        kpis=len(measured),
        silent_kpis=sum(1 for k in measured if k.silent),
        reporting=sum(1 for k in measured if k.reported),
    )


def threads(priorities: list[Priority], *, quotes: bool = True, today=None) -> list[PriorityThread]:
    """Each priority's thread, in 9 queries however many priorities and links there are."""
    today = today or timezone.localdate()
    ids = [p.pk for p in priorities]
    statements, dots = _theme_figures([p.theme_id for p in priorities])
    said: dict[int, list[str]] = defaultdict(list)
    if quotes:
        # Only statements checked as fit to be public, and never who said them.
        for theme_id, text in (
            Statement.objects.filter(theme__priority__in=ids, public=True)
            .order_by("id")
            .values_list("theme_id", "text")
        ):
            if len(said[theme_id]) < QUOTES:
                said[theme_id].append(text)
    links = list(
        Requirement.priorities.through.objects.filter(priority_id__in=ids).select_related(
            "requirement__specification"
        )
    )
    requirement_ids = {link.requirement_id for link in links}
    questions = list(
        Question.objects.filter(
            requirement_id__in=requirement_ids, tender__status__in=OPEN_TENDERS
        ).select_related("tender")
    )
    question_ids = [q.pk for q in questions]
    awarded = [q for q in questions if q.tender.status == Tender.Status.AWARDED]
    winning = {q.pk: q.tender.winning_bid_id for q in awarded}
    answers = {
        a.question_id: a
        for a in BidAnswer.objects.filter(
            question_id__in=list(winning), bid_id__in=set(winning.values())
        ).select_related("bid__organisation")
        if winning.get(a.question_id) == a.bid_id
    }
    scores = {
        c.question_id: c.score
        for c in ConsensusScore.objects.filter(
            question_id__in=list(winning), bid_id__in=set(winning.values())
        )
        if winning.get(c.question_id) == c.bid_id
    }
    kpis = list(
        KPI.objects.filter(
            Q(priority_id__in=ids, requirement_id__isnull=True)
            | Q(requirement_id__in=requirement_ids)
            | Q(question_id__in=question_ids)
        ).select_related("contract")
    )
    kpi_nodes = _kpi_nodes(kpis, today)

    question_nodes: dict[int, list[QuestionNode]] = defaultdict(list)
    by_question: dict[int, QuestionNode] = {}
    for q in questions:
        node = QuestionNode(q, answer=answers.get(q.pk), score=scores.get(q.pk))
        question_nodes[q.requirement_id].append(node)
        by_question[q.pk] = node
    placed: set[int] = set()
    for k in kpis:
        if k.question_id in by_question:
            by_question[k.question_id].kpis.append(kpi_nodes[k.pk])
            placed.add(k.pk)

    # Grouped once, so each priority looks up its own links instead of searching all.
    links_of: dict[int, list] = defaultdict(list)
    for link in links:
        links_of[link.priority_id].append(link)
    kpis_of_requirement: dict[int, list[KpiNode]] = defaultdict(list)
    kpis_of_priority: dict[int, list[KPI]] = defaultdict(list)
    for k in kpis:
        if k.requirement_id and k.pk not in placed:
            kpis_of_requirement[k.requirement_id].append(kpi_nodes[k.pk])
        if _measures_priority_directly(k):
            kpis_of_priority[k.priority_id].append(k)

    result = []
    for p in priorities:
        thread = PriorityThread(
            priority=p,
            statements=statements.get(p.theme_id, 0),
            dots=dots.get(p.theme_id, 0),
            quotes=said.get(p.theme_id, []),
        )
        branches = []
        for link in links_of[p.pk]:
            node = RequirementNode(link.requirement, questions=question_nodes[link.requirement_id])
            node.kpis = list(kpis_of_requirement[link.requirement_id])
            measured = node.kpis + [k for qn in node.questions for k in qn.kpis]
            branch = _branch(
                questions=len(node.questions),
                awarded=sum(1 for qn in node.questions if qn.question.tender.status == "awarded"),
                measured=measured,
            )
            node.stop = stops.branch_stop(branch)
            branches.append(branch)
            thread.requirements.append(node)
        in_branches = {
            n.kpi.pk
            for r in thread.requirements
            for n in r.kpis + [k for q in r.questions for k in q.kpis]
        }
        thread.kpis = [kpi_nodes[k.pk] for k in kpis_of_priority[p.pk] if k.pk not in in_branches]
        if thread.kpis:
            # Measured straight from the priority, in a contract: past tendering.
            direct = _branch(questions=1, awarded=1, measured=thread.kpis)
            thread.kpis_stop = stops.branch_stop(direct)
            branches.append(direct)
        thread.stop = stops.thread_stop(branches)
        result.append(thread)
    return result


def priorities_of_area(area: LocalArea):
    return (
        Priority.objects.filter(exercise__local_area=area)
        .select_related("theme", "exercise")
        .order_by("exercise__created_at", "exercise_id", "rank", "id")
    )


@dataclass
class Start:
    """Where someone began following the thread, and the priorities it leads to."""

    kind: str
    label: str
    area: LocalArea
    priority_ids: list[int]
    gap: str = ""  # when the start leads to no priority, why


def _priorities_of_requirements(requirement_ids) -> list[int]:
    return list(
        Requirement.priorities.through.objects.filter(requirement_id__in=requirement_ids)
        .values_list("priority_id", flat=True)
        .distinct()
    )


def _kpi_priorities(kpis) -> list[int]:
    found: set[int] = set()
    requirement_ids = set()
    for k in kpis:
        if _measures_priority_directly(k):
            found.add(k.priority_id)
        if k.requirement_id:
            requirement_ids.add(k.requirement_id)
        if k.question_id and k.question.requirement_id:
            requirement_ids.add(k.question.requirement_id)
    return sorted(found | set(_priorities_of_requirements(requirement_ids)))


NO_PRIORITY = {
    "statement": "What this person said has not been grouped into a theme that became a priority.",
    "requirement": "This requirement is not linked to any priority from what people said.",
    "question": "This question's requirement is not linked to any priority.",
    "kpi": "This KPI is not linked to a priority, a requirement or a tender question.",
    "story": "The service in this story has no contract with a KPI linked to a priority.",
}


def start(kind: str, pk: int) -> Start:
    """The priorities a record leads to, from any point of the thread (404 if none such)."""
    try:
        if kind == "statement":
            s = Statement.objects.select_related("exercise__local_area", "theme").get(
                pk=pk, public=True
            )
            ids = list(Priority.objects.filter(theme_id=s.theme_id).values_list("pk", flat=True))
            return Start(kind, "A statement", s.exercise.local_area, ids)
        if kind == "theme":
            t = Theme.objects.select_related("exercise__local_area").get(pk=pk)
            ids = list(Priority.objects.filter(theme=t).values_list("pk", flat=True))
            return Start(kind, f"Theme: {t.name}", t.exercise.local_area, ids)
        if kind == "priority":
            p = Priority.objects.select_related("exercise__local_area", "theme").get(pk=pk)
            return Start(kind, f"Priority: {p.theme.name}", p.exercise.local_area, [p.pk])
        if kind == "requirement":
            r = Requirement.objects.select_related("specification__project__local_area").get(pk=pk)
            ids = _priorities_of_requirements([r.pk])
            label = f"Requirement {r.number} of {r.specification.title}"
            return Start(kind, label, r.specification.project.local_area, ids)
        if kind == "question":
            q = Question.objects.select_related("tender__local_area").get(
                pk=pk, tender__status__in=OPEN_TENDERS
            )
            ids = _priorities_of_requirements([q.requirement_id] if q.requirement_id else [])
            label = f"Question {q.number} of tender {q.tender.reference}"
            return Start(kind, label, q.tender.local_area, ids)
        if kind == "answer":
            a = BidAnswer.objects.select_related("question__tender__local_area").get(
                pk=pk, question__tender__status=Tender.Status.AWARDED
            )
            if a.question.tender.winning_bid_id != a.bid_id:
                raise Http404
            q = a.question
            ids = _priorities_of_requirements([q.requirement_id] if q.requirement_id else [])
            label = f"The winning answer to question {q.number} of {q.tender.reference}"
            return Start(kind, label, q.tender.local_area, ids)
        if kind in ("kpi", "result"):
            if kind == "result":
                pk = MonitoringReturn.objects.values_list("kpi_id", flat=True).get(pk=pk)
            k = KPI.objects.select_related("contract__local_area", "question").get(pk=pk)
            label = f"KPI {k.code} of contract {k.contract.reference}"
            return Start(kind, label, k.contract.local_area, _kpi_priorities([k]))
        if kind == "story":
            story = Story.objects.select_related("service__local_area").get(
                pk=pk, status=Story.Status.PUBLISHED
            )
            kpis = list(
                KPI.objects.filter(contract_id=story.service.contract_id).select_related("question")
                if story.service.contract_id
                else []
            )
            label = f"A story about {story.service.name}"
            return Start(kind, label, story.service.local_area, _kpi_priorities(kpis))
    except (
        Statement.DoesNotExist,
        Theme.DoesNotExist,
        Priority.DoesNotExist,
        Requirement.DoesNotExist,
        Question.DoesNotExist,
        BidAnswer.DoesNotExist,
        KPI.DoesNotExist,
        MonitoringReturn.DoesNotExist,
        Story.DoesNotExist,
    ):
        raise Http404 from None
    raise Http404


def thread_url(priority: Priority) -> str:
    return reverse("thread", args=["priority", priority.pk])


def as_document(area: LocalArea, found: list[PriorityThread]) -> dict[str, Any]:
    """The area's thread as one JSON document (the shape is in openapi.py)."""

    def kpi(n: KpiNode) -> dict[str, Any]:
        return {
            "id": n.kpi.pk,
            "code": n.kpi.code,
            "title": n.kpi.title,
            "contract": n.kpi.contract.reference,
            "target": _number(n.kpi.target),
            "unit": n.kpi.unit,
            "latest": None
            if n.latest is None
            else {
                "period": n.latest.period.isoformat(),
                "value": _number(n.latest.value),
                "status": n.status,
            },
            "silent_for_two_periods": n.silent,
        }

    return {
        "area": area.slug,
        "area_name": area.name,
        "generated_at": timezone.now().isoformat(),
        "priorities": [
            {
                "id": t.priority.pk,
                "title": t.priority.theme.name,
                "status": t.priority.status,
                "status_reason": t.priority.status_reason,
                "statements": t.statements,
                "votes": t.dots,
                "url": thread_url(t.priority),
                "stops_at": t.stop.at if t.stop else "",
                "stop_words": t.stop.words if t.stop else "",
                "requirements": [
                    {
                        "id": r.requirement.pk,
                        "number": r.requirement.number,
                        "text": r.requirement.text,
                        "specification": r.requirement.specification.title,
                        "stops_at": r.stop.at if r.stop else "",
                        "questions": [
                            {
                                "id": q.question.pk,
                                "tender": q.question.tender.reference,
                                "number": q.question.number,
                                "text": q.question.text,
                                "set_by": q.question.set_by,
                                "weight": _number(q.question.weight),
                                "awarded": q.question.tender.status == Tender.Status.AWARDED,
                                "winning_score": q.score,
                                "kpis": [kpi(k) for k in q.kpis],
                            }
                            for q in r.questions
                        ],
                        "kpis": [kpi(k) for k in r.kpis],
                    }
                    for r in t.requirements
                ],
                "kpis": [kpi(k) for k in t.kpis],
            }
            for t in found
        ],
    }


def csv_rows(found: list[PriorityThread]):
    """One row per link from a priority to the end of each branch."""
    yield [
        "priority",
        "status",
        "statements",
        "votes",
        "requirement",
        "tender question",
        "set by",
        "KPI",
        "latest result",
        "stops at",
    ]
    for t in found:
        base = [t.priority.theme.name, t.priority.status, t.statements, t.dots]
        stop = t.stop.words if t.stop else ""
        if not t.requirements and not t.kpis:
            yield [*base, "", "", "", "", "", stop]
        for r in t.requirements:
            ends = [(q, k) for q in r.questions for k in (q.kpis or [None])]
            ends += [(None, k) for k in r.kpis]
            ends = ends or [(None, None)]  # a requirement with nothing after it is one end
            for q, k in ends:
                yield [
                    *base,
                    f"R{r.requirement.number} {r.requirement.text}",
                    f"{q.question.tender.reference} Q{q.question.number}" if q else "",
                    q.question.get_set_by_display() if q else "",
                    f"{k.kpi.contract.reference} {k.kpi.code}" if k else "",
                    _result(k),
                    r.stop.words if r.stop else "",
                ]
        direct = t.kpis_stop.words if t.kpis_stop else stop
        for k in t.kpis:
            ref = f"{k.kpi.contract.reference} {k.kpi.code}"
            yield [*base, "", "", "", ref, _result(k), direct]


def _result(node: KpiNode | None) -> str:
    if node is None or node.latest is None:
        return ""
    return f"{_number(node.latest.value)} {node.kpi.unit} ({node.status})"
