"""A priority's honest public status, and when it is overdue for an update."""

from datetime import datetime, timedelta

OVERDUE_AFTER = timedelta(days=90)
# A priority that is done, or that cannot be done, needs no more updates.
FINAL = frozenset({"done", "not_possible"})
NEEDS_REASON = frozenset({"not_done", "not_possible"})


def is_overdue(status: str, last_updated: datetime, now: datetime) -> bool:
    """True when an open priority has had no update for more than 90 days."""
    return status not in FINAL and now - last_updated > OVERDUE_AFTER
