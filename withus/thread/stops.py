"""Where a thread stops short, in plain words. No Django here.

A thread runs: what people said → a priority → a requirement in a
specification → a question in a tender → the award → a contract KPI → its
monitoring results. A priority can have several requirements, each its own
branch. The thread has got as far as its furthest branch; it stops short when
even that branch has not reached a KPI that is reporting.

Rules
    - A branch with no question in a published tender stops at "question".
    - A branch whose tenders are not yet awarded stops at "award".
    - An awarded branch with no KPI stops at "kpi".
    - A branch whose KPIs have all missed their last two due returns stops at
      "silent": it is measured on paper but nobody is reporting.
    - A branch whose KPIs have no results yet, with none overdue, stops at
      "pending": honest, but not yet followed through to results.
    - A branch with a KPI that has reported is complete ("" as its stop).
    - With no branch at all, the thread stops at "requirement".
"""

from collections.abc import Sequence
from dataclasses import dataclass

# The furthest a branch can get, in order.
ORDER = ("requirement", "question", "award", "kpi", "silent", "pending", "")

WORDS = {
    "requirement": "This priority has no requirement in any specification.",
    "question": "This requirement was not asked about in a tender.",
    "award": "The tender that asks about this has not been awarded yet.",
    "kpi": "No contract KPI measures this yet.",
    "silent": "This KPI has had no monitoring return for two periods.",
    "pending": "A contract KPI measures this, but its first results are not due yet.",
    "": "The thread is complete: it reaches a contract KPI that is being reported on.",
}


@dataclass(frozen=True)
class Branch:
    """One requirement's way through tendering and the contract."""

    questions: int  # questions about it in published or awarded tenders
    awarded: int  # of those, in awarded tenders
    kpis: int  # KPIs that measure it (through its question, itself or its priority)
    silent_kpis: int  # of those, KPIs whose last two due periods have no return
    reporting: int | None = None  # of those, KPIs with a result; None: not counted, as all


@dataclass(frozen=True)
class Stop:
    at: str  # one of ORDER; "" when complete
    words: str

    @property
    def complete(self) -> bool:
        return self.at == ""


def branch_stop(branch: Branch) -> Stop:
    if branch.questions == 0:
        at = "question"
    elif branch.awarded == 0:
        at = "award"
    elif branch.kpis == 0:
        at = "kpi"
    elif branch.silent_kpis == branch.kpis:
        at = "silent"
    elif branch.reporting == 0:
        at = "pending"
    else:
        at = ""
    return Stop(at, WORDS[at])


def thread_stop(branches: Sequence[Branch]) -> Stop:
    """How far the furthest branch got."""
    if not branches:
        return Stop("requirement", WORDS["requirement"])
    furthest = max((branch_stop(b) for b in branches), key=lambda s: ORDER.index(s.at))
    return furthest


def silent(due: Sequence[object], reported: set[object]) -> bool:
    """The last two due periods both have no return (so one missing is not yet a gap)."""
    return len(due) >= 2 and due[-1] not in reported and due[-2] not in reported
