"""The navigation a person sees, from the roles they hold."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .roles import AREA_OVERSIGHT, area_ids_with, roles_of


def navigation(request):
    user = getattr(request, "user", None)
    items = [{"url": reverse("home"), "label": _("Home")}]
    if user is not None and user.is_authenticated:
        if area_ids_with(user, AREA_OVERSIGHT):
            items.append({"url": reverse("areas"), "label": _("Local areas")})
        if roles_of(user):
            items.append({"url": reverse("my_involvement"), "label": _("My involvement")})
            items.append({"url": reverse("tenders_mine"), "label": _("Tenders")})
    path = request.path
    for item in items:
        item["active"] = item["url"] == path
    return {"nav_items": items}
