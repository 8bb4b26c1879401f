"""Setting up a pathway: a draft, its stages and providers, then publishing.

Mistakes come back next to the field in plain words, with what was typed kept
and nothing saved. Publishing is refused, with every reason, until the stages'
shares and each stage's providers' shares add up to exactly 100%. Once live,
the tariff and splits cannot be changed.
"""

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.test_pathway_world import draft, organisations
from withus.core.models import AuditEntry, Organisation
from withus.pathways import services
from withus.pathways.models import Pathway, Stage, StageProvider

D = Decimal


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_a_commissioner_sets_up_a_draft(client, area, commissioner):
    client.force_login(commissioner)
    response = client.post(
        reverse("pathway_new", args=[area.slug]),
        {"name": "Recovery from drugs and alcohol", "description": "Adults", "tariff": "£4,200"},
    )
    pathway = Pathway.objects.get()
    assert response.url == reverse("pathway", args=[pathway.pk])
    assert (pathway.tariff, pathway.status, pathway.local_area) == (D("4200.00"), "draft", area)
    assert AuditEntry.objects.filter(action="pathways.create", object_id=str(pathway.pk)).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "The tariff must be more than £0."),
        ("-10", "The tariff must be more than £0."),
        ("10.005", "Enter pence with no more than 2 numbers after the point."),
        ("lots", "Enter an amount in pounds"),
        ("", "Enter the tariff per person in pounds, like 4200."),
    ],
)
def test_a_bad_tariff_is_named_next_to_the_field(client, area, commissioner, typed, message):
    client.force_login(commissioner)
    response = client.post(
        reverse("pathway_new", args=[area.slug]), {"name": "Kept name", "tariff": typed}
    )
    page = _page(response)
    assert response.status_code == 200
    assert message in page
    assert 'id="id_tariff-error"' in page or "govuk-error-message" in page
    assert 'value="Kept name"' in page
    assert not Pathway.objects.exists()


def _stage_post(orgs, **changes):
    data = {
        "name": "Treatment",
        "outcome": "Finished detox",
        "outcome_check": "",
        "share": "50",
        "on_outcome": "30",
        "scheme": "",
        "provider_1": orgs["trust"].pk,
        "provider_share_1": "60",
        "provider_2": orgs["brightpath"].pk,
        "provider_share_2": "40",
    }
    data.update(changes)
    return data


def _empty_pathway(area, commissioner):
    return services.pathway_create(
        area, commissioner, name="Recovery", description="", tariff=D("4200")
    )


def test_a_stage_is_saved_with_its_providers(client, area, commissioner, scheme):
    orgs = organisations(area, scheme)
    pathway = _empty_pathway(area, commissioner)
    client.force_login(commissioner)
    client.post(reverse("pathway_stage_new", args=[pathway.pk]), _stage_post(orgs))
    stage = Stage.objects.get()
    assert (stage.position, stage.share, stage.on_outcome) == (1, D(50), D(30))
    assert [(p.organisation, p.share) for p in stage.providers.all()] == [
        (orgs["trust"], D(60)),
        (orgs["brightpath"], D(40)),
    ]
    assert AuditEntry.objects.filter(action="pathways.stage_add").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"provider_share_2": "35"},
            "provider_share_1",
            "The providers' shares add up to 95%. They must add up to exactly 100%: they "
            "are 5% short.",
        ),
        (
            {"provider_share_2": "45.5"},
            "provider_share_1",
            "add up to 105.5%. They must add up to exactly 100%: they are 5.5% too much.",
        ),
        ({"share": "-5"}, "share", "A stage's share must be more than 0%."),
        ({"share": "abc"}, "share", "Enter a percentage as a number, like 20 or 12.5."),
        ({"on_outcome": "130"}, "on_outcome", "A percentage cannot be more than 100."),
        ({"provider_share_2": ""}, "provider_share_2", "Enter this provider's share, like 60."),
        (
            {"provider_1": "", "provider_share_1": "", "provider_2": "", "provider_share_2": ""},
            "provider_1",
            "Choose at least one provider for this stage.",
        ),
    ],
)
def test_stage_mistakes_are_named_next_to_the_field(
    client, area, commissioner, scheme, changes, field, message
):
    orgs = organisations(area, scheme)
    pathway = _empty_pathway(area, commissioner)
    client.force_login(commissioner)
    response = client.post(
        reverse("pathway_stage_new", args=[pathway.pk]), _stage_post(orgs, **changes)
    )
    page = _page(response)
    assert response.status_code == 200
    assert message in page
    assert f'href="#id_{field}"' in page
    assert 'value="Finished detox"' in page
    assert not Stage.objects.exists() and not StageProvider.objects.exists()


