"""The money of an integrated pathway, to the penny. Plain Python, no Django.

A pathway has a tariff per person. It is split between its stages by their
shares; each stage's money is split between its providers by their shares; and
each provider's money is split into the part paid when a person starts the
pathway (upfront) and the part paid only when the stage's outcome is met.

Every split uses ``withus.core.split.split_pence``: work in whole pence, round
every part down, then give the pennies left over one at a time to the parts
that lost most by rounding down, and on a tie to the part listed first (so
between upfront and on-outcome, upfront). So at every level the parts add up
to exactly what was split.

The whole upfront money of every stage is due when a person starts the
pathway; a stage's on-outcome money is due when its outcome is met.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from withus.core.split import split_pence

HUNDRED = Decimal("100")


@dataclass(frozen=True)
class ProviderPlan:
    key: int  # the organisation's id
    name: str
    share: Decimal  # % of the stage


@dataclass(frozen=True)
class StagePlan:
    name: str
    share: Decimal  # % of the tariff
    on_outcome: Decimal  # % of each provider's part paid only when the outcome is met
    providers: Sequence[ProviderPlan]


@dataclass(frozen=True)
class ProviderSplit:
    key: int
    name: str
    share: Decimal
    total: int  # pence per person
    upfront: int
    on_outcome: int


@dataclass(frozen=True)
class StageSplit:
    name: str
    share: Decimal
    on_outcome_share: Decimal
    total: int
    providers: tuple[ProviderSplit, ...]

    @property
    def upfront(self) -> int:
        return sum(p.upfront for p in self.providers)

    @property
    def on_outcome(self) -> int:
        return sum(p.on_outcome for p in self.providers)


class TariffProblem(ValueError):
    def __init__(self, problems: Sequence[str]):
        super().__init__(" ".join(problems))
        self.problems = list(problems)


def percent_text(value: Decimal) -> str:
    """12.50 -> "12.5", 100.00 -> "100"."""
    text = f"{value.normalize():f}"
    return text


def _against_100(total: Decimal) -> str:
    gap = HUNDRED - total
    if gap > 0:
        return f"{percent_text(gap)}% short"
    return f"{percent_text(-gap)}% too much"


def tariff_pence(tariff: Decimal) -> int:
    """The tariff in pence, or a plain reason why it cannot be one."""
    try:
        if not tariff.is_finite():
            raise InvalidOperation
    except (AttributeError, InvalidOperation):
        raise TariffProblem(["The tariff must be an amount in pounds, like 4200.00."]) from None
    if tariff <= 0:
        raise TariffProblem(["The tariff must be more than £0."])
    pence = tariff * 100
    if pence != pence.to_integral_value():
        raise TariffProblem(["The tariff must be in whole pence, like 4200.50."])
    return int(pence)


def problems(tariff: Decimal, stages: Sequence[StagePlan]) -> list[str]:
    """Every reason the pathway cannot go live, in plain words; empty when it can."""
    found: list[str] = []
    try:
        tariff_pence(tariff)
    except TariffProblem as problem:
        found.extend(problem.problems)
    if not stages:
        found.append("Add at least one stage.")
        return found
    total = sum((s.share for s in stages), Decimal(0))
    if total != HUNDRED:
        found.append(
            f"The stages' shares of the tariff add up to {percent_text(total)}%. They must add "
            f"up to exactly 100%: they are {_against_100(total)}."
        )
    for number, stage in enumerate(stages, start=1):
        label = f"Stage {number}, {stage.name}"
        if stage.share <= 0:
            found.append(f"{label}: its share of the tariff must be more than 0%.")
        if not 0 <= stage.on_outcome <= HUNDRED:
            found.append(f"{label}: the part paid on the outcome must be from 0% to 100%.")
        if not stage.providers:
            found.append(f"{label}: add at least one provider.")
            continue
        if any(p.share <= 0 for p in stage.providers):
            found.append(f"{label}: every provider's share must be more than 0%.")
        given = sum((p.share for p in stage.providers), Decimal(0))
        if given != HUNDRED:
            found.append(
                f"{label}: the providers' shares add up to {percent_text(given)}%. They must add "
                f"up to exactly 100%: they are {_against_100(given)}."
            )
    return found


def split_tariff(tariff: Decimal, stages: Sequence[StagePlan]) -> list[StageSplit]:
    """Tariff -> stages -> providers -> (upfront, on outcome), in pence per person."""
    found = problems(tariff, stages)
    if found:
        raise TariffProblem(found)
    stage_pence = split_pence(tariff_pence(tariff), [s.share for s in stages])
    result = []
    for stage, pence in zip(stages, stage_pence, strict=True):
        provider_pence = split_pence(pence, [p.share for p in stage.providers])
        providers = []
        for plan, amount in zip(stage.providers, provider_pence, strict=True):
            # Upfront listed first, so it gets a tied penny.
            upfront, on_outcome = split_pence(
                amount, [HUNDRED - stage.on_outcome, stage.on_outcome]
            )
            providers.append(
                ProviderSplit(plan.key, plan.name, plan.share, amount, upfront, on_outcome)
            )
        result.append(
            StageSplit(stage.name, stage.share, stage.on_outcome, pence, tuple(providers))
        )
    return result


@dataclass(frozen=True)
class StatementLine:
    """What one provider is owed for one stage in a period."""

    stage: int  # index of the stage, from 0
    stage_name: str
    key: int
    name: str
    started: int  # people who started the pathway in the period
    upfront_each: int
    met: int  # outcomes of this stage met in the period
    on_outcome_each: int

    @property
    def upfront(self) -> int:
        return self.started * self.upfront_each

    @property
    def on_outcome(self) -> int:
        return self.met * self.on_outcome_each

    @property
    def total(self) -> int:
        return self.upfront + self.on_outcome


@dataclass(frozen=True)
class ProviderTotal:
    key: int
    name: str
    upfront: int
    on_outcome: int

    @property
    def total(self) -> int:
        return self.upfront + self.on_outcome


def statement(
    split: Sequence[StageSplit], started: int, met: Mapping[int, int]
) -> list[StatementLine]:
    """Lines for a period: ``started`` people started; ``met[i]`` outcomes of stage i met."""
    if started < 0 or any(n < 0 for n in met.values()):
        raise ValueError("Counts of people cannot be negative")
    return [
        StatementLine(
            stage=i,
            stage_name=stage.name,
            key=p.key,
            name=p.name,
            started=started,
            upfront_each=p.upfront,
            met=met.get(i, 0),
            on_outcome_each=p.on_outcome,
        )
        for i, stage in enumerate(split)
        for p in stage.providers
    ]


def provider_totals(lines: Sequence[StatementLine]) -> list[ProviderTotal]:
    """One total per provider, in the order each first appears."""
    upfront: dict[int, int] = {}
    on_outcome: dict[int, int] = {}
    names: dict[int, str] = {}
    for line in lines:
        names.setdefault(line.key, line.name)
        upfront[line.key] = upfront.get(line.key, 0) + line.upfront
        on_outcome[line.key] = on_outcome.get(line.key, 0) + line.on_outcome
    return [ProviderTotal(k, names[k], upfront[k], on_outcome[k]) for k in names]
