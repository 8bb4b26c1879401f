"""Writing and publishing a tender: the evaluation model is checked, fixed as
version 1 at publication, and any later change is a new announced version."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.tendering_world import build, make_tender
from withus.core.models import AuditEntry
from withus.tendering import services
from withus.tendering.models import Announcement, ModelVersion, Tender


@pytest.fixture
def world(area, project, commissioner, facilitator, expert, provider):
    return build(area, project, commissioner, facilitator, expert, provider)


def test_it_refuses_to_publish_when_the_weights_do_not_add_up(world, commissioner, facilitator):
    tender = world["draft"]
    services.evaluator_add(tender, commissioner, facilitator, "quality")
    # 30 price + 30 + 20 + 20 questions = 100; make it 105.
    services.question_save(
        tender, commissioner, tender.questions.get(number=2), weight=Decimal("25")
    )
    with pytest.raises(ValidationError) as refused:
        services.tender_publish(tender, commissioner)
    assert "The weights add up to 105%. They must add up to 100%." in refused.value.messages
    assert Tender.objects.get(pk=tender.pk).status == Tender.Status.DRAFT
    assert not ModelVersion.objects.filter(tender=tender).exists()


def test_it_refuses_to_publish_when_the_panel_questions_do_not_make_its_stake(
    world, commissioner, facilitator
):
    tender = world["draft"]
    services.evaluator_add(tender, commissioner, facilitator, "quality")
    Tender.objects.filter(pk=tender.pk).update(panel_stake=Decimal("25"), price_weight=25)
    tender.refresh_from_db()
    problems = services.publish_problems(tender)
    assert "The panel's questions carry 20% but the panel's stake is 25%. Make them the same." in (
        problems
    )


def test_it_shows_what_stops_publication_on_the_tender_page(client, world, commissioner):
    client.force_login(commissioner)
    page = client.get(reverse("tender", args=[world["draft"].pk])).content.decode()
    assert "Add at least one quality evaluator to the team." in page


def test_it_fixes_the_model_as_version_one_when_published(world, commissioner, facilitator):
    tender = world["draft"]
    services.evaluator_add(tender, commissioner, facilitator, "quality")
    tender = services.tender_publish(tender, commissioner)
    assert tender.model_version == 1
    version = ModelVersion.objects.get(tender=tender)
    assert version.snapshot["price_weight"] == "30.00"
    assert [c["weight"] for c in version.snapshot["criteria"]] == ["30.00", "20.00", "20.00"]
    assert version.snapshot["scale"]["0"].startswith("No answer")
    with pytest.raises(ValidationError, match="cannot be changed after"):
        services.question_save(tender, commissioner, tender.questions.first(), weight=Decimal("10"))


def test_it_makes_a_new_announced_version_when_the_model_changes(
    client, world, commissioner, provider
):
    tender = world["open"]
    q1, q2, q3 = tender.questions.all()
    services.model_change(
        tender,
        commissioner,
        tender.version,
        reason="Bidders asked for more weight on staff support.",
        price_weight=Decimal("30"),
        panel_stake=Decimal("20"),
        price_formula="mean_deviation",
        questions={q1.pk: (Decimal("25"), 2), q2.pk: (Decimal("25"), 1), q3.pk: (Decimal("20"), 2)},
    )
    tender.refresh_from_db()
    assert tender.model_version == 2
    assert tender.price_formula == "mean_deviation"
    assert list(tender.questions.values_list("weight", flat=True)) == [
        Decimal("25.00"),
        Decimal("25.00"),
        Decimal("20.00"),
    ]
    assert ModelVersion.objects.filter(tender=tender).count() == 2
    entry = AuditEntry.objects.get(action="tender.model_change")
    assert entry.data["before"]["criteria"][0]["weight"] == "30.00"
    assert entry.data["after"]["criteria"][0]["weight"] == "25.00"
    notice = Announcement.objects.get(tender=tender)
    assert "version 2" in notice.text and "more weight on staff support" in notice.text
    client.force_login(provider)
    page = client.get(reverse("tender", args=[tender.pk])).content.decode()
    assert "Bidders asked for more weight on staff support." in page


def test_it_refuses_a_model_change_that_breaks_the_weights_and_changes_nothing(world, commissioner):
    tender = world["open"]
    q1, q2, q3 = tender.questions.all()
    with pytest.raises(ValidationError) as refused:
        services.model_change(
            tender,
            commissioner,
            tender.version,
            reason="Oops",
            price_weight=Decimal("40"),
            panel_stake=Decimal("20"),
            price_formula="lowest_price",
            questions={
                q1.pk: (Decimal("30"), 2),
                q2.pk: (Decimal("20"), 0),
                q3.pk: (Decimal("20"), 2),
            },
        )
    assert "The weights add up to 110%. They must add up to 100%." in refused.value.messages
    tender.refresh_from_db()
    assert tender.model_version == 1 and tender.price_weight == Decimal("30.00")
    assert not Announcement.objects.exists()


def test_it_refuses_a_model_change_after_the_deadline(world, commissioner):
    tender = world["evaluating"]
    with pytest.raises(ValidationError, match="only change while the tender is open"):
        services.model_change(
            tender,
            commissioner,
            tender.version,
            reason="Late",
            price_weight=Decimal("30"),
            panel_stake=Decimal("20"),
            price_formula="lowest_price",
            questions={},
        )


def test_it_publishes_answers_to_every_bidder_without_saying_who_asked(
    client, world, commissioner, area
):
    from tests.tendering_world import bidder

    tender = world["open"]
    services.clarification_answer(world["clarification"], commissioner, "Up to £100,000 a year.")
    _org, other = bidder(area, "other-bidder", "Other Bidder Ltd")
    client.force_login(other)
    page = client.get(reverse("tender", args=[tender.pk])).content.decode()
    assert "Is there a budget?" in page
    assert "Up to £100,000 a year." in page
    assert "Brightpath" not in page


def test_it_keeps_a_draft_from_bidders(client, world, provider):
    client.force_login(provider)
    assert client.get(reverse("tender", args=[world["draft"].pk])).status_code == 403
    listing = client.get(reverse("tenders", args=[world["draft"].local_area.slug])).content
    assert b"T-DRAFT" not in listing
    assert b"T-OPEN" in listing


def test_it_lets_the_panel_write_only_panel_questions(client, world, expert):
    tender = world["draft"]
    client.force_login(expert)
    response = client.post(
        reverse("question_new", args=[tender.pk]),
        {
            "text": "Will you treat us with respect?",
            "weight": "5",
            "minimum_score": "0",
            "set_by": "commissioner",
        },
    )
    assert response.status_code == 200
    assert "Choose one of the options shown" in response.content.decode()
    response = client.post(
        reverse("question_new", args=[tender.pk]),
        {
            "text": "Will you treat us with respect?",
            "weight": "5",
            "minimum_score": "0",
            "set_by": "panel",
        },
    )
    assert response.status_code == 302
    assert tender.questions.get(number=4).set_by == "panel"


def test_it_keeps_the_timetable_in_order(world, commissioner):
    spec = world["spec"]
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        make_tender(
            spec,
            commissioner,
            "T-BAD",
            publication_date=now,
            clarification_deadline=now + timedelta(days=5),
            submission_deadline=now + timedelta(days=2),
        )
    assert refused.value.message_dict["submission_deadline"] == [
        "The deadline for bids must be after the deadline for questions."
    ]
    assert not Tender.objects.filter(reference="T-BAD").exists()


def test_it_keeps_to_one_evaluation_lead(world, commissioner, facilitator):
    with pytest.raises(ValidationError) as refused:
        services.evaluator_add(world["draft"], commissioner, facilitator, "lead")
    assert refused.value.message_dict == {"part": ["The tender already has an evaluation lead."]}
    assert world["draft"].evaluators.filter(part="lead").count() == 1


def test_it_fixes_the_team_once_bids_are_opened(world, commissioner, area):
    from withus.core.models import Membership, Role, User

    newcomer = User.objects.create_user(username="late", password="pw-late-123")
    Membership.objects.create(user=newcomer, local_area=area, role=Role.COMMISSIONER)
    with pytest.raises(ValidationError, match="cannot change once bids are opened"):
        services.evaluator_add(world["evaluating"], commissioner, newcomer, "quality")