def test_a_provider_from_another_area_is_refused(client, area, other_area, commissioner, scheme):
    orgs = organisations(area, scheme)
    elsewhere = Organisation.objects.create(
        name="Eastmoor Care", kind=Organisation.Kind.PROVIDER, local_area=other_area
    )
    pathway = _empty_pathway(area, commissioner)
    client.force_login(commissioner)
    response = client.post(
        reverse("pathway_stage_new", args=[pathway.pk]),
        _stage_post(orgs, provider_2=elsewhere.pk),
    )
    assert "Choose a provider from this area." in _page(response)
    assert 'href="#id_provider_2"' in _page(response)
    assert not Stage.objects.exists()
    # The service refuses it too, whatever the form offers.
    with pytest.raises(Exception, match="works in another area"):
        services.stage_save(
            pathway,
            commissioner,
            name="X",
            outcome="Y",
            outcome_check="",
            share=D(100),
            on_outcome=D(0),
            scheme=None,
            providers=[(1, elsewhere, D(100))],
        )
    assert not Stage.objects.exists()


def test_publishing_is_refused_with_every_reason(client, area, commissioner, scheme):
    orgs = organisations(area, scheme)
    pathway = _empty_pathway(area, commissioner)
    services.stage_save(
        pathway,
        commissioner,
        name="Assessment",
        outcome="A plan",
        outcome_check="",
        share=D("70"),
        on_outcome=D("30"),
        scheme=None,
        providers=[(1, orgs["brightpath"], D(100))],
    )
    # A stage with no provider can only be in the database if made there.
    Stage.objects.create(
        pathway=pathway, position=2, name="Aftercare", outcome="Well", share=D("20"), on_outcome=0
    )
    client.force_login(commissioner)
    page = _page(client.post(reverse("pathway_publish", args=[pathway.pk])))
    assert "The pathway cannot be published yet" in page
    assert (
        "The stages' shares of the tariff add up to 90%. They must add up to exactly 100%: "
        "they are 10% short." in page
    )
    assert "Stage 2, Aftercare: add at least one provider." in page
    pathway.refresh_from_db()
    assert pathway.status == "draft"
    assert not AuditEntry.objects.filter(action="pathways.publish").exists()


def test_publishing_fixes_the_tariff_and_splits(client, area, commissioner, scheme):
    pathway = draft(area, commissioner, scheme)
    client.force_login(commissioner)
    response = client.post(reverse("pathway_publish", args=[pathway.pk]))
    assert response.url == reverse("pathway", args=[pathway.pk])
    pathway.refresh_from_db()
    assert pathway.status == "live" and pathway.published_by == commissioner
    assert AuditEntry.objects.filter(action="pathways.publish", object_id=str(pathway.pk)).exists()
    # Changing it now is refused, and nothing changes.
    response = client.post(
        reverse("pathway_edit", args=[pathway.pk]),
        {"name": "New name", "tariff": "5000"},
    )
    assert "This pathway is live, so its tariff and splits are fixed." in _page(response)
    stage = pathway.stages.first()
    response = client.post(reverse("pathway_stage_remove", args=[stage.pk]), follow=True)
    assert "This pathway is live" in _page(response)
    pathway.refresh_from_db()
    assert (pathway.name, pathway.tariff, pathway.stages.count()) == (
        "Recovery pathway",
        D("2750.00"),
        3,
    )


def test_removing_a_draft_stage_closes_the_gap(client, area, commissioner, scheme):
    pathway = draft(area, commissioner, scheme)
    client.force_login(commissioner)
    client.post(reverse("pathway_stage_remove", args=[pathway.stages.get(position=1).pk]))
    assert list(pathway.stages.values_list("position", "name")) == [
        (1, "Treatment"),
        (2, "Peer support"),
    ]
    assert AuditEntry.objects.filter(action="pathways.stage_remove").exists()


def test_changing_a_draft_stage_replaces_its_providers(client, area, commissioner, scheme):
    orgs = organisations(area, scheme)
    pathway = _empty_pathway(area, commissioner)
    client.force_login(commissioner)
    client.post(reverse("pathway_stage_new", args=[pathway.pk]), _stage_post(orgs))
    stage = Stage.objects.get()
    form = client.get(reverse("pathway_stage_edit", args=[stage.pk])).content.decode()
    assert 'value="Finished detox"' in form
    client.post(
        reverse("pathway_stage_edit", args=[stage.pk]),
        _stage_post(
            orgs,
            provider_1=orgs["lero"].pk,
            provider_share_1="100",
            provider_2="",
            provider_share_2="",
            scheme=scheme.pk,
        ),
    )
    stage.refresh_from_db()
    assert stage.scheme == scheme
    assert [(p.organisation, p.share) for p in stage.providers.all()] == [(orgs["lero"], D(100))]
