"""The site's error pages (400, 403, 404, 500) in its own look, each with a way home.

Wired as ``handler400`` .. ``handler500`` in ``config/urls.py``; Django calls them only when
DEBUG is off (production). The 500 page renders without the request's context processors
(no user, no database): whatever broke the page must not break the error page too. The
503 page for an unreachable database is ``core.middleware``'s.
"""

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.template.response import TemplateResponse

PAGES = {
    400: (
        "Something in that request was not right",
        "The page could not understand what was sent. Go back, reload the page and try again.",
    ),
    403: (
        "You cannot open this page",
        "Your account does not give you access to this page. If you think it should, ask "
        "your teacher or the site's administrator.",
    ),
    404: (
        "We cannot find that page",
        "The address may be mistyped, or the page may have moved or never existed.",
    ),
    500: (
        "Something went wrong on our side",
        "The error has been logged and nothing you submitted was half-saved. Please try "
        "again in a minute.",
    ),
}


def _page(request: HttpRequest, code: int) -> HttpResponse:
    heading, text = PAGES[code]
    context = {"code": code, "heading": heading, "text": text}
    return TemplateResponse(request, "errors/error.html", context, status=code).render()


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    heading, text = PAGES[500]
    body = loader.render_to_string(
        "errors/error.html", {"code": 500, "heading": heading, "text": text}
    )
    return HttpResponse(body, status=500)
