"""The personal JSON API (``/api/v1/``), authenticated by ``Authorization: Bearer <token>``.

No cookies are read: these views are exempt from LoginRequiredMiddleware and CSRF and do
their own authentication (``accounts.tokens``). A token acts as its owner and never more:
every read and write below is scoped to ``token.user``. Errors are JSON
(``{"error": {"code", "message"}}``) with 400/401/403/404/405/413; bad input is never a 500.
"""

import json
import logging
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import DatabaseError, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from accounts import tokens
from accounts.models import ApiToken, User
from learning.models import Question
from progress.interop.exports.access import export_get_for_user, exports_for_user
from progress.interop.models import ExportJob
from progress.interop.statements import statements_for, statements_queryset
from progress.interop.views import export_file_response
from progress.practice.answers import attempt_record

logger = logging.getLogger(__name__)

MAX_BATCH_ITEMS = 200
FUTURE_TOLERANCE = timedelta(minutes=5)  # device clocks drift a little
MAX_UTC_OFFSET = timedelta(hours=14)  # the widest offset any real clock uses (UTC+14)
MAX_ID = 2**63 - 1  # the largest key the database can hold
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def api_error(status: int, code: str, message: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"error": {"code": code, "message": message}}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def api_endpoint(*, methods: tuple[str, ...], scope: str) -> Callable:
    """Token authentication, scope and method checks for one API view.

    The view is called as ``view(request, user=..., token=..., **kwargs)``.
    """

    def decorator(view: Callable) -> Callable:
        @login_not_required
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in methods:
                return api_error(
                    405,
                    "method_not_allowed",
                    "Use " + " or ".join(methods) + ".",
                    Allow=", ".join(methods),
                )
            token = tokens.token_authenticate(
                header=request.headers.get("Authorization"), now=timezone.now()
            )
            if token is None:
                return api_error(
                    401,
                    "unauthenticated",
                    "Send a valid, unrevoked token as 'Authorization: Bearer <token>'.",
                    WWW_Authenticate='Bearer realm="pathwise"',
                )
            if not token.has_scope(scope):
                return api_error(
                    403, "insufficient_scope", f"This token lacks the '{scope}' scope."
                )
            try:
                response = view(request, *args, user=token.user, token=token, **kwargs)
            except Http404:
                return api_error(404, "not_found", "Not found.")
            except Exception:  # the API answers JSON, even when something breaks
                logger.exception("API %s %s failed", request.method, request.path)
                return api_error(500, "server_error", "Something went wrong on our side.")
            response["Cache-Control"] = "private, no-store"
            return response

        return wrapper

    return decorator


# Reads -------------------------------------------------------------------------------------


def _export_json(job: ExportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "kind": job.kind,
        "format": job.format,
        "filters": job.filters,
        "status": job.status,
        "records": job.records,
        "size_bytes": job.size_bytes,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "expires_at": job.expires_at,
        "error": job.error,
        "download_url": (
            reverse("api:export_download", args=[job.pk]) if job.is_downloadable else None
        ),
    }


@api_endpoint(methods=("GET",), scope=ApiToken.Scope.READ)
def export_list(request: HttpRequest, *, user: User, token: ApiToken) -> JsonResponse:
    # Queries: the token (with its user), the jobs.
    jobs = exports_for_user(user=user)
    return JsonResponse({"exports": [_export_json(job) for job in jobs]})


@api_endpoint(methods=("GET",), scope=ApiToken.Scope.READ)
def export_download(request: HttpRequest, pk: int, *, user: User, token: ApiToken):
    return export_file_response(export_get_for_user(user=user, pk=pk))


def _positive_int(raw: str | None, *, default: int, name: str, maximum: int) -> int:
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise ValidationError(
            _("'%(name)s' must be a whole number from 1 to %(maximum)s.")
            % {"name": name, "maximum": maximum}
        )
    return int(raw)


@api_endpoint(methods=("GET",), scope=ApiToken.Scope.READ)
def statement_list(request: HttpRequest, *, user: User, token: ApiToken) -> JsonResponse:
    """The user's own xAPI statements, oldest first. Queries: token, count, one page."""
    try:
        page = _positive_int(request.GET.get("page"), default=1, name="page", maximum=10**7)
        limit = _positive_int(
            request.GET.get("limit"), default=DEFAULT_LIMIT, name="limit", maximum=MAX_LIMIT
        )
    except ValidationError as exc:
        return api_error(400, "bad_query", exc.messages[0])
    attempts = statements_queryset(learners=User.objects.filter(pk=user.pk))
    count = attempts.count()
    offset = (page - 1) * limit
    statements = statements_for(attempts[offset : offset + limit]) if offset < count else []
    url = reverse("api:statement_list")
    has_next = offset + limit < count
    return JsonResponse(
        {
            "count": count,
            "page": page,
            "limit": limit,
            "pages": math.ceil(count / limit) if count else 0,
            "next": f"{url}?page={page + 1}&limit={limit}" if has_next else None,
            "previous": f"{url}?page={page - 1}&limit={limit}" if page > 1 else None,
            "statements": statements,
        }
    )


# Offline sync ------------------------------------------------------------------------------


class BatchItemError(ValueError):
    pass


