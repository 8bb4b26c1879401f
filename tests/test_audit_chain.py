"""The hash chain behind the audit log, alone and in the database."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from withus.core import chain
from withus.core.audit import audit_record, audit_verify
from withus.core.models import AuditEntry


def _build(payloads):
    rows, prev = [], chain.GENESIS
    for i, payload in enumerate(payloads, start=1):
        h = chain.entry_hash(prev, payload)
        rows.append((i, prev, h, payload))
        prev = h
    return rows


def test_it_hashes_the_same_content_the_same_way_whatever_the_key_order():
    assert chain.entry_hash("0" * 64, {"a": 1, "b": 2}) == chain.entry_hash(
        "0" * 64, {"b": 2, "a": 1}
    )


@given(
    st.lists(st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=8)), max_size=6)
)
def test_it_accepts_any_untouched_chain(payloads):
    assert chain.first_break(_build(payloads)) is None


@given(
    st.lists(
        st.dictionaries(st.text(max_size=5), st.integers(), min_size=1), min_size=2, max_size=6
    ),
    st.data(),
)
def test_it_names_the_entry_whose_content_was_changed(payloads, data):
    rows = _build(payloads)
    i = data.draw(st.integers(0, len(rows) - 1))
    entry_id, prev, h, payload = rows[i]
    tampered = {**payload, "tampered": True}
    rows[i] = (entry_id, prev, h, tampered)
    broken = chain.first_break(rows)
    assert broken is not None and broken.entry_id == entry_id


def test_it_names_the_entry_after_one_that_was_removed():
    rows = _build([{"n": 1}, {"n": 2}, {"n": 3}])
    del rows[1]
    broken = chain.first_break(rows)
    assert broken == chain.Break(3, "its link to the entry before does not match")


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_write_an_entry_outside_a_transaction(commissioner):
    with pytest.raises(RuntimeError):
        audit_record(actor=commissioner, action="x")


@pytest.mark.django_db
def test_it_refuses_to_change_or_delete_an_entry(commissioner):
    with transaction.atomic():
        entry = audit_record(actor=commissioner, action="test.thing", data={"amount": "12.50"})
    entry.action = "changed"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


@pytest.mark.django_db
def test_it_chains_each_entry_to_the_one_before(commissioner):
    with transaction.atomic():
        first = audit_record(actor=commissioner, action="one")
        second = audit_record(actor=commissioner, action="two")
    assert first.prev_hash == chain.GENESIS
    assert second.prev_hash == first.hash
    assert audit_verify() is None


@pytest.mark.django_db
def test_the_command_names_the_first_broken_entry(commissioner, capsys):
    with transaction.atomic():
        audit_record(actor=commissioner, action="one")
        middle = audit_record(actor=commissioner, action="two", data={"amount": "10.00"})
        audit_record(actor=commissioner, action="three")
    call_command("verify_audit")
    assert "Audit log intact: 3 entries checked." in capsys.readouterr().out
    # Someone edits the database behind withus's back.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET action = %s WHERE id = %s",
            ["rewritten", middle.pk],
        )
    with pytest.raises(CommandError, match=f"entry {middle.pk}: its content does not match"):
        call_command("verify_audit")
