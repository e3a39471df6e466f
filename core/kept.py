"""Rendered HTML kept between requests, with each response's own CSRF token.

A kept fragment is rendered once with ``csrf_token`` set to ``CSRF_PLACEHOLDER`` and stored
in the default cache (per process); every response puts its own masked token back with
``with_csrf``. The token is per browser and changes at every log-in, so a kept form never
carries another browser's token, and masking stays per response (BREACH). Used for the
site's header and footer (``{% kept_include %}``, core/templatetags/kept.py) and the
student pages' parts (progress/reports/page_cache.py).
"""

import hashlib

from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe

CSRF_PLACEHOLDER = "csrf-placeholder-3b9d2f0c7e"


def with_csrf(html: str, request) -> SafeString:
    """``html`` rendered with ``csrf_token=CSRF_PLACEHOLDER``, with this request's token."""
    if CSRF_PLACEHOLDER not in html:
        return html
    # Our own rendering with a token of [A-Za-z0-9] put back: as safe as it was.
    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308


def digest(*parts) -> str:
    """A short stable key for ``parts`` (their reprs)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
