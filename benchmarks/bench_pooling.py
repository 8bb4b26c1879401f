"""Time withus.pooling.matching.suggest_groups on 10,000 made-up people.

    .venv/bin/python benchmarks/bench_pooling.py

No Django or database is needed. From a fixed seed, every run makes the same
10,000 people: each has 1 to 5 of 30 interests (some far more popular than
others) and lives in one of 60 localities, NV1..NV60, laid out in a 6 x 10 grid
where each is next to the ones north, south, east and west of it. Timed best of
three. The aim is under 10 seconds (under 2 hoped for).
"""

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from withus.pooling.matching import Holder, suggest_groups  # noqa: E402

SEED = 20250
HOLDERS = 10_000
TARGET_SECONDS = 10.0
ROWS, COLUMNS = 6, 10
INTERESTS = (
    "swimming", "gardening", "music", "cooking", "football", "walking", "art", "cinema",
    "going to the pub", "gym", "reading", "knitting", "photography", "fishing", "board games",
    "dancing", "cycling", "bowling", "theatre", "yoga", "chess", "crafts", "bingo", "karaoke",
    "birdwatching", "volunteering", "computer games", "baking", "running", "pottery",
)  # fmt: skip


def make_localities() -> tuple[list[str], dict[str, frozenset[str]]]:
    """60 localities in a grid, each next to the ones beside it (not diagonally)."""
    name = {(r, c): f"NV{r * COLUMNS + c + 1}" for r in range(ROWS) for c in range(COLUMNS)}
    neighbours = {
        place: frozenset(
            name[(r + dr, c + dc)]
            for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))
            if (r + dr, c + dc) in name
        )
        for (r, c), place in name.items()
    }
    return list(name.values()), neighbours


def make_holders(count: int = HOLDERS, seed: int = SEED) -> list[Holder]:
    """``count`` people with ids 1..count, the same for the same seed."""
    rng = random.Random(seed)
    localities, _ = make_localities()
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(INTERESTS))]
    holders = []
    for holder_id in range(1, count + 1):
        wanted = rng.randint(1, 5)
        interests: set[str] = set()
        while len(interests) < wanted:
            interests.add(rng.choices(INTERESTS, weights)[0])
        holders.append(Holder(holder_id, frozenset(interests), rng.choice(localities)))
    rng.shuffle(holders)
    return holders


def main() -> int:
    holders = make_holders()
    _, neighbours = make_localities()
    best = float("inf")
    groups = []
    for _ in range(3):
        start = time.perf_counter()
        groups = suggest_groups(holders, neighbours=neighbours)
        best = min(best, time.perf_counter() - start)
    placed = sum(len(group.member_ids) for group in groups)
    print(f"{'holders':>8}  {'groups':>6}  {'placed':>6}  {'seconds':>7}")
    print(f"{len(holders):>8,}  {len(groups):>6,}  {placed:>6,}  {best:>7.2f}  (best of 3)")
    verdict = "under" if best < TARGET_SECONDS else "NOT under"
    print(f"{len(holders):,} holders: {best:.2f} s, {verdict} the {TARGET_SECONDS:.0f} s target")
    return 0 if best < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
