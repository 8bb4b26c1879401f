"""A pooling group's ledger: who put in what, who used what, and what is left.

Several personal budget holders each put part of their own budget into a pool
to buy something together. Each person's money stays their own: the pool is
only the sum of what each member still has in it. No Django here.

Money is a ``Decimal`` in pounds with two places (never a float); the
arithmetic is done in whole pence.

Rounding rule (how a shared cost is divided)
    Each member's exact share is the cost times their weight divided by the
    total weight (weight 1 each for an equal split, or the hours each member
    used). Everyone first gets their exact share rounded down to a whole
    penny. The pennies still left over are then handed out one each, first to
    the member whose share lost the most in rounding down, then the next, and
    so on. When two members lost the same amount, the lower member id goes
    first. So the shares always add up to the cost exactly, and nobody's share
    is ever a whole penny or more away from their exact share.

Ledger rules
    - Entries are applied in order, and their dates must never go backwards.
    - Only a member can contribute, be given hours, or leave; joining twice is
      an error. Someone who left may join again later.
    - A shared cost is split among the people in the group at that point.
    - A shared cost may not take anyone's balance below zero: it is refused as
      a whole with ``InsufficientFunds`` (the first such member by id).
    - When a member leaves, their whole balance goes back to their own budget.
    - So money is never lost: everything contributed is either still in the
      pool, spent on a shared cost, or returned to someone who left.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

MemberId = int | str  # usually a person's primary key; ids must sort against each other
Weight = int | Decimal

SPLIT_EQUAL = "equal"
SPLIT_HOURS = "hours"

RETURNED = "Returned to your own budget"


class InsufficientFunds(ValueError):
    """A shared cost would take a member's balance below zero."""

    def __init__(self, member: MemberId, needed: Decimal, available: Decimal, description: str):
        self.member, self.needed, self.available = member, needed, available
        super().__init__(
            f"Member {member} does not have enough left in the pool for {description!r}: "
            f"their share is £{needed} but they have £{available}."
        )


# --- money -------------------------------------------------------------------


def _pence(amount: Decimal, what: str) -> int:
    if not isinstance(amount, Decimal):
        raise TypeError(f"The {what} must be a Decimal, not {type(amount).__name__}.")
    if not amount.is_finite() or (amount * 100) % 1 != 0:
        raise ValueError(f"The {what} must be a whole number of pence, not £{amount}.")
    return int(amount * 100)


def _pounds(pence: int) -> Decimal:
    return Decimal(pence).scaleb(-2)


def _weight(value: Weight, member: MemberId) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"The weight for member {member} must be a whole number or a Decimal.")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"The weight for member {member} must be a number.")
    if value < 0:
        raise ValueError(f"The weight for member {member} cannot be negative.")
    return Fraction(value)


# --- splitting a cost --------------------------------------------------------


