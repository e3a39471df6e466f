"""The client's address, for rate limits: ``REMOTE_ADDR`` unless a trusted proxy says more.

``X-Forwarded-For`` is written by whoever sends the request, so it is believed only when
the settings say a proxy we run sits in front (``PATHWISE_TRUSTED_PROXIES``, from
``DJANGO_TRUSTED_PROXIES``; 1 by default when ``DJANGO_BEHIND_TLS_PROXY=true``, else 0).
Each trusted proxy appends the address it received the request from, so with N proxies
the client is the N-th entry from the right; anything left of it is the client's own
claim and is ignored. A missing or malformed entry falls back to ``REMOTE_ADDR``: a forged
header can never pick the key that someone else is counted under.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PATHWISE_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < proxies:
        return remote
    candidate = entries[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
