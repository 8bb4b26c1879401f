"""Suggest themes for a set of short statements, for people to check and change.

In "Working Together for Change" people group statements such as "I can't get
help at weekends" into themes themselves. This module only *suggests* a first
grouping to start from. It has no Django imports, so it can be used and timed on
its own.

How it works:

1. Statements are sorted by id, so the order they come in never matters.
2. Each is split into lower-case words. English stop words and ``FILLER_WORDS``
   (words common in statements of every topic, such as "want" or "really") are
   dropped, and the rest are cut to a rough stem (``_stem``: "waiting" and
   "waited" both become "wait").
3. Two TF-IDF matrices are made, both with sublinear term frequency:

   - *words*: the stems and pairs of neighbouring stems;
   - *concepts*: for each stem found in ``CONCEPTS``, the concept it belongs to
     ("bus", "taxi" and "fares" all count as ``transport``). Short statements
     seldom share words even when they are about the same thing, so without
     this, bus and taxi statements land in different themes.

   Each matrix is scaled to unit length per statement, the two are put side by
   side with equal weight, and scaled again.
4. A statement left with no words at all (only stop words, or, in a large set,
   only words too rare to count) goes in no theme.
5. The vectors are reduced to at most ``_LSA_COMPONENTS`` dimensions with
   truncated SVD (latent semantic analysis), scaled to unit length, and grouped
   with k-means. Both steps use a fixed random state and a fixed number of
   starts, so the same statements always give the same themes.
6. A theme's words are the five strongest in the mean *words* vector of its
   statements, shown as the commonest form of each stem in the input; its name
   is the first three; its examples are the (up to) three statements closest to
   the middle of the theme.

Unless given, the number of themes is ``round(sqrt(n / 2))`` clamped to 2..12
(9 for 160 statements): never more than 12, which is about as many as a room of
people can work through.

How good is it? On the labelled statements in ``sample_statements.py`` (eight
topics) the adjusted Rand index against the labels is 0.49 on the 168 the word
lists were written alongside, and 0.29 on 48 held out, written after they were
fixed; without ``CONCEPTS`` it is 0.03 and 0.12. These are suggestions for people
to start from, not answers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

__all__ = ["CONCEPTS", "FILLER_WORDS", "SuggestedTheme", "default_theme_count", "suggest_themes"]

MIN_STATEMENTS = 4
MIN_THEMES = 2
MAX_THEMES = 12
WORDS_PER_THEME = 5
NAME_WORDS = 3
EXAMPLES_PER_THEME = 3
_LSA_COMPONENTS = 100
_RANDOM_STATE = 0
_N_INIT = 10

# Words in almost every statement, whatever it is about. "help" and "people" are
# kept: on the labelled sample, agreement with people's grouping (mean adjusted
# Rand index over eight random states) was 0.47 with them and 0.45-0.46 without.
FILLER_WORDS = frozenset(
    {
        "want",
        "wants",
        "need",
        "needs",
        "needed",
        "like",
        "really",
        "just",
        "get",
        "gets",
        "got",
        "getting",
        "would",
        "make",
        "makes",
        "made",
        "thing",
        "things",
        "lot",
        "way",
        # Left over from "can't", "don't", "I'd", "I've" and the like.
        "don",
        "doesn",
        "didn",
        "isn",
        "wasn",
        "won",
        "wouldn",
        "couldn",
        "ve",
        "ll",
        "re",
    }
)

# sklearn's list includes some words that do carry a topic in these statements.
_TOPIC_WORDS_IN_STOP_LIST = frozenset(
    {"alone", "bill", "call", "empty", "fill", "fire", "front", "full", "move", "name", "system"}
)
_STOP_WORDS = frozenset((ENGLISH_STOP_WORDS - _TOPIC_WORDS_IN_STOP_LIST) | FILLER_WORDS)

# Words that mean related things in statements about care and support. Written
# from general knowledge of these services, wider than the labelled sample's
# topics, and matched on stems, so "evenings" finds "evening".
CONCEPTS: dict[str, frozenset[str]] = {
    name: frozenset(words.split())
    for name, words in {
        "out of hours": (
            "weekend saturday sunday evening night overnight nighttime teatime late midnight"
            " holiday hours"
        ),
        "transport": (
            "bus coach taxi cab train station tram minibus lift driver drive car parking fare"
            " travel journey route transport ticket"
        ),
        "waiting": (
            "wait delay referral referred queue backlog overdue slow quick quickly fast month week"
        ),
        "peer support": "peer mentor buddy mutual forum share experience through others lived",
        "respect": (
            "staff worker nurse doctor receptionist listen respect dignity judge rude kind patient"
            " trust treat explain choice say ask decide professional"
        ),
        "housing": (
            "flat home house housing tenancy tenant landlord rent evicted eviction hostel"
            " accommodation homeless street damp mould repair bedroom bathroom adaptation"
            " neighbour live door"
        ),
        "money": (
            "money benefit pip universal credit dwp esa pension debt arrears bill afford cost"
            " cash budget pay payment allowance sanction skint loan income poverty broke charge"
            " grant"
        ),
        "activities": (
            "activity club class course college learn hobby sport football gym swimming walking"
            " garden gardening allotment art craft music choir sing volunteer leisure library"
            " social event lonely loneliness bored"
        ),
        "medication": "medication medicine meds tablet prescription script pharmacy methadone dose",
        "family": (
            "family carer mum dad son daughter sister brother children kids grandchildren partner"
            " wife husband"
        ),
        "information": "information leaflet website letter told know phone online email",
        "work": "job work employer employment career",
        "safety": "safe unsafe scared frightened afraid police crime",
        "food": "food meal eat cooking cook hungry",
    }.items()
}

_WORD = re.compile(r"[a-z]+")
_IRREGULAR = {"buses": "bus", "children": "child", "people": "person", "women": "woman"}
_KEEP_DOUBLE = frozenset("lsz")


def _stem(word: str) -> str:
    """A rough stem: enough that "waits", "waiting" and "waited" meet."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    stem = word
    if len(word) > 4 and word.endswith(("ies", "ied")):
        stem = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes")):
        stem = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        stem = word[:-1]
    else:
        for suffix in ("ing", "ed"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                stem = word[: -len(suffix)]
                # "stopped" -> "stopp" -> "stop", but "called" stays "call".
                if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in _KEEP_DOUBLE:
                    stem = stem[:-1]
                break
    if len(stem) > 3 and stem.endswith("e") and not stem.endswith("ee"):
        stem = stem[:-1]  # "live", "living" and "lived" all become "liv"
    return stem


_CONCEPT_OF_STEM: dict[str, tuple[str, ...]] = {}
for _concept, _concept_words in CONCEPTS.items():
    for _word in _concept_words:
        _key = _stem(_word)
        _CONCEPT_OF_STEM[_key] = tuple(sorted({*_CONCEPT_OF_STEM.get(_key, ()), _concept}))


@dataclass(frozen=True)
class SuggestedTheme:
    """One suggested group of statements."""

    key: str  # "s1", "s2", ... in output order
    name: str  # the first few words, e.g. "weekends, evenings, night"
    words: tuple[str, ...]  # characteristic words, strongest first
    statement_ids: tuple[int, ...]  # sorted
    examples: tuple[int, ...]  # up to 3 ids, closest to the middle of the theme first


def default_theme_count(n: int) -> int:
    """How many themes to suggest for ``n`` statements when not told."""
    return max(MIN_THEMES, min(MAX_THEMES, round(math.sqrt(n / 2))))


def _min_df(n: int) -> int:
    # In a small set every word counts; in a large one a word used only once or
    # twice cannot shape a theme, and only slows things down.
    if n < 1_000:
        return 1
    if n < 10_000:
        return 2
    return 3


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in _STOP_WORDS]


