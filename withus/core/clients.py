"""Where a request came from, when withus sits behind one or more proxies.

With WITHUS_PROXY_COUNT=N (N trusted proxies in front of withus), the client
is the address the outermost trusted proxy saw: the Nth from the right in
X-Forwarded-For. Anything further left was written by the client and could be
made up, so it is never trusted.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    proxies = getattr(settings, "WITHUS_PROXY_COUNT", 0)
    if proxies > 0:
        chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [a for a in chain if a]
        if len(chain) >= proxies:
            return chain[-proxies]
    return request.META.get("REMOTE_ADDR", "")
