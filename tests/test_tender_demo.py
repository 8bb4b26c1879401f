"""The demo area's tenders: one fully evaluated with four bids (one abnormally
low), one open for bids; and the confirmed award recomputes from its file alone."""

import json

import pytest
from django.core.management import call_command

from withus.tendering import recompute
from withus.tendering.demo import EVALUATED, OPEN
from withus.tendering.evaluation import Evaluation
from withus.tendering.models import Tender


@pytest.fixture
def demo(db):
    call_command("demo", "--json", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_it_shows_a_fully_evaluated_tender(demo):
    tender = Tender.objects.get(reference=EVALUATED)
    assert tender.status == Tender.Status.AWARDED
    assert tender.winning_bid.organisation.name == "Northvale Recovery Community"
    evaluation = Evaluation(tender)
    assert len(evaluation.bids) == 4
    flagged = evaluation.flagged()
    assert [b.organisation.name for b in flagged] == ["QuickStep Support Ltd"]
    assert flagged[0].abnormally_low_response
    statuses = {r.bidder: r.status for r in evaluation.result.results}
    assert statuses["Harbour Care Ltd"] == "failed_threshold"
    assert all(hasattr(b, "summary") for b in evaluation.bids)


def test_it_shows_a_tender_open_for_bids(demo):
    tender = Tender.objects.get(reference=OPEN)
    assert tender.is_open_for_bids()
    assert tender.price_formula == "mean_deviation"
    assert tender.clarifications.exclude(answered_at=None).count() == 1


def test_it_recomputes_the_confirmed_award_from_the_file_alone(demo, tmp_path, capsys):
    tender = Tender.objects.get(reference=EVALUATED)
    path = tmp_path / "evaluation.json"
    path.write_text(json.dumps(tender.award_record))
    assert recompute.main([str(path)]) == 0
    assert recompute.MATCHES in capsys.readouterr().out


def test_it_loads_the_tenders_only_once(demo):
    call_command("demo", "--json", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Tender.objects.filter(reference=EVALUATED).count() == 1
    assert Tender.objects.count() == 2
