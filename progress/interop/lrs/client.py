"""The LRS's statements resource over HTTP (stdlib ``urllib``: one POST per batch).

xAPI 1.0.3 section 2.1 (Statement resource): POST a list of statements with basic auth and
``X-Experience-API-Version``; 200 (ids stored) or 204 (nothing new: every id was stored
before) both mean "the LRS has them". A statement whose id the LRS already holds with the
same content is not stored twice, which is what makes a resend harmless.
"""

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

XAPI_HEADER_VERSION = "1.0.3"
# Answers that say "the LRS is not able to take statements now" (down, overloaded, our
# credentials or address wrong): retry the same batch later. Any other 4xx is about the
# statements themselves.
RETRYABLE_STATUSES = {401, 403, 404, 405, 408, 425, 429}


@dataclass(frozen=True)
class LrsResponse:
    status: int | None  # None: no HTTP answer (refused, timed out, DNS...)
    detail: str

    @property
    def ok(self) -> bool:
        return self.status in (200, 204)

    @property
    def retryable(self) -> bool:
        """Not the statements' fault: keep them and try again later."""
        return (
            self.status is None
            or self.status >= 500
            or self.status in RETRYABLE_STATUSES
            or 300 <= self.status < 400
        )

    def describe(self) -> str:
        where = f"HTTP {self.status}" if self.status is not None else "no answer"
        return f"{where}: {self.detail}"[:1000] if self.detail else where


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirected POST would be replayed as a GET without its body: report it instead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class LrsClient:
    def __init__(self, *, endpoint: str, username: str, password: str, timeout: float) -> None:
        self.statements_url = endpoint.rstrip("/") + "/statements"
        self.timeout = timeout
        self._auth = None
        if username:
            token = base64.b64encode(f"{username}:{password}".encode()).decode()
            self._auth = f"Basic {token}"
        self._opener = urllib.request.build_opener(_NoRedirects)

    @classmethod
    def from_settings(cls) -> "LrsClient":
        return cls(
            endpoint=settings.PATHWISE_LRS_ENDPOINT,
            username=settings.PATHWISE_LRS_USERNAME,
            password=settings.PATHWISE_LRS_PASSWORD,
            timeout=settings.PATHWISE_LRS_TIMEOUT_SECONDS,
        )

    def post_statements(self, statements: list[dict]) -> LrsResponse:
        body = json.dumps(statements, ensure_ascii=False, separators=(",", ":")).encode()
        return self._send(self.statements_url, body=body, method="POST")

    def probe(self) -> LrsResponse:
        """Is the LRS working? A GET of one statement (every LRS serves it; Ralph has no
        ``about`` resource), to tell an LRS that fails from a statement it fails on."""
        return self._send(f"{self.statements_url}?limit=1", body=None, method="GET")

    def _send(self, url: str, *, body: bytes | None, method: str) -> LrsResponse:
        headers = {
            "X-Experience-API-Version": XAPI_HEADER_VERSION,
            **({"Authorization": self._auth} if self._auth else {}),
        }
        if body is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        request = urllib.request.Request(  # noqa: S310 - the configured http(s) endpoint
            url, data=body, method=method, headers=headers
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return LrsResponse(status=response.status, detail="")
        except urllib.error.HTTPError as exc:
            return LrsResponse(status=exc.code, detail=_body(exc))
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return LrsResponse(status=None, detail=str(reason) or type(exc).__name__)


def _body(exc: urllib.error.HTTPError) -> str:
    try:
        return exc.read(2000).decode("utf-8", "replace").strip()
    except OSError:
        return ""
