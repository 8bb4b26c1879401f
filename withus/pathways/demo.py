"""Demo data for integrated pathways in Northvale."""


def load(area, people):
    """Called by manage.py demo after every other app's demo (safe to run again)."""
