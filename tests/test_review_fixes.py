"""Guards found in review: each would let data out, or lose it, if it broke."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.admin.sites import AdminSite
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from withus.core.admin import UserAdmin
from withus.core.models import AuditEntry, Membership, Role, User
from withus.cycle import services as cycle
from withus.pooling import services as pooling


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(username="root", password="pw-root-123456")


def _group(area, facilitator, members):
    invite = {}
    for user in members:
        holder = pooling.budget_record(
            by=user,
            user=user,
            local_area=area,
            kind="direct_payment",
            amount=Decimal("100.00"),
            period="month",
            interests=[],
            locality="NV1",
        )
        pooling.pooling_consent_set(by=user, holder=holder, consent=True)
        invite[user] = ""
    group = pooling.group_create(
        by=facilitator,
        local_area=area,
        name="Swimmers",
        purpose="Swimming",
        split_rule="equal",
        contribution=Decimal("10.00"),
        contribution_period="month",
        savings_kept_until=date(2027, 1, 1),
        invite=invite,
    )
    return group


def test_it_keeps_a_superuser_out_of_a_pooling_group(client, area, facilitator, superuser):
    group = _group(area, facilitator, [])
    client.force_login(superuser)
    response = client.get(f"/pooling/groups/{group.pk}/")
    assert response.status_code == 403
    assert not superuser.has_perm("pooling.view_group", group)
    # Django's own permissions for the admin site still work for them.
    assert superuser.has_perm("core.change_user")


def test_it_ignores_a_back_address_on_another_site(client, area, facilitator):
    from withus.insight import services as insight

    exercise = insight.exercise_open(by=facilitator, local_area=area, title="E")
    statement = insight.statement_add(
        by=facilitator, exercise=exercise, kind="working", text="Good", source="event"
    )
    client.force_login(facilitator)
    response = client.post(
        f"/insight/{exercise.pk}/statements/move/",
        {
            "back": "//evil.example/x",
            "move-statements": [str(statement.pk)],
            "move-new_theme_name": "Things",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/insight/{exercise.pk}/themes/"


def test_someone_who_took_part_sees_only_their_own_records(
    client, project, facilitator, expert, area
):
    other = User.objects.create_user(username="other", display_name="Other Person")
    Membership.objects.create(user=other, local_area=area, role=Role.EXPERT_BY_EXPERIENCE)
    for title, who in (("Mine", [expert, other]), ("Not mine", [other])):
        cycle.involvement_record(
            by=facilitator,
            project=project,
            stage="needs_assessment",
            title=title,
            happened_on=date(2026, 5, 1),
            level="co_design",
            participants=who,
            group_name="",
            group_count=0,
            what_was_said="Said",
            what_changed="",
            hours_given=Decimal("1"),
        )
    client.force_login(expert)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "What you took part in" in html
    assert ">Mine<" in html and "Not mine" not in html
    assert "Other Person" not in html
    assert "You and 1 other person on withus" in html
    # The facilitator still sees everything.
    client.force_login(facilitator)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Not mine" in html and "Other Person" in html


def test_a_facilitator_cannot_overwrite_a_budget_someone_keeps_themselves(
    area, facilitator, budget_holder
):
    details = {
        "local_area": area,
        "kind": "direct_payment",
        "amount": Decimal("100.00"),
        "period": "month",
        "interests": [],
        "locality": "NV1",
    }
    pooling.budget_record_on_behalf(by=facilitator, user=budget_holder, suggest=False, **details)
    with pytest.raises(ValidationError) as error:
        pooling.budget_record_on_behalf(
            by=facilitator, user=budget_holder, suggest=True, **{**details, "locality": "XX1"}
        )
    assert "already has a budget recorded" in str(error.value)
    holder = budget_holder.budgets.get()
    assert (holder.locality, holder.pooling_consent) == ("NV1", False)


def test_it_audits_a_role_given_in_the_admin_site(superuser, area, expert):
    admin = UserAdmin(User, AdminSite())
    request = RequestFactory().post("/admin/")
    request.user = superuser

    class Form:
        instance = expert

    class Formset:
        def save(self):
            Membership.objects.create(user=expert, local_area=area, role=Role.PEER_MENTOR)

    admin.save_formset(request, Form(), Formset(), change=True)
    entry = AuditEntry.objects.get(action="membership.change")
    assert entry.actor == superuser
    assert entry.data == {"added": [[area.pk, "peer_mentor"]], "removed": []}
