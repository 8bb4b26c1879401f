"""The one page every simple form in withus uses: title, error summary, fields, button."""

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
