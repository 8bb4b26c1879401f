"""Who may see each page: declared on every view, refused when not declared.

Every view is wrapped by one of ``public``, ``signed_in`` or ``access``. The
``DenyByDefaultMiddleware`` refuses any view that carries none of them, so a
new page cannot go live without a decision about who may see it.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from .audit import audit_record

ACCESS_ATTRIBUTE = "withus_access"
View = Callable[..., HttpResponse]


def _mark(view: View, rule: str) -> View:
    setattr(view, ACCESS_ATTRIBUTE, rule)
    return view


def public(view: View) -> View:
    """Anyone, signed in or not, may see this page."""
    return _mark(view, "public")


def signed_in(view: View) -> View:
    """Anyone signed in may see this page; it shows only their own things."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapped, "signed_in")


def deny(request: HttpRequest, permission: str, obj: Any = None) -> PermissionDenied:
    """Record a refused attempt in the audit log and return the 403 to raise."""
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="access.denied",
            obj=obj if hasattr(obj, "_meta") else None,
            data={"permission": permission, "path": request.path[:300], "method": request.method},
        )
    return PermissionDenied(permission)


def access(permission: str, obj: Callable[..., Any] | None = None) -> Callable[[View], View]:
    """Only people holding ``permission`` (a django-rules name) on the object.

    ``obj`` turns the URL's keyword arguments into the object checked (raising
    Http404 when it does not exist); the object is passed to the view as
    ``request.withus_object``.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            target = obj(**kwargs) if obj is not None else None
            if not request.user.has_perm(permission, target):
                raise deny(request, permission, target)
            request.withus_object = target  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return _mark(wrapped, permission)

    return decorator


# Views from Django itself that decide access on their own.
_SELF_GUARDED_MODULES = (
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "django.views.static",
)


class DenyByDefaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, ACCESS_ATTRIBUTE, None):
            return None
        module = getattr(view_func, "__module__", "") or ""
        if module.startswith(_SELF_GUARDED_MODULES):
            return None
        raise PermissionDenied("This page has not declared who may see it.")
