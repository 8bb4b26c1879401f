"""Writing and checking the audit log.

``audit_record`` must run inside the transaction of the change it records, so
the change and its entry are saved together or not at all.
"""

import json
from collections.abc import Iterator, Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .chain import GENESIS, Break, entry_hash, first_break
from .models import AuditChainHead, AuditEntry, LocalArea, User


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return {
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "local_area_id": entry.local_area_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "data": entry.data,
    }


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    local_area: LocalArea | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEntry:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the change's transaction.")
    # Locking the single head row makes concurrent appends queue up, so the
    # chain never forks.
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS}
    )
    actor_obj = actor if actor is not None and actor.is_authenticated else None
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=actor_obj,
        actor_label=str(actor_obj) if actor_obj else "",
        local_area=local_area,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        # A JSON round-trip, so the hash covers exactly what the database returns.
        data=json.loads(json.dumps(dict(data or {}), cls=DjangoJSONEncoder)),
        prev_hash=head.last_hash,
    )
    entry.hash = entry_hash(head.last_hash, _payload(entry))
    entry.save()
    head.last_hash = entry.hash
    head.save(update_fields=["last_hash"])
    return entry


def _rows() -> Iterator[tuple[Any, str, str, dict[str, Any]]]:
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        yield entry.pk, entry.prev_hash, entry.hash, _payload(entry)


def audit_verify() -> Break | None:
    """The first broken entry in the chain, or None when the chain is whole."""
    broken = first_break(_rows())
    if broken is not None:
        return broken
    head = AuditChainHead.objects.filter(pk=1).first()
    last = AuditEntry.objects.order_by("-id").first()
    if last is not None and (head is None or head.last_hash != last.hash):
        return Break(last.pk, "the newest entry is not the one the chain head names")
    return None
