"""When the database cannot be reached, answer with a friendly 503 page instead of a 500.

Only ``OperationalError`` and ``InterfaceError`` count as "unavailable" (connection
refused, server gone, too many connections): any other error is a bug and stays a 500.
Nothing is half-written when this happens: every write is one transaction, which the
database rolls back when the connection drops.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger("pathwise.availability")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_FLAG = "_pathwise_database_unavailable"


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer: JSON for the API, the 503.html page for people. No database used."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "The service is temporarily unavailable. Try again shortly."}, status=503
        )
    else:
        # No request context: context processors would read the session and the user.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _note_database_error(sender, request=None, **kwargs) -> None:
    # Sent while Django turns an uncaught exception into a 500, from any layer (a session
    # or user loaded by a middleware included); the middleware below swaps the response.
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        setattr(request, _FLAG, True)


got_request_exception.connect(_note_database_error, dispatch_uid="pathwise_database_unavailable")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _FLAG, False):
            return unavailable_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning(
                "Database unavailable on %s %s: %s", request.method, request.path, exception
            )
            return unavailable_response(request)
        return None
