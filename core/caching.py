"""Cache-Control for pages that belong to one person (finding 13).

A shared cache (a school proxy, a CDN) must never keep a signed-in learner's page, and the
browser's back button must never bring back a form as it was before it was sent (a
practice question answered twice, a join code, a password). The rule:

- a response that already says what may be cached (``Cache-Control`` set by the view, by
  ``never_cache``, by the health checks or by the 503 page) is left as it is;
- a response to a POST, PUT, PATCH or DELETE that is not a redirect (a form shown again
  with its errors and what the user typed) gets ``no-store``;
- any other response to a signed-in user (guests included) gets ``private``.

Pages that show a form are decorated with Django's
:func:`django.views.decorators.cache.never_cache` (``no-cache, no-store,
must-revalidate, private``): the decorator is the documented rule for form pages in every
app (docs/security.md), since only the view knows it renders a form.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class PrivateCacheMiddleware:
    """After the authentication middleware: reads ``request.user`` only when it must."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        redirect = 300 <= response.status_code < 400
        if request.method not in SAFE_METHODS and not redirect:
            add_never_cache_headers(response)
        elif getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
