"""The OCDS export: valid OCDS 1.1, checked offline, and never a sealed bid's content.

Each package is validated with libcoveocds, the Open Contracting Partnership's
own checker, against the standard's schema and codelists read from
``tests/fixtures/ocds/standard-1__1__5.zip``. The network is shut
off for these tests, so a checker that tried to download anything would fail.
"""

import json
import os
import socket
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig

from withus.core.models import Organisation, User
from withus.tendering import demo, ocds, services
from withus.tendering.models import Bid, Tender

# A copy kept with the tests, so validation needs no network and no folder beside the repo.
STANDARD_ZIP = Path(__file__).resolve().parent / "fixtures" / "ocds" / "standard-1__1__5.zip"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", None}


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Refuse every connection off this machine, as CI has no internet."""
    connect = socket.socket.connect
    getaddrinfo = socket.getaddrinfo

    def guarded_connect(sock, address):
        host = address[0] if isinstance(address, tuple) else None
        if host not in LOCAL_HOSTS:
            raise OSError(f"This test may not use the network (tried {address}).")
        return connect(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host not in LOCAL_HOSTS:
            raise OSError(f"This test may not use the network (looked up {host}).")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


@pytest.fixture
def standard_zip() -> Path:
    if not STANDARD_ZIP.exists():
        message = (
            f"The OCDS 1.1.5 schema is missing: expected {STANDARD_ZIP} (tests/fixtures/ocds/)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return STANDARD_ZIP


def export(*args: str) -> str:
    out = StringIO()
    call_command("ocds_export", *args, stdout=out)
    return out.getvalue()


def check(text: str, directory: Path, standard_zip: Path) -> dict:
    """Validate a package with libcoveocds against core OCDS 1.1 only, offline."""
    directory.mkdir()
    path = directory / "package.json"
    path.write_text(text, encoding="utf-8")
    config = LibCoveOCDSConfig()
    # Read the standard from the zip instead of downloading it.
    config.config["standard_zip"] = "file://" + str(standard_zip)
    config.config["context"] = "api"
    result = ocds_json_output(
        str(directory), str(path), "1.1", convert=False, lib_cove_ocds_config=config
    )
    assert result["version_used"] == "1.1"
    assert result["extensions"] is None  # core only: nothing to fetch
    assert result["validation_errors"] == []
    assert result["additional_closed_codelist_values"] == {}
    assert result["additional_open_codelist_values"] == {}
    assert result["additional_fields"] == []
    assert result["deprecated_fields"] == []
    assert result["additional_checks"] == {}
    return result


def amounts(data) -> list[Decimal]:
    """Every amount of money anywhere in the document."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "amount":
                found.append(Decimal(value))
            else:
                found.extend(amounts(value))
    elif isinstance(data, list):
        for value in data:
            found.extend(amounts(value))
    return found


def load(text: str) -> dict:
    return json.loads(text, parse_float=Decimal)


@pytest.fixture
def demo_data(db):
    call_command("demo", stdout=StringIO())


@pytest.mark.django_db
def test_the_awarded_demo_tender_is_valid_ocds_with_only_the_winning_price(
    demo_data, standard_zip, tmp_path
):
    tender = Tender.objects.get(reference=demo.EVALUATED)
    winner = tender.winning_bid
    council = Organisation.objects.get(local_area=tender.local_area, kind="council")
    text = export(demo.EVALUATED)
    check(text, tmp_path / "awarded", standard_zip)

    package = load(text)
    assert package["version"] == "1.1"
    assert package["publisher"] == {"name": council.name}
    [release] = package["releases"]
    assert release["ocid"] == "ocds-withus-NV-2026-031"
    assert release["tag"] == ["award", "contract"]
    assert release["initiationType"] == "tender"
    assert release["buyer"] == {"id": f"withus-org-{council.pk}", "name": council.name}
    assert release["tender"]["status"] == "complete"
    assert release["tender"]["numberOfTenderers"] == 4
    assert len(release["tender"]["tenderers"]) == 4
    assert release["tender"]["value"]["amount"] == tender.estimated_value
    details = release["tender"]["awardCriteriaDetails"]
    assert "price (40%)" in details and "quality (60%)" in details and "20%" in details
    for question in tender.questions.all():
        assert f"{question.key} (" in details

    [award] = release["awards"]
    winner_id = f"withus-org-{winner.organisation_id}"
    assert award["status"] == "active"
    assert award["suppliers"] == [{"id": winner_id, "name": winner.organisation.name}]
    assert award["value"] == {"amount": winner.price, "currency": "GBP"}
    assert award["date"].endswith("Z")
    [contract] = release["contracts"]
    assert contract["awardID"] == award["id"]
    assert contract["status"] == "pending"
    assert contract["value"]["amount"] == winner.price

    parties = {p["id"]: p for p in release["parties"]}
    assert parties[f"withus-org-{council.pk}"]["roles"] == ["buyer", "procuringEntity"]
    assert parties[winner_id]["roles"] == ["tenderer", "supplier"]
    assert sum("tenderer" in p["roles"] for p in parties.values()) == 4

    # The losing bids' prices are never published: only the estimate and the winner's.
    losers = Bid.objects.filter(tender=tender).exclude(pk=winner.pk)
    assert amounts(package) == [tender.estimated_value, winner.price, winner.price]
    for bid in losers:
        assert bid.price not in amounts(package)
        assert format(bid.price, "f").split(".")[0] not in text


