"""My involvement comes a page at a time, newest first."""

from datetime import date, timedelta
from decimal import Decimal

from withus.cycle.models import InvolvementRecord
from withus.cycle.views import MY_INVOLVEMENT_PAGE


def test_it_shows_a_hundred_records_a_page_newest_first(client, project, facilitator, expert):
    start = date(2020, 1, 1)
    for i in range(MY_INVOLVEMENT_PAGE + 5):
        record = InvolvementRecord.objects.create(
            project=project,
            stage="needs_assessment",
            title=f"Event {i:03d}",
            happened_on=start + timedelta(days=i),
            level="consultation",
            what_was_said="x",
            hours_given=Decimal("1"),
            participant_count=1,
            recorded_by=facilitator,
        )
        record.participants.add(expert)
    client.force_login(expert)
    first = client.get("/my/involvement/").content.decode()
    assert "Event 104<" in first and "Event 005<" in first
    assert "Event 004<" not in first
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    second = client.get("/my/involvement/?page=2").content.decode()
    assert "Event 004<" in second and "Event 000<" in second and "Event 104<" not in second
    # A page number past the end shows the last page, not an error.
    assert "Event 000<" in client.get("/my/involvement/?page=99").content.decode()
