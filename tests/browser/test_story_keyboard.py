import pytest
from withus.stories.models import Story


@pytest.mark.django_db(transaction=True)
def test_x(demo):
    for s in Story.objects.filter(status="pending").order_by("created_at", "id"):
        print(
            s.pk,
            s.created_at,
            s.service.name,
            s.text[:50],
            [f["kind"] for f in s.flags],
            s.contact_email,
        )