@dataclass(frozen=True)
class BatchItem:
    index: int
    client_token: uuid.UUID
    question_id: int
    response: dict
    answered_at: datetime
    time_taken_seconds: float | None


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _parse_item(index: int, raw: Any, *, now: datetime, earliest: datetime) -> BatchItem:
    if not isinstance(raw, dict):
        raise BatchItemError("Each item must be a JSON object.")
    try:
        client_token = uuid.UUID(str(raw.get("client_token", "")))
    except ValueError:
        raise BatchItemError("client_token must be a UUID.") from None
    question_id = raw.get("question_id")
    if (
        isinstance(question_id, bool)
        or not isinstance(question_id, int)
        or not 1 <= question_id <= MAX_ID
    ):
        raise BatchItemError("question_id must be a positive integer.")
    response = raw.get("response")
    if not isinstance(response, dict):
        raise BatchItemError('response must be an object: {"choices": [ids]} or {"value": "text"}.')
    if _has_nul(response):
        raise BatchItemError("response contains a NUL character, which no answer can hold.")
    answered_raw = raw.get("answered_at")
    try:
        answered_at = (
            datetime.fromisoformat(answered_raw) if isinstance(answered_raw, str) else None
        )
    except ValueError:
        answered_at = None
    if answered_at is None:
        raise BatchItemError("answered_at must be an ISO 8601 date and time.")
    if answered_at.tzinfo is None:
        raise BatchItemError("answered_at needs a time zone (e.g. 2026-03-01T09:30:00Z).")
    if abs(answered_at.utcoffset()) > MAX_UTC_OFFSET:
        raise BatchItemError("answered_at has a time-zone offset no clock uses (at most ±14:00).")
    answered_at = answered_at.astimezone(UTC)
    if answered_at > now + FUTURE_TOLERANCE:
        raise BatchItemError("answered_at is in the future. Check the device's clock.")
    if answered_at < earliest:
        raise BatchItemError(
            "answered_at is too far in the past: answers are accepted from the last "
            f"{settings.PATHWISE_OFFLINE_WINDOW_DAYS} days, and not from before the account "
            "was created."
        )
    seconds = raw.get("time_taken_seconds")
    if seconds is not None and (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not math.isfinite(seconds)
        or seconds < 0
    ):
        raise BatchItemError("time_taken_seconds must be a number of seconds, 0 or more.")
    return BatchItem(
        index=index,
        client_token=client_token,
        question_id=question_id,
        response=response,
        answered_at=answered_at,
        time_taken_seconds=None if seconds is None else float(seconds),
    )


def _rejected(index: int, token: Any, reason: str) -> dict:
    return {"index": index, "client_token": token, "status": "rejected", "reason": reason}


def _record_item(item: BatchItem, *, user: User, question: Question | None) -> dict:
    token = str(item.client_token)
    if question is None:
        return _rejected(item.index, token, "There is no question with that id.")
    try:
        with transaction.atomic():
            recorded = attempt_record(
                learner=user,
                question=question,
                response=item.response,
                client_token=item.client_token,
                now=item.answered_at,
                time_taken_seconds=item.time_taken_seconds,
                backdated=True,
            )
    except ValidationError as exc:
        return _rejected(item.index, token, " ".join(exc.messages))
    except DatabaseError:
        # One item the database refuses (a value it cannot store) must not block the rest.
        logger.warning("Sync item %s of learner %s could not be stored", item.index, user.pk)
        return _rejected(item.index, token, "The answer could not be stored; check its values.")
    attempt = recorded.attempt
    return {
        "index": item.index,
        "client_token": token,
        "status": "recorded" if recorded.created else "duplicate",
        "attempt_id": attempt.pk,
        "score": attempt.score,
        "is_correct": attempt.is_correct,
    }


def _batch_items(request: HttpRequest) -> list | JsonResponse:
    if request.content_type != "application/json":
        # A form or text/plain body can be sent cross-site by any page without a CORS
        # preflight; a JSON API only reads JSON.
        message = "Send the batch as JSON (Content-Type: application/json)."
        return api_error(415, "unsupported_media_type", message)
    try:
        body = json.loads(request.body, parse_constant=_reject_constant)
    except RequestDataTooBig:
        return api_error(413, "too_large", "The request body is too large. Send fewer items.")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested too deep
        return api_error(400, "malformed_json", "The body is not valid JSON.")
    items = body.get("items") if isinstance(body, dict) else body
    if not isinstance(items, list):
        return api_error(400, "bad_body", 'Send a JSON list of items or {"items": [...]}.')
    if len(items) > MAX_BATCH_ITEMS:
        return api_error(
            413,
            "too_many_items",
            f"A batch holds at most {MAX_BATCH_ITEMS} items; this one has {len(items)}. "
            "Split it into smaller batches.",
        )
    return items


@api_endpoint(methods=("POST",), scope=ApiToken.Scope.SYNC)
def attempts_batch(request: HttpRequest, *, user: User, token: ApiToken) -> JsonResponse:
    """Record answers made offline, oldest first, each in its own transaction.

    Each item is ``recorded``, a ``duplicate`` (its client_token was seen before: nothing
    is written, so re-sending a batch is safe) or ``rejected`` with a reason.
    """
    items = _batch_items(request)
    if isinstance(items, JsonResponse):
        return items
    now = timezone.now()
    earliest = max(user.date_joined, now - timedelta(days=settings.PATHWISE_OFFLINE_WINDOW_DAYS))
    results: list[dict | None] = [None] * len(items)
    parsed: list[BatchItem] = []
    for index, raw in enumerate(items):
        try:
            parsed.append(_parse_item(index, raw, now=now, earliest=earliest))
        except BatchItemError as exc:
            token_value = raw.get("client_token") if isinstance(raw, dict) else None
            results[index] = _rejected(index, token_value, str(exc))
    questions = (
        Question.objects.select_related("concept__topic__subject")
        .prefetch_related("choices")
        .in_bulk({item.question_id for item in parsed})
    )
    for item in sorted(parsed, key=lambda i: (i.answered_at, i.index)):
        results[item.index] = _record_item(
            item, user=user, question=questions.get(item.question_id)
        )
    summary = {
        status: sum(1 for r in results if r and r["status"] == status)
        for status in ("recorded", "duplicate", "rejected")
    }
    return JsonResponse({**summary, "results": results})
