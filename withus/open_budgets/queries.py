"""What the open budget pages read: the area's years, lines and savings in 3 queries."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from withus.core.models import LocalArea
from withus.cycle.ladder import bar_step

from . import figures
from .models import BudgetLine, BudgetYear, Saving

SHARE_LABELS = {
    "people": gettext_lazy("People who use services"),
    "commissioners": gettext_lazy("Commissioners (the council and NHS)"),
    "community": gettext_lazy("The wider community"),
}


def _change_words(change: figures.Change | None, has_year_before: bool) -> str:
    """The change in words, so it never rests on a sign or a colour."""
    if not has_year_before:
        return _("No figures for the year before")
    if change is None:
        return _("New this year")
    if change.pounds == 0:
        return _("No change")
    amount = f"£{abs(change.pounds):,.2f}"
    if change.percent is None:
        return _("Up %(amount)s") % {"amount": amount}
    words = {"amount": amount, "percent": f"{abs(change.percent)}%"}
    if change.pounds > 0:
        return _("Up %(amount)s (%(percent)s more)") % words
    return _("Down %(amount)s (%(percent)s less)") % words


def _saving_view(saving: Saving) -> dict:
    amounts = figures.share_split(saving.amount, saving.percents)
    return {
        "saving": saving,
        "shares": [
            {
                "part": part,
                "label": SHARE_LABELS[part],
                "percent": getattr(saving, f"{part}_percent"),
                "amount": amount,
                "pays_for": getattr(saving, f"{part}_pays_for"),
            }
            for part, amount in zip(figures.SHARE_PARTS, amounts, strict=True)
        ],
    }


def open_budget(area: LocalArea, *, drafts: bool) -> list[dict]:
    """Each year shown, newest first, with its figures. Drafts only when asked."""
    years = BudgetYear.objects.filter(local_area=area)
    lines = BudgetLine.objects.filter(year__local_area=area)
    savings = Saving.objects.filter(year__local_area=area)
    if not drafts:
        years = years.filter(status=BudgetYear.Status.PUBLISHED)
        lines = lines.filter(year__status=BudgetYear.Status.PUBLISHED)
        savings = savings.filter(year__status=BudgetYear.Status.PUBLISHED)
    by_start = {y.start: y for y in years}
    lines_of: dict[int, list[BudgetLine]] = {start: [] for start in by_start}
    for line in lines.select_related("contract", "year").order_by("-spend", "service_key"):
        lines_of.setdefault(line.year.start, []).append(line)
    savings_of: dict[int, list[Saving]] = {}
    for saving in savings.select_related("year").order_by("id"):
        savings_of.setdefault(saving.year.start, []).append(saving)

    worked = figures.years(
        {
            start: [figures.Line(x.service, x.spend, x.people) for x in found]
            for start, found in lines_of.items()
            if start in by_start
        }
    )
    shown = []
    for year in worked:
        records = lines_of[year.start]
        top = max((int(x.spend * 100) for x in records), default=0)
        shown.append(
            {
                "year": by_start[year.start],
                "figures": year,
                "change_words": _change_words(year.change, year.has_year_before),
                "lines": [
                    {
                        "record": record,
                        "figures": fig,
                        "change_words": _change_words(fig.change, year.has_year_before),
                        "bar": bar_step(int(record.spend * 100), top),
                    }
                    for record, fig in zip(records, year.lines, strict=True)
                ],
                "savings": [_saving_view(s) for s in savings_of.get(year.start, [])],
            }
        )
    return shown


def manage_year(area: LocalArea, asked: str | None) -> dict:
    """The keeper's page: every year for the chooser, and one year's lines and
    savings (the newest unless another is asked for), in 3 queries.

    ``asked`` is the ``?year=`` as typed. A year the area has not recorded is
    not an error: the newest year is shown, with ``unknown`` saying what was
    asked for, so the page can say so.
    """
    years = list(BudgetYear.objects.filter(local_area=area).order_by("-start"))
    by_start = {y.start: y for y in years}
    chosen = years[0] if years else None
    unknown = ""
    if asked is not None and asked.strip():
        try:
            start = figures.parse_year(asked)
        except figures.FigureProblem:
            start = None
        if start in by_start:
            chosen = by_start[start]
        else:
            unknown = asked.strip()[:20]
    shown = None
    if chosen is not None:
        records = list(
            BudgetLine.objects.filter(year=chosen)
            .select_related("contract")
            .order_by("-spend", "service_key")
        )
        for line in records:
            line.year = chosen  # already loaded: saves a join per line
        savings = list(Saving.objects.filter(year=chosen).order_by("id"))
        for saving in savings:
            saving.year = chosen
        # Only this year's lines are read, so there is no change from the year
        # before here: the keeper's page does not show it (the public page does).
        (year_figures,) = figures.years(
            {chosen.start: [figures.Line(x.service, x.spend, x.people) for x in records]}
        )
        shown = {
            "year": chosen,
            "figures": year_figures,
            "lines": [
                {"record": record, "figures": fig}
                for record, fig in zip(records, year_figures.lines, strict=True)
            ],
            "savings": [_saving_view(s) for s in savings],
        }
    return {"years": years, "shown": shown, "unknown": unknown}


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _change_json(change: figures.Change | None) -> dict | None:
    if change is None:
        return None
    return {
        "pounds": _money(change.pounds),
        "percent": None if change.percent is None else f"{change.percent:.1f}",
    }


def as_json(area: LocalArea, shown: list[dict]) -> dict:
    """The published open budget as data. The shape is stable: see ``JSON_SHAPE``."""
    return {
        "area": {"name": area.name, "slug": area.slug},
        "currency": "GBP",
        "rounding": ROUNDING_WORDS,
        "years": [
            {
                "year": y["figures"].label,
                "starts": f"{y['year'].start}-04-01",
                "ends": f"{y['year'].start + 1}-03-31",
                "total": _money(y["figures"].total),
                "change_from_year_before": _change_json(y["figures"].change),
                "services": [
                    {
                        "service": line["record"].service,
                        "contract": (
                            {
                                "reference": line["record"].contract.reference,
                                "title": line["record"].contract.title,
                            }
                            if line["record"].contract
                            else None
                        ),
                        "spend": _money(line["record"].spend),
                        "people_supported": line["record"].people,
                        "cost_per_person": _money(line["figures"].unit_cost),
                        "change_from_year_before": _change_json(line["figures"].change),
                    }
                    for line in y["lines"]
                ],
                "savings": [
                    {
                        "what": s["saving"].what,
                        "amount": _money(s["saving"].amount),
                        "shares": [
                            {
                                "who": share["part"],
                                "label": str(share["label"]),
                                "percent": _money(share["percent"]),
                                "amount": _money(share["amount"]),
                                "pays_for": share["pays_for"],
                            }
                            for share in s["shares"]
                        ],
                    }
                    for s in y["savings"]
                ],
            }
            for y in shown
        ],
    }


ROUNDING_WORDS = (
    'Money is in pounds and pence, written as text like "12345.67". '
    "Cost per person is spend divided by people supported, to the penny, with halves "
    "rounded up; it is null when the number of people is not known or 0. Change from the "
    "year before is in pounds, and as a percentage of the year before to 1 decimal place "
    "(halves rounded away from zero); the percentage is null when the year before was £0. "
    "Shared savings are split in whole pence: each share is rounded down, then any pennies "
    "left go one each to the shares that lost most by rounding (the first listed on a tie), "
    "so the shares always add up to the saving."
)

# Documented shape of the JSON download (also shown on the page for developers).
JSON_SHAPE = """{
  "area": {"name": string, "slug": string},
  "currency": "GBP",
  "rounding": string,
  "years": [  // published years only, newest first
    {
      "year": "2025 to 2026", "starts": "2025-04-01", "ends": "2026-03-31",
      "total": "1234567.89",
      "change_from_year_before": {"pounds": "-1200.00", "percent": "-3.5" | null} | null,
      "services": [
        {"service": string,
         "contract": {"reference": string, "title": string} | null,
         "spend": "12345.67", "people_supported": integer | null,
         "cost_per_person": "123.46" | null,
         "change_from_year_before": {"pounds": string, "percent": string | null} | null}
      ],
      "savings": [
        {"what": string, "amount": "180000.00",
         "shares": [{"who": "people" | "commissioners" | "community", "label": string,
                     "percent": "40.00", "amount": "72000.00", "pays_for": string}]}
      ]
    }
  ]
}"""
