"""The area admin sees who holds which role in their area, and nobody else's."""

from withus.core.models import Membership, Organisation, Role


def test_it_lists_each_person_once_with_all_their_roles(client, area, area_admin, expert, council):
    Membership.objects.create(user=expert, local_area=area, role=Role.PEER_MENTOR)
    Membership.objects.filter(user=area_admin).update(organisation=council)
    client.force_login(area_admin)
    html = client.get("/areas/northvale/people/").content.decode()
    assert html.count(">Expert<") == 1
    assert "Expert by experience, Peer mentor" in html
    assert "Northvale Council" in html and "Council" in html


def test_it_leaves_out_people_from_other_areas(client, area_admin, outsider):
    client.force_login(area_admin)
    html = client.get("/areas/northvale/people/").content.decode()
    assert "Outsider" not in html


def test_it_runs_the_same_queries_for_many_people(
    client, area, area_admin, django_assert_max_num_queries
):
    from withus.core.models import User

    org = Organisation.objects.create(name="ULO", kind=Organisation.Kind.USER_LED, local_area=area)
    for i in range(40):
        u = User.objects.create(username=f"p{i}")
        Membership.objects.create(
            user=u, local_area=area, role=Role.EXPERT_BY_EXPERIENCE, organisation=org
        )
    client.force_login(area_admin)
    with django_assert_max_num_queries(6):
        html = client.get("/areas/northvale/people/").content.decode()
    assert html.count("ULO") >= 40
