"""Time withus.insight.suggest.suggest_themes on 5,000 and 50,000 statements.

    .venv/bin/python benchmarks/bench_suggestions.py

No Django or database is needed. The statements are made by recombining the
hand-written ones in withus/insight/sample_statements.py (two halves of
statements on the same topic, with an opening and an ending picked at random)
from a fixed seed, so every run times the same input. 5,000 statements are timed
best of three; 50,000 once. The aim is under 5 seconds for 5,000.
"""

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from withus.insight.sample_statements import (  # noqa: E402
    HELD_OUT_STATEMENTS,
    SAMPLE_STATEMENTS,
)
from withus.insight.suggest import suggest_themes  # noqa: E402

SEED = 20240
TARGET_SECONDS = 5.0
OPENINGS = ("", "", "", "To be honest ", "For me ", "Sometimes ", "Most of all ", "Right now ")
ENDINGS = ("", "", "", " and that worries me", " and it matters", " most weeks", " for my son")


def make_statements(count: int, seed: int = SEED) -> list[tuple[int, str]]:
    """``count`` made-up statements with ids 1..count, the same for the same seed."""
    rng = random.Random(seed)
    by_topic: dict[str, list[list[str]]] = {}
    for label, text in SAMPLE_STATEMENTS + HELD_OUT_STATEMENTS:
        by_topic.setdefault(label, []).append(text.split())
    topics = sorted(by_topic)
    statements = []
    for statement_id in range(1, count + 1):
        first, second = rng.choices(by_topic[rng.choice(topics)], k=2)
        cut_first = rng.randint(1, max(1, len(first) - 1))
        cut_second = rng.randint(0, len(second) - 1)
        words = first[:cut_first] + second[cut_second:]
        text = rng.choice(OPENINGS) + " ".join(words) + rng.choice(ENDINGS)
        statements.append((statement_id, text))
    rng.shuffle(statements)
    return statements


def _time(statements: list[tuple[int, str]], repeats: int) -> tuple[float, int]:
    best = float("inf")
    themes = 0
    for _ in range(repeats):
        start = time.perf_counter()
        result = suggest_themes(statements)
        best = min(best, time.perf_counter() - start)
        themes = len(result)
    return best, themes


def main() -> int:
    rows = []
    for count, repeats in ((5_000, 3), (50_000, 1)):
        seconds, themes = _time(make_statements(count), repeats)
        rows.append((count, themes, seconds, "best of 3" if repeats == 3 else "one run"))
    print(f"{'statements':>10}  {'themes':>6}  {'seconds':>8}  timing")
    for count, themes, seconds, how in rows:
        print(f"{count:>10,}  {themes:>6}  {seconds:>8.2f}  {how}")
    five_thousand = rows[0][2]
    verdict = "under" if five_thousand < TARGET_SECONDS else "NOT under"
    print(f"5,000 statements: {five_thousand:.2f} s, {verdict} the {TARGET_SECONDS:.0f} s target")
    return 0 if five_thousand < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
