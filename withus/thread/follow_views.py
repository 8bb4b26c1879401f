"""The "stop these emails" page: the token in the link is the only key.

A GET never changes anything (mail scanners open links); the button, or a
mail client's one-click POST (RFC 8058, body ``List-Unsubscribe=One-Click``),
stops. The page never shows the email address.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from withus.core.access import public

from . import follow
from .models import ThreadFollower


@public
@csrf_exempt  # the secret token is the proof; mail clients post with no CSRF cookie
@require_http_methods(["GET", "HEAD", "POST"])
def stop(request, token):
    follower = get_object_or_404(ThreadFollower, token=token)
    if request.method == "POST":
        follow.follow_stop(follower)
    priority = follow.priority_of(follower)
    template = "thread/follow_stopped.html" if follower.stopped_at else "thread/follow_stop.html"
    return render(request, template, {"priority": priority})
