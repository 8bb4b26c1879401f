"""Reads that commissioning pages share; each runs a fixed number of queries."""

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Prefetch, Q

from withus.core.models import LocalArea, User

from . import ladder
from .models import CommissioningProject, InvolvementRecord, StageMove

REAL_LEVELS = sorted(ladder.REAL_INVOLVEMENT)


@dataclass(frozen=True)
class ProjectRow:
    project: CommissioningProject
    stages_reached: int
    stages_with_real: int
    records: int

    @property
    def share(self) -> Fraction:
        return ladder.real_involvement_share(self.stages_reached, self.stages_with_real)

    @property
    def percent(self) -> int:
        return ladder.whole_percent(self.share)


def area_project_rows(area: LocalArea) -> list[ProjectRow]:
    """Every project in the area with how many of its stages reached co-design or higher."""
    projects = CommissioningProject.objects.filter(local_area=area).annotate(
        real_stages=Count(
            "involvement_records__stage",
            filter=Q(involvement_records__level__in=REAL_LEVELS),
            distinct=True,
        ),
        record_count=Count("involvement_records", distinct=True),
    )
    return [
        ProjectRow(
            project=p,
            stages_reached=p.furthest_stage_number,
            # A record can only be made at a stage already reached, so this
            # never exceeds stages_reached.
            stages_with_real=min(p.real_stages, p.furthest_stage_number),
            records=p.record_count,
        )
        for p in projects
    ]


def project_records(project: CommissioningProject) -> list[InvolvementRecord]:
    return list(
        project.involvement_records.select_related("recorded_by")
        .prefetch_related(Prefetch("participants", queryset=User.objects.order_by("username")))
        .order_by("happened_on", "id")
    )


def project_moves(project: CommissioningProject) -> list[StageMove]:
    return list(project.stage_moves.select_related("moved_by").order_by("-moved_at", "-id"))


def project_profile(
    project: CommissioningProject, records: list[InvolvementRecord]
) -> list[ladder.StageProfile]:
    facts = [
        ladder.InvolvementFact(
            stage=r.stage, level=r.level, people=r.people, hours=Fraction(r.hours_given)
        )
        for r in records
    ]
    return ladder.profile(project.furthest_stage, facts)


def involvement_of(user: User):
    """The records a person took part in, newest first, with their projects (a queryset to page)."""
    return (
        InvolvementRecord.objects.filter(participants=user)
        .select_related("project", "project__local_area")
        .order_by("-happened_on", "-id")
    )
