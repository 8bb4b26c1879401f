"""The one page every simple form in withus uses: title, error summary, fields, button."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .edits import STALE_MESSAGE, StaleEdit, apply_validation_error


def form_page(
    request: HttpRequest,
    form: Form,
    *,
    title: str,
    back: str,
    submit: str,
    caption: str = "",
    intro: str = "",
    multipart: bool = False,
) -> HttpResponse:
    return render(
        request,
        "govuk/form_page.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "back": back,
            "submit": submit,
            "multipart": multipart,
        },
    )


def form_flow(
    request: HttpRequest,
    form: Form,
    action: Callable[[dict[str, Any]], Any],
    *,
    done: str | Callable[[Any], str],
    message: str,
    template: str = "",
    context: dict[str, Any] | None = None,
    **page: Any,
) -> HttpResponse:
    """The GOV.UK form pattern in one place.

    On a valid POST, ``action`` gets the cleaned data and makes the change
    (through a service). A service's refusal goes next to the fields it names,
    and an edit made from an out-of-date page is explained; either way the
    page comes back with everything typed. On success: a message, then
    ``done`` (a URL, or a function of what ``action`` returned). A page with
    more than the form names its own ``template`` and ``context``.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, message)
            return redirect(done(result) if callable(done) else done)
    if template:
        return render(request, template, {**(context or {}), "form": form})
    return form_page(request, form, **page)


def page_links(page: Page) -> Any:
    """The page numbers for ``govuk/_pagination.html``: the first and last, the
    current page and one either side, with an ellipsis for each gap."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
