"""Dates in words as people write them. No Django here, so pure modules can share it."""

from datetime import date

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day_text(day: date) -> str:
    """A date as people write it: "1 June 2027" (no leading zero, whatever the locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
