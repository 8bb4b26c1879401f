"""SWEMWBS: the Short Warwick-Edinburgh Mental Wellbeing Scale. No Django here.

Seven statements, each answered from 1 (none of the time) to 5 (all of the
time). The raw score is their sum, 7 to 35. The raw score is then changed to
the "metric" score with the published conversion table, which makes equal
steps mean equal changes in wellbeing (a Rasch model), so that means and
changes can be compared across studies.

Source of the table: Stewart-Brown S, Tennant A, Tennant R, Platt S, Parkinson
J, Weich S. "Internal construct validity of the Warwick-Edinburgh Mental
Well-being Scale (WEMWBS): a Rasch analysis using data from the Scottish Health
Education Population Survey", Health and Quality of Life Outcomes 2009, 7:15;
the raw-to-metric table as Warwick Medical School publishes it in its SWEMWBS
scoring guidance. The scoring guidance pages found with the project's search
tool confirm that SWEMWBS is scored by summing the items and then converting
with this table, but did not show the figures; the figures below are the
published table as the task gave it, each one tested.

Licence: SWEMWBS is (c) NHS Health Scotland, University of Warwick and
University of Edinburgh. It is free to use, but users must register with
Warwick Medical School first.
"""

from collections.abc import Sequence
from decimal import Decimal

LICENCE = (
    "SWEMWBS is © NHS Health Scotland, University of Warwick and University of "
    "Edinburgh. It is free to use, with registration at Warwick Medical School."
)

ITEMS = (
    "I've been feeling optimistic about the future",
    "I've been feeling useful",
    "I've been feeling relaxed",
    "I've been dealing with problems well",
    "I've been thinking clearly",
    "I've been feeling close to other people",
    "I've been able to make up my own mind about things",
)

ANSWERS = (
    (1, "None of the time"),
    (2, "Rarely"),
    (3, "Some of the time"),
    (4, "Often"),
    (5, "All of the time"),
)

LOWEST_RAW = 7
HIGHEST_RAW = 35

# Raw score (sum of the 7 answers) -> metric score.
METRIC = {
    raw: Decimal(metric)
    for raw, metric in (
        (7, "7.00"),
        (8, "9.51"),
        (9, "11.25"),
        (10, "12.40"),
        (11, "13.33"),
        (12, "14.08"),
        (13, "14.75"),
        (14, "15.32"),
        (15, "15.84"),
        (16, "16.36"),
        (17, "16.88"),
        (18, "17.43"),
        (19, "17.98"),
        (20, "18.59"),
        (21, "19.25"),
        (22, "19.98"),
        (23, "20.73"),
        (24, "21.54"),
        (25, "22.35"),
        (26, "23.21"),
        (27, "24.11"),
        (28, "25.03"),
        (29, "26.02"),
        (30, "27.03"),
        (31, "28.13"),
        (32, "29.31"),
        (33, "30.70"),
        (34, "32.55"),
        (35, "35.00"),
    )
}


class BadAnswers(ValueError):
    """Answers that are not 7 whole numbers from 1 to 5. ``problems`` maps the
    item number (from 1) to what is wrong with it."""

    def __init__(self, problems: dict[int, str]):
        super().__init__("; ".join(f"item {k}: {v}" for k, v in problems.items()))
        self.problems = problems


def raw_score(answers: Sequence[int]) -> int:
    """The sum of the 7 answers, each 1 to 5: 7 to 35."""
    problems: dict[int, str] = {}
    if len(answers) != len(ITEMS):
        raise BadAnswers({0: f"there must be {len(ITEMS)} answers, not {len(answers)}"})
    for number, answer in enumerate(answers, start=1):
        if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= 5:
            problems[number] = "answer from 1 (none of the time) to 5 (all of the time)"
    if problems:
        raise BadAnswers(problems)
    return sum(answers)


def metric_score(raw: int) -> Decimal:
    """The published metric score for a raw score from 7 to 35."""
    if raw not in METRIC:
        raise ValueError(f"A SWEMWBS raw score is from 7 to 35, not {raw}.")
    return METRIC[raw]


def score(answers: Sequence[int]) -> tuple[int, Decimal]:
    """(raw, metric) for 7 answers."""
    raw = raw_score(answers)
    return raw, metric_score(raw)
