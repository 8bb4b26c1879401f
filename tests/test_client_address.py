"""Which address a request counts as, with and without trusted proxies."""

import pytest
from django.test import RequestFactory

from withus.core.clients import client_address


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxies: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),  # one proxy appended the client
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client made up the first
        (2, "6.6.6.6, 203.0.113.9, 10.1.1.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),  # too short to trust: fall back
        (1, "", "10.0.0.1"),
    ],
)
def test_it_trusts_only_what_the_proxies_added(settings, proxies, forwarded, expected):
    settings.WITHUS_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_the_public_form_limit_counts_people_behind_one_proxy_apart(
    client, settings, area, facilitator
):
    import time

    from django.core import signing
    from django.core.cache import cache

    from withus.insight import services as insight
    from withus.insight.models import Statement

    cache.clear()
    settings.WITHUS_PROXY_COUNT = 1
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="E")
    started = signing.dumps(time.time() - 10, salt="tell-us")
    form = {"kind": "working", "text": "Good", "started": started}
    for _ in range(10):
        client.post(f"/insight/{exercise.pk}/tell-us/", form, HTTP_X_FORWARDED_FOR="198.51.100.1")
    refused = client.post(
        f"/insight/{exercise.pk}/tell-us/", form, HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert "We have had a lot from your connection" in refused.content.decode()
    other = client.post(
        f"/insight/{exercise.pk}/tell-us/", form, HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert other.status_code == 302
    assert Statement.objects.filter(exercise=exercise).count() == 11
    cache.clear()