def _word_terms(words: list[str]) -> list[str]:
    stems = [_stem(w) for w in words]
    return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]


def _concept_terms(words: list[str]) -> list[str]:
    return [c for w in words for c in _CONCEPT_OF_STEM.get(_stem(w), ())]


def _identity(terms: list[str]) -> list[str]:
    return terms


def suggest_themes(
    statements: Sequence[tuple[int, str]], *, max_themes: int | None = None
) -> list[SuggestedTheme]:
    """Suggest themes for ``(id, text)`` statements.

    Returns themes ordered by size (largest first), then by smallest statement
    id. Statements with no usable words are in no theme. Fewer than four usable
    statements give no themes. If an id is given more than once, only the text
    that sorts first is used. ``max_themes`` caps the number of themes (it is
    also the number asked for, unless there are fewer different statements).
    """
    if max_themes is not None and max_themes < 1:
        raise ValueError("max_themes must be at least 1")

    by_id: dict[int, str] = {}
    for statement_id, text in sorted(statements, key=lambda s: (s[0], s[1])):
        by_id.setdefault(int(statement_id), text)
    if len(by_id) < MIN_STATEMENTS:
        return []
    ids = np.fromiter(by_id.keys(), dtype=np.int64, count=len(by_id))
    words = [_words(text) for text in by_id.values()]

    word_vectorizer = TfidfVectorizer(
        analyzer=_identity, sublinear_tf=True, min_df=_min_df(len(words))
    )
    try:
        word_matrix = word_vectorizer.fit_transform([_word_terms(w) for w in words])
    except ValueError:  # not one word left in any statement
        return []
    concept_terms = [_concept_terms(w) for w in words]
    if any(concept_terms):
        concept_matrix = TfidfVectorizer(analyzer=_identity, sublinear_tf=True).fit_transform(
            concept_terms
        )
        matrix = normalize(sparse.hstack([word_matrix, concept_matrix], format="csr"))
    else:
        matrix = sparse.csr_matrix(word_matrix)
    word_matrix = sparse.csr_matrix(word_matrix)

    usable = np.flatnonzero(matrix.getnnz(axis=1) > 0)
    if len(usable) < MIN_STATEMENTS:
        return []
    ids, matrix, word_matrix = ids[usable], matrix[usable], word_matrix[usable]
    words = [words[i] for i in usable]

    # One thread: faster here than several fighting over a small, busy machine
    # (and a web request should not take every core), and sums always add up in
    # the same order.
    with threadpool_limits(limits=1):
        points = _project(matrix)
        k = default_theme_count(len(ids)) if max_themes is None else max_themes
        # Never more themes than statements that differ.
        k = min(k, len(np.unique(np.round(points, 8), axis=0)))
        if k <= 1:
            labels = np.zeros(len(ids), dtype=np.int64)
        else:
            model = KMeans(n_clusters=k, n_init=_N_INIT, random_state=_RANDOM_STATE)
            labels = model.fit_predict(points)

    groups = [np.flatnonzero(labels == label) for label in np.unique(labels)]
    groups.sort(key=lambda members: (-len(members), int(ids[members].min())))

    surface = _surface_forms(words)
    vocabulary = word_vectorizer.get_feature_names_out()
    themes = []
    for number, members in enumerate(groups, start=1):
        theme_words = _top_words(word_matrix[members], vocabulary, surface)
        centre = points[members].mean(axis=0)
        closeness = np.round(points[members] @ centre, 9)
        order = np.lexsort((ids[members], -closeness))  # closest first; ties to the smaller id
        themes.append(
            SuggestedTheme(
                key=f"s{number}",
                name=", ".join(theme_words[:NAME_WORDS]),
                words=theme_words,
                statement_ids=tuple(sorted(int(i) for i in ids[members])),
                examples=tuple(int(i) for i in ids[members][order][:EXAMPLES_PER_THEME]),
            )
        )
    return themes


