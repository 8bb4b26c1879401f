"""The commissioning cycle's stages and the co-production ladder, as plain data.

No Django here: the rules about moving between stages and reading an
involvement profile can be tested alone.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

# The eight stages, in order (analyse -> plan -> do -> review).
STAGES: tuple[str, ...] = (
    "needs_assessment",
    "review_current_services",
    "priorities",
    "specification",
    "procurement",
    "award",
    "monitoring",
    "review_decommissioning",
)

# The ladder of co-production used in English social care, bottom to top.
LEVELS: tuple[str, ...] = (
    "coercion",
    "educating",
    "informing",
    "consultation",
    "engagement",
    "co_design",
    "co_production",
)

# The rungs that count as real shared power.
REAL_INVOLVEMENT = frozenset({"co_design", "co_production"})


def stage_number(stage: str) -> int:
    """1 for needs assessment through 8 for review / decommissioning."""
    return STAGES.index(stage) + 1


def level_number(level: str) -> int:
    """1 for coercion through 7 for co-production."""
    return LEVELS.index(level) + 1


def allowed_moves(current: str) -> list[str]:
    """Stages a project may move to: the next one, or back to any earlier one.

    From the last stage the next one is needs assessment: a new cycle starts.
    Skipping forward is not allowed, so no stage passes without a record.
    """
    i = STAGES.index(current)
    earlier = list(STAGES[:i])
    if i == len(STAGES) - 1:
        return [STAGES[0], *[s for s in earlier if s != STAGES[0]]]
    return [STAGES[i + 1], *earlier]


def is_backwards(current: str, target: str) -> bool:
    return STAGES.index(target) < STAGES.index(current)


@dataclass(frozen=True)
class StageProfile:
    stage: str
    reached: bool
    records: int
    highest_level: str | None
    people: int
    hours: Fraction

    @property
    def real(self) -> bool:
        return self.highest_level in REAL_INVOLVEMENT


@dataclass(frozen=True)
class InvolvementFact:
    """One involvement record, reduced to what the profile needs."""

    stage: str
    level: str
    people: int
    hours: Fraction


def profile(furthest_stage: str, facts: Iterable[InvolvementFact]) -> list[StageProfile]:
    """One row per stage: how many records, the highest rung, people and hours."""
    reached_up_to = STAGES.index(furthest_stage)
    by_stage: dict[str, list[InvolvementFact]] = {s: [] for s in STAGES}
    for fact in facts:
        by_stage[fact.stage].append(fact)
    rows = []
    for i, stage in enumerate(STAGES):
        items = by_stage[stage]
        highest = max((f.level for f in items), key=level_number, default=None)
        rows.append(
            StageProfile(
                stage=stage,
                reached=i <= reached_up_to,
                records=len(items),
                highest_level=highest,
                people=sum(f.people for f in items),
                hours=sum((f.hours for f in items), Fraction(0)),
            )
        )
    return rows


def real_involvement_share(stages_reached: int, stages_with_real: int) -> Fraction:
    """Share of the stages reached so far whose involvement got to co-design or higher."""
    if stages_reached <= 0:
        return Fraction(0)
    if not 0 <= stages_with_real <= stages_reached:
        raise ValueError("stages_with_real must be between 0 and stages_reached")
    return Fraction(stages_with_real, stages_reached)


def whole_percent(share: Fraction) -> int:
    """A share as a whole percentage, halves rounded up (2/3 -> 67, 1/8 -> 13)."""
    scaled = share * 100
    return int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))


def bar_step(value: int, maximum: int) -> int:
    """A bar's width as a percentage rounded to the nearest 5 (halves up), for CSS classes."""
    if maximum <= 0:
        return 0
    value = max(0, min(value, maximum))
    fifths = Fraction(value * 20, maximum)  # how many 5% steps
    return int(fifths + Fraction(1, 2)) * 5
