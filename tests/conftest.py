"""Named people for tests: each holds one role in Northvale, plus an outsider.

Built once per test through the ordinary models, never the demo command, so a
test says exactly what it needs.
"""

from datetime import date
from decimal import Decimal

import pytest

from withus.core.models import LocalArea, Membership, Organisation, Role, User
from withus.cycle import services as cycle
from withus.peer_support.models import Scheme


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests sign in hundreds of people.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _person(username: str, area: LocalArea | None, role: str | None) -> User:
    user = User.objects.create_user(
        username=username, password=f"pw-{username}-123", display_name=username.title()
    )
    if area is not None and role is not None:
        Membership.objects.create(user=user, local_area=area, role=role)
    return user


@pytest.fixture
def area(db) -> LocalArea:
    return LocalArea.objects.create(name="Northvale", slug="northvale")


@pytest.fixture
def other_area(db) -> LocalArea:
    return LocalArea.objects.create(name="Eastmoor", slug="eastmoor")


@pytest.fixture
def council(area) -> Organisation:
    return Organisation.objects.create(
        name="Northvale Council", kind=Organisation.Kind.COUNCIL, local_area=area
    )


@pytest.fixture
def commissioner(area) -> User:
    return _person("commissioner", area, Role.COMMISSIONER)


@pytest.fixture
def expert(area) -> User:
    return _person("expert", area, Role.EXPERT_BY_EXPERIENCE)


@pytest.fixture
def facilitator(area) -> User:
    return _person("facilitator", area, Role.FACILITATOR)


@pytest.fixture
def provider(area) -> User:
    return _person("provider", area, Role.PROVIDER)


@pytest.fixture
def budget_holder(area) -> User:
    return _person("budgetholder", area, Role.BUDGET_HOLDER)


@pytest.fixture
def peer_mentor(area) -> User:
    return _person("peermentor", area, Role.PEER_MENTOR)


@pytest.fixture
def moderator(area) -> User:
    return _person("moderator", area, Role.MODERATOR)


@pytest.fixture
def area_admin(area) -> User:
    return _person("areaadmin", area, Role.AREA_ADMIN)


@pytest.fixture
def outsider(other_area) -> User:
    """A commissioner from another area, who should have no access to Northvale."""
    return _person("outsider", other_area, Role.COMMISSIONER)


@pytest.fixture
def project(commissioner, area):
    return cycle.project_open(
        by=commissioner,
        local_area=area,
        name="Adult drug and alcohol treatment",
        service_area="Drug and alcohol",
        budget=Decimal("1000000.00"),
        planned_start=date(2027, 4, 1),
        planned_end=date(2032, 3, 31),
    )


@pytest.fixture
def record(project, facilitator, expert):
    return cycle.involvement_record(
        by=facilitator,
        project=project,
        stage="needs_assessment",
        title="Listening event",
        happened_on=date(2026, 5, 12),
        level="co_design",
        participants=[expert],
        group_name="Recovery community",
        group_count=5,
        what_was_said="Weekend help matters.",
        what_changed="",
        hours_given=Decimal("12"),
    )


@pytest.fixture
def coordinator(area) -> User:
    """Coordinates the peer support scheme below (as the scheme names them, not by role)."""
    user = User.objects.create_user(username="coordinator", display_name="Coordinator")
    Membership.objects.create(user=user, local_area=area, role=Role.PROVIDER)
    return user


@pytest.fixture
def scheme(area, coordinator) -> Scheme:
    lero = Organisation.objects.create(
        name="Northvale LERO", kind=Organisation.Kind.USER_LED, local_area=area
    )
    scheme = Scheme.objects.create(
        local_area=area,
        organisation=lero,
        name="Northvale Peer Mentors",
        description="Mentors who have been there.",
    )
    scheme.coordinators.add(coordinator)
    return scheme