def _split_pence(pence: int, weights: Mapping[MemberId, Fraction]) -> dict[MemberId, int]:
    """Largest-remainder split of whole pence; weights are already checked."""
    total_weight = sum(weights.values())
    exact = {m: pence * w / total_weight for m, w in weights.items()}
    shares = {m: e.numerator // e.denominator for m, e in exact.items()}
    left_over = pence - sum(shares.values())
    by_remainder = sorted(exact, key=lambda m: (-(exact[m] - shares[m]), m))
    for member in by_remainder[:left_over]:
        shares[member] += 1
    return {m: shares[m] for m in sorted(shares)}


def split_cost(total: Decimal, weights: Mapping[MemberId, Weight]) -> dict[MemberId, Decimal]:
    """Divide ``total`` between members in proportion to ``weights``.

    Follows the rounding rule in the module docstring: the shares add up to
    ``total`` to the penny and each is within a penny of the exact share.
    Members with weight 0 get £0.00. The result is ordered by member id.
    """
    pence = _pence(total, "cost")
    if pence < 0:
        raise ValueError(
            f"A cost cannot be negative (£{total}); record money coming back as its own entry."
        )
    if not weights:
        raise ValueError("A cost cannot be split when there is nobody to share it.")
    checked = {m: _weight(w, m) for m, w in weights.items()}
    if not any(checked.values()):
        raise ValueError("A cost cannot be split when everyone's share is zero.")
    return {m: _pounds(p) for m, p in _split_pence(pence, checked).items()}


# --- ledger entries ----------------------------------------------------------


@dataclass(frozen=True)
class Join:
    member: MemberId
    on: date


@dataclass(frozen=True)
class Contribution:
    """Money a member puts into the pool from their own budget."""

    member: MemberId
    amount: Decimal
    on: date


@dataclass(frozen=True)
class SharedCost:
    """Something bought together, split among the members at that point.

    ``split`` is SPLIT_EQUAL, or SPLIT_HOURS with ``hours`` saying how many
    hours each member used (members left out used none).
    """

    description: str
    amount: Decimal
    on: date
    split: str = SPLIT_EQUAL
    hours: Mapping[MemberId, Weight] | None = None


@dataclass(frozen=True)
class Leave:
    """The member leaves; their remaining balance goes back to their own budget."""

    member: MemberId
    on: date


Entry = Join | Contribution | SharedCost | Leave


@dataclass(frozen=True)
class StatementLine:
    on: date
    description: str
    amount: Decimal  # money in is positive, money out negative
    balance: Decimal  # the member's balance after this line


@dataclass
class LedgerState:
    balances: dict[MemberId, Decimal] = field(default_factory=dict)  # current members only
    returned: dict[MemberId, Decimal] = field(default_factory=dict)  # total handed back on leaving
    statements: dict[MemberId, list[StatementLine]] = field(default_factory=dict)

    @property
    def members(self) -> set[MemberId]:
        return set(self.balances)

    @property
    def pool(self) -> Decimal:
        """The group's balance: the sum of the current members' balances."""
        return _pounds(sum(_pence(b, "balance") for b in self.balances.values()))


def unspent(state: LedgerState) -> Decimal:
    """Money still in the pool, not yet spent or returned."""
    return state.pool


def run(entries: Sequence[Entry]) -> LedgerState:
    """Apply the entries in order and return where everyone stands."""
    balances: dict[MemberId, int] = {}  # pence, current members only
    returned: dict[MemberId, int] = {}
    statements: dict[MemberId, list[StatementLine]] = {}
    previous: date | None = None

    def record(member: MemberId, on: date, description: str, pence: int) -> None:
        balances[member] += pence
        line = StatementLine(on, description, _pounds(pence), _pounds(balances[member]))
        statements.setdefault(member, []).append(line)

    def must_be_member(member: MemberId, on: date, doing: str) -> None:
        if member not in balances:
            raise ValueError(f"Member {member} is not in the group on {on}, so cannot {doing}.")

    for entry in entries:
        if previous is not None and entry.on < previous:
            raise ValueError(f"Entries must be in date order: {entry.on} comes after {previous}.")
        previous = entry.on

        match entry:
            case Join(member, on):
                if member in balances:
                    raise ValueError(f"Member {member} is already in the group on {on}.")
                balances[member] = 0
            case Contribution(member, amount, on):
                must_be_member(member, on, "put money in")
                pence = _pence(amount, "contribution")
                if pence <= 0:
                    raise ValueError(f"A contribution must be more than £0.00, not £{amount}.")
                record(member, on, "Paid in from your budget", pence)
            case SharedCost():
                for member, pence in _shares(entry, balances).items():
                    if pence:
                        record(member, entry.on, entry.description, -pence)
            case Leave(member, on):
                must_be_member(member, on, "leave")
                returned[member] = returned.get(member, 0) + balances[member]
                record(member, on, RETURNED, -balances[member])
                del balances[member]
            case _:
                raise TypeError(f"Not a ledger entry: {entry!r}")

    return LedgerState(
        balances={m: _pounds(p) for m, p in balances.items()},
        returned={m: _pounds(p) for m, p in returned.items()},
        statements=statements,
    )


def _shares(cost: SharedCost, balances: Mapping[MemberId, int]) -> dict[MemberId, int]:
    """Each current member's share of ``cost`` in pence, refused if anyone can't pay."""
    what, on = repr(cost.description), cost.on
    pence = _pence(cost.amount, "cost")
    if pence <= 0:
        raise ValueError(f"The cost of {what} must be more than £0.00, not £{cost.amount}.")
    if not balances:
        raise ValueError(f"Nobody is in the group on {on} to share the cost of {what}.")

    if cost.split == SPLIT_EQUAL:
        if cost.hours is not None:
            raise ValueError(f"Hours were given for {what}, but it is split equally.")
        weights = dict.fromkeys(balances, Fraction(1))
    elif cost.split == SPLIT_HOURS:
        hours = cost.hours or {}
        for member in sorted(hours):
            if member not in balances:
                raise ValueError(
                    f"Hours were given for member {member}, who is not in the group on {on}."
                )
        weights = {m: _weight(hours.get(m, 0), m) for m in balances}
        if not any(weights.values()):
            raise ValueError(f"No hours were recorded for {what}, so it cannot be split by hours.")
    else:
        raise ValueError(f"Unknown way to split {what}: {cost.split!r}.")

    shares = _split_pence(pence, weights)
    for member, share in shares.items():
        if share > balances[member]:
            raise InsufficientFunds(
                member, _pounds(share), _pounds(balances[member]), cost.description
            )
    return shares
