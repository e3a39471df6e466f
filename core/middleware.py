"""When the database cannot be reached, answer with a friendly 503 page instead of a 500.

Only ``OperationalError`` and ``InterfaceError`` count as "unavailable" (connection
refused, server gone, too many connections): any other error is a bug and stays a 500.
Nothing is half-written when this happens: every write is one transaction, which the
database rolls back when the connection drops.

An outage is logged as one warning line per failed request ("Database unavailable on GET
/path: ..."), not as a traceback: during a blip every request fails the same way, and a
log full of identical tracebacks hides the one that matters. Django's own "Internal Server
Error" record for such a request is dropped by :class:`DropDatabaseOutageTracebacks`
(attached to the ``django.request`` logger in settings) and its "Service Unavailable"
line is not written twice.
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


def unavailable_response(request: HttpRequest, exception: BaseException) -> HttpResponse:
    """The 503 answer: JSON for the API, the 503.html page for people. No database used.

    Logs the one line this failed request gets.
    """
    first_line = (str(exception).strip().splitlines() or [type(exception).__name__])[0]
    logger.warning("Database unavailable on %s %s: %s", request.method, request.path, first_line)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "The service is temporarily unavailable. Try again shortly."}, status=503
        )
    else:
        # No request context: context processors would read the session and the user.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Logged above: django.request would add a second "Service Unavailable" line.
    response._has_been_logged = True
    return response


class DropDatabaseOutageTracebacks(logging.Filter):
    """Drop django.request's traceback for a database outage (the 503 line replaces it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DATABASE_ERRORS)


def _note_database_error(sender, request=None, **kwargs) -> None:
    # Sent while Django turns an uncaught exception into a 500, from any layer (a session
    # or user loaded by a middleware included); the middleware below swaps the response.
    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, DATABASE_ERRORS):
        setattr(request, _FLAG, exc)


got_request_exception.connect(_note_database_error, dispatch_uid="pathwise_database_unavailable")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        exception = getattr(request, _FLAG, None)
        if exception is not None:
            return unavailable_response(request, exception)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            return unavailable_response(request, exception)
        return None