@pytest.mark.django_db
def test_the_open_demo_tender_says_nothing_about_its_sealed_bids(demo_data, standard_zip, tmp_path):
    tender = Tender.objects.get(reference=demo.OPEN)
    harbour_org = Organisation.objects.get(name="Harbour Care Ltd")
    brightpath_org = Organisation.objects.get(name="Brightpath Recovery CIC")
    answers = {q.pk: "A sealed answer nobody may read yet." for q in tender.questions.all()}
    services.bid_save(
        tender,
        User.objects.get(username="bidder-harbour"),
        harbour_org,
        version=None,
        price=Decimal("876543.21"),
        answers=answers,
        submit=True,
    )
    provider = User.objects.get(username="provider")
    services.register(tender, provider, brightpath_org)
    services.bid_save(
        tender,
        provider,
        brightpath_org,
        version=None,
        price=Decimal("765432.10"),
        answers={},
        submit=False,
    )

    text = export(demo.OPEN)
    check(text, tmp_path / "open", standard_zip)
    package = load(text)
    [release] = package["releases"]
    assert release["ocid"] == "ocds-withus-NV-2027-004"
    assert release["tag"] == ["tender"]
    assert release["tender"]["status"] == "active"
    assert "awards" not in release and "contracts" not in release
    assert "numberOfTenderers" not in release["tender"]
    assert "tenderers" not in release["tender"]
    assert [p["roles"] for p in release["parties"]] == [["buyer", "procuringEntity"]]
    assert amounts(package) == [tender.estimated_value]
    for secret in ("876543", "765432", "sealed answer", "Harbour", "Brightpath"):
        assert secret not in text

    # The deadline passes: now how many bid, and who, but still no price or answer.
    now = timezone.now()
    Tender.objects.filter(pk=tender.pk).update(
        publication_date=now - timedelta(days=30),
        clarification_deadline=now - timedelta(days=10),
        submission_deadline=now - timedelta(days=1),
    )
    text = export(demo.OPEN)
    check(text, tmp_path / "opened", standard_zip)
    [release] = load(text)["releases"]
    assert release["tag"] == ["tenderUpdate"]
    assert release["tender"]["status"] == "active"
    assert release["tender"]["numberOfTenderers"] == 1  # the draft was never submitted
    harbour = {"id": f"withus-org-{harbour_org.pk}", "name": harbour_org.name}
    assert release["tender"]["tenderers"] == [harbour]
    assert "awards" not in release
    assert amounts(load(text)) == [tender.estimated_value]
    for secret in ("876543", "765432", "sealed answer", "Brightpath"):
        assert secret not in text

    # Every published tender in one package, each with its own ocid.
    text = export("--all")
    check(text, tmp_path / "all", standard_zip)
    ocids = [r["ocid"] for r in load(text)["releases"]]
    assert "ocds-withus-NV-2026-031" in ocids and "ocds-withus-NV-2027-004" in ocids
    assert len(ocids) == len(set(ocids)) == Tender.objects.exclude(status="draft").count()


@pytest.fixture
def draft(project, commissioner):
    spec = services.specification_create(project, commissioner, "Recovery support", "")
    now = timezone.now()
    return services.tender_create(
        spec,
        commissioner,
        reference="NV-DRAFT-1",
        title="Recovery support",
        description="Not published yet.",
        estimated_value=Decimal("1000.00"),
        price_weight=Decimal("40"),
        price_formula="lowest_price",
        panel_stake=Decimal("20"),
        abnormally_low_percent=Decimal("20"),
        publication_date=now + timedelta(days=1),
        clarification_deadline=now + timedelta(days=10),
        submission_deadline=now + timedelta(days=20),
    )


def test_the_command_refuses_a_draft_and_an_unknown_reference_in_plain_words(draft):
    with pytest.raises(CommandError) as refused:
        export("NV-DRAFT-1")
    assert str(refused.value) == (
        "Tender NV-DRAFT-1 is still a draft. Only a published tender can be exported."
    )
    with pytest.raises(CommandError, match="There is no tender with the reference NV-NOPE."):
        export("NV-NOPE")
    with pytest.raises(CommandError, match="No tender has been published yet"):
        export("--all")
    with pytest.raises(CommandError, match="Give one tender's reference, or --all"):
        export()


def test_the_buyer_is_the_areas_council_or_else_the_area(draft, area):
    assert ocds.buyer_of(draft) == ocds.Party(f"withus-area-{area.pk}", "Northvale")
    council = Organisation.objects.create(name="Northvale Council", kind="council", local_area=area)
    assert ocds.buyer_of(draft) == ocds.Party(f"withus-org-{council.pk}", "Northvale Council")


def test_money_is_written_as_exact_json_numbers():
    assert ocds.json_number(Decimal("3480000.00")) == 3480000
    assert isinstance(ocds.json_number(Decimal("3480000.00")), int)
    assert ocds.dumps({"amount": Decimal("1234567890.12")}) == '{\n  "amount": 1234567890.12\n}'
    assert ocds.dumps({"amount": Decimal("0.10")}) == '{\n  "amount": 0.1\n}'
    assert json.loads(ocds.dumps({"a": Decimal("9999999999.99")}), parse_float=Decimal) == {
        "a": Decimal("9999999999.99")
    }
    with pytest.raises(ValueError, match="cannot be written exactly"):
        ocds.json_number(Decimal("0.10000000000000000001"))
