"""Counts of who took part, never a person's own details, in a fixed number of queries."""

from collections import Counter
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from withus.core.models import LocalArea, User

from . import compare
from .models import GROUPS, Category, EqualityProfile, PopulationShare

SINGLE = ("age_band", "gender", "ethnic_group", "disabled")


def window(today: date | None = None) -> tuple[date, date]:
    """The last 12 months, today included."""
    today = today or timezone.localdate()
    try:
        first = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        first = today.replace(year=today.year - 1, day=28)
    return first, today


def _took_part(area: LocalArea, first: date, last: date):
    return User.objects.filter(
        involvement_records__project__local_area=area,
        involvement_records__happened_on__range=(first, last),
    ).distinct()


# The answers "Yes" and "No" name nobody on their own: "Yes: 10% of participants".
_GROUP_WORDS = {
    ("disabled", "yes"): _("Disabled people"),
    ("disabled", "no"): _("People who are not disabled"),
}


def group_choices() -> dict[str, list[tuple[str, str]]]:
    return {
        str(c): [
            (str(v), str(_GROUP_WORDS.get((str(c), str(v)), label)))
            for v, label in GROUPS[c].choices
        ]
        for c in Category
    }


def representation(area: LocalArea, today: date | None = None) -> dict:
    first, last = window(today)
    people = _took_part(area, first, last)
    profiles = list(
        EqualityProfile.objects.filter(consent=True, user__in=people.values("pk")).values_list(
            *SINGLE, "experience"
        )
    )
    counts: Counter[tuple[str, str]] = Counter()
    answered: Counter[str] = Counter()
    for *single, experience in profiles:
        for category, group in zip(SINGLE, single, strict=True):
            if group:
                counts[(category, group)] += 1
                if group != compare.PREFER_NOT:
                    answered[category] += 1
        for group in set(experience):
            counts[("experience", group)] += 1
        if experience:
            answered["experience"] += 1
    population = {
        (c, g): p
        for c, g, p in PopulationShare.objects.filter(local_area=area).values_list(
            "category", "group", "percent"
        )
    }
    tables = compare.compare(
        counts,
        answered,
        population,
        group_choices(),
        {str(c): str(c.label) for c in Category},
    )
    return {
        "first": first,
        "last": last,
        "took_part": people.count(),
        # Ticking consent but answering nothing is not telling us about yourself.
        "gave_details": sum(1 for *single, experience in profiles if any(single) or experience),
        "tables": tables,
        "gaps": compare.biggest_gaps(tables),
        "has_population": bool(population),
    }
