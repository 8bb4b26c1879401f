"""An insight exercise's phases, and what each phase allows, as plain data.

Permission checks ask "does the current phase allow this?" instead of
comparing dates or phase names all over the code.
"""

PHASES: tuple[str, ...] = ("collecting", "grouping", "voting", "priorities", "closed")

ALLOWS: dict[str, frozenset[str]] = {
    "collecting": frozenset({"add_statement", "import_statements", "group"}),
    "grouping": frozenset({"group"}),
    "voting": frozenset({"vote"}),
    "priorities": frozenset({"set_priorities", "update_priority"}),
    # After the exercise closes, priorities still get honest status updates.
    "closed": frozenset({"update_priority"}),
}


def allows(phase: str, action: str) -> bool:
    return action in ALLOWS[phase]


def next_phase(phase: str) -> str | None:
    i = PHASES.index(phase)
    return PHASES[i + 1] if i + 1 < len(PHASES) else None