def _project(matrix: sparse.csr_matrix) -> np.ndarray:
    """Unit-length LSA coordinates for each row."""
    n_rows, n_columns = matrix.shape
    components = min(_LSA_COMPONENTS, n_rows - 1, n_columns - 1)
    if components < 2:
        dense: np.ndarray = normalize(matrix).toarray()
        return dense
    svd = TruncatedSVD(n_components=components, random_state=_RANDOM_STATE)
    with np.errstate(divide="ignore", invalid="ignore"):  # all rows alike: no variance
        reduced = svd.fit_transform(matrix)
    unit: np.ndarray = normalize(reduced)
    return unit


def _surface_forms(words: Iterable[list[str]]) -> dict[str, str]:
    """For each term (stem or pair of stems), the commonest words it came from.

    Ties go to the alphabetically first, so "waiting list" is shown as people
    wrote it rather than as "wait list".
    """
    counts: Counter[tuple[str, str]] = Counter()
    for statement in words:
        stems = [_stem(w) for w in statement]
        counts.update(zip(stems, statement, strict=True))
        counts.update(
            (f"{a} {b}", f"{x} {y}")
            for a, b, x, y in zip(stems, stems[1:], statement, statement[1:], strict=False)
        )
    best: dict[str, tuple[int, str]] = {}
    for (stem, word), count in counts.items():
        current = best.get(stem)
        if current is None or (-count, word) < (-current[0], current[1]):
            best[stem] = (count, word)
    return {stem: word for stem, (_, word) in best.items()}


def _top_words(
    rows: sparse.csr_matrix, vocabulary: np.ndarray, surface: dict[str, str]
) -> tuple[str, ...]:
    """The strongest terms in the mean of ``rows``, without saying a word twice.

    A pair of words counts only if at least two of the statements use it. A pair
    whose words are all shown already is skipped; otherwise it takes the place of
    the single words of it already shown ("bus" then "bus pass" gives "bus pass"),
    and a single word already shown in a pair is skipped.
    """
    weights = np.asarray(rows.mean(axis=0)).ravel()
    used_by = rows.getnnz(axis=0)
    is_pair = np.char.find(vocabulary.astype(str), " ") >= 0
    candidates = np.flatnonzero((weights > 0) & ((used_by >= 2) | ~is_pair))
    # Strongest first; ties in alphabetical order, so the result is stable.
    order = candidates[np.lexsort((vocabulary[candidates], -np.round(weights[candidates], 9)))]
    chosen: list[tuple[str, ...]] = []
    for index in order:
        term = tuple(str(vocabulary[index]).split(" "))
        shown = {stem for entry in chosen for stem in entry}
        if all(stem in shown for stem in term):
            continue
        replaced = [i for i, entry in enumerate(chosen) if len(entry) == 1 and entry[0] in term]
        if replaced:
            chosen[replaced[0]] = term
            chosen = [e for i, e in enumerate(chosen) if i not in replaced[1:]]
        else:
            chosen.append(term)
        if len(chosen) == WORDS_PER_THEME:
            break
    return tuple(surface.get(" ".join(entry), " ".join(entry)) for entry in chosen)
