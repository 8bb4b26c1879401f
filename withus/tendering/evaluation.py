"""The bridge from the database to the award arithmetic in ``award.py``.

Each function reads what it needs in a fixed number of queries and hands plain
values to the pure module, so the award on the page, the export file and the
recompute command are the same calculation.
"""

from collections import defaultdict
from decimal import Decimal

from . import award, evaluation_file
from .models import Bid, ConsensusScore, Question, Tender


def model_of(tender: Tender, questions: list[Question] | None = None) -> award.Model:
    if questions is None:
        questions = list(tender.questions.all())
    return award.Model(
        price_weight=tender.price_weight,
        price_formula=tender.price_formula,
        panel_stake=tender.panel_stake,
        criteria=tuple(
            award.Criterion(
                key=q.key,
                title=q.text.splitlines()[0][:120] if q.text else q.key,
                weight=q.weight,
                set_by=q.set_by,
                minimum=q.minimum_score,
            )
            for q in questions
        ),
        max_score=tender.max_score,
        abnormally_low_percent=tender.abnormally_low_percent,
        estimated_cost=tender.estimated_value,
    )


def submitted_bids(tender: Tender) -> list[Bid]:
    return list(
        tender.bids.filter(status=Bid.Status.SUBMITTED)
        .select_related("organisation")
        .order_by("id")
    )


def consensus_by_bid(tender: Tender) -> dict[int, dict[int, ConsensusScore]]:
    found: dict[int, dict[int, ConsensusScore]] = defaultdict(dict)
    for row in ConsensusScore.objects.filter(bid__tender=tender).select_related("agreed_by"):
        found[row.bid_id][row.question_id] = row
    return found


def missing_consensus(
    bids: list[Bid], questions: list[Question], consensus: dict[int, dict[int, ConsensusScore]]
) -> int:
    """How many bid × question consensus scores are still to be agreed."""
    return sum(
        1
        for bid in bids
        if not bid.excluded_reason
        for q in questions
        if q.pk not in consensus.get(bid.pk, {})
    )


def prices_unsealed(tender: Tender) -> bool:
    """Prices open only once every quality question of every bid has a consensus score."""
    cached = tender.__dict__.get("_prices_unsealed")
    if cached is None:
        if not tender.bids_are_opened():
            cached = False
        else:
            bids = submitted_bids(tender)
            questions = list(tender.questions.all())
            cached = bool(bids) and not missing_consensus(bids, questions, consensus_by_bid(tender))
        tender.__dict__["_prices_unsealed"] = cached
    return cached


class Evaluation:
    """Everything the award page, summaries and export need, read once."""

    def __init__(self, tender: Tender):
        self.tender = tender
        self.questions = list(tender.questions.select_related("requirement"))
        self.bids = submitted_bids(tender)
        self.consensus = consensus_by_bid(tender)
        self.missing = missing_consensus(self.bids, self.questions, self.consensus)
        self.model = model_of(tender, self.questions)
        self.problems = award.model_problems(self.model)
        self.result: award.Award | None = None
        self.sensitivities: list[award.Sensitivity] = []
        if not self.missing and not self.problems and self.bids:
            entries = self.entries()
            try:
                self.result = award.compute_award(self.model, entries)
                self.sensitivities = award.robustness(self.model, entries)
            except award.AwardRefused as refused:
                self.problems = list(refused.problems)

    @property
    def complete(self) -> bool:
        return self.result is not None

    @property
    def winner_key(self) -> str | None:
        """The computed winner, or the lead's recorded choice between tied bids."""
        if self.result is None:
            return None
        if self.result.winner is not None:
            return self.result.winner
        chosen = self.tender.tie_winner_id
        if chosen is not None and f"bid-{chosen}" in self.result.tied_keys:
            return f"bid-{chosen}"
        return None

    def entries(self) -> list[award.BidEntry]:
        return [
            award.BidEntry(
                key=bid.key,
                bidder=bid.organisation.name,
                price=bid.price or Decimal("0"),
                scores={
                    q.key: self.consensus[bid.pk][q.pk].score
                    for q in self.questions
                    if q.pk in self.consensus.get(bid.pk, {})
                },
                excluded_reason=bid.excluded_reason,
            )
            for bid in self.bids
        ]

    def bid(self, key: str) -> Bid:
        return next(b for b in self.bids if b.key == key)

    def question(self, key: str) -> Question:
        return next(q for q in self.questions if q.key == key)

    def result_for(self, bid: Bid) -> "award.BidResult | None":
        if self.result is None:
            return None
        return next((r for r in self.result.results if r.key == bid.key), None)

    def flagged(self) -> list[Bid]:
        """Abnormally low bids, each needing the commissioner's recorded response."""
        if self.result is None:
            return []
        keys = {r.key for r in self.result.results if r.abnormally_low}
        return [b for b in self.bids if b.key in keys]

    def unanswered_flags(self) -> list[Bid]:
        return [
            b for b in self.flagged() if not b.abnormally_low_response and not b.excluded_reason
        ]

    def document(self) -> dict:
        """The export file: model, consensus scores, prices and the computed award."""
        assert self.result is not None
        return evaluation_file.dump(
            self.model,
            self.entries(),
            self.result,
            {
                "reference": self.tender.reference,
                "title": self.tender.title,
                "model_version": self.tender.model_version,
                # A tie the stated rule could not break, and how the lead broke it.
                "tie_decision": {
                    "winner": self.winner_key,
                    "reason": self.tender.tie_decision,
                }
                if self.result.winner is None and self.winner_key
                else None,
            },
        )
