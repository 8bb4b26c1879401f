"""The hash chain behind the audit log, with no Django in it.

Each entry's hash covers its own content and the previous entry's hash, so
changing or removing any entry breaks every hash after it.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(payload: Mapping[str, Any]) -> str:
    """The one text form of an entry's content that the hash is taken of."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str
    )


def entry_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(payload)).encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Break:
    entry_id: Any
    reason: str


def first_break(entries: Iterable[tuple[Any, str, str, Mapping[str, Any]]]) -> Break | None:
    """Walk (id, prev_hash, hash, payload) in order; return the first broken link."""
    expected_prev = GENESIS
    for entry_id, prev_hash, stored_hash, payload in entries:
        if prev_hash != expected_prev:
            return Break(entry_id, "its link to the entry before does not match")
        if entry_hash(prev_hash, payload) != stored_hash:
            return Break(entry_id, "its content does not match its hash")
        expected_prev = stored_hash
    return None
