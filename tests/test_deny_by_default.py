"""A page that has not declared who may see it is refused, whoever asks.

This module is also the URLconf for its own tests (``pytest.mark.urls``).
"""

import pytest
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, include, path
from django.views import View

from withus.core.access import ACCESS_ATTRIBUTE, public, signed_in

CALLED: list[str] = []


def undeclared(request):
    CALLED.append("undeclared")
    return HttpResponse("the secret")


class UndeclaredClassView(View):
    def get(self, request):
        CALLED.append("class")
        return HttpResponse("the class secret")


@public
def declared_public(request):
    return HttpResponse("open to all")


@signed_in
def declared_signed_in(request):
    return HttpResponse("for people signed in")


urlpatterns = [
    path("undeclared/", undeclared),
    path("undeclared-class/", UndeclaredClassView.as_view()),
    path("public/", declared_public),
    path("signed-in/", declared_signed_in),
    # The real pages too, so the templates can name them.
    path("", include("withus.urls")),
]


@pytest.fixture(autouse=True)
def _forget_calls():
    CALLED.clear()


@pytest.mark.urls("tests.test_deny_by_default")
@pytest.mark.parametrize("url", ["/undeclared/", "/undeclared-class/"])
def test_it_refuses_a_view_without_an_access_decision_to_anonymous_people(client, db, url):
    response = client.get(url)
    assert response.status_code == 403
    assert b"secret" not in response.content
    assert "You cannot see this page" in response.content.decode()
    assert CALLED == []


@pytest.mark.urls("tests.test_deny_by_default")
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_a_view_without_an_access_decision_to_signed_in_people(
    client, commissioner, method
):
    client.force_login(commissioner)
    response = getattr(client, method)("/undeclared/")
    assert response.status_code == 403
    assert b"secret" not in response.content
    assert CALLED == []


@pytest.mark.urls("tests.test_deny_by_default")
def test_it_lets_through_views_that_declared_who_may_see_them(client, commissioner):
    public_page = client.get("/public/")
    assert public_page.status_code == 200
    assert public_page.content == b"open to all"
    anonymous = client.get("/signed-in/")
    assert anonymous.status_code == 302
    assert anonymous["Location"] == "/sign-in/?next=/signed-in/"
    client.force_login(commissioner)
    signed_in_page = client.get("/signed-in/")
    assert signed_in_page.content == b"for people signed in"


def _views(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if prefix + str(entry.pattern) != "admin/":
                yield from _views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_it_finds_an_access_decision_on_every_real_withus_view():
    views = list(_views(get_resolver("withus.urls").url_patterns))
    assert len(views) > 10
    undecided = [route for route, view in views if not getattr(view, ACCESS_ATTRIBUTE, None)]
    assert undecided == []
