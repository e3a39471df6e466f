"""Queueing statements for the LRS, inside the transaction of what they record.

Each function is a no-op without a query when no LRS is configured
(``DJANGO_LRS_ENDPOINT`` unset). Guests are not forwarded: their practice reaches the LRS
when they claim an account (``on_learner_merged``), under that account, so the LRS never
holds a learner that is deleted a month later.

Costs, when an LRS is configured: an answer adds one INSERT to its transaction; a completed
session one read (the session with what it practised) and one INSERT; a badge award one
read (who is a guest) and one INSERT for all of its awards.
"""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings

from accounts.models import User
from progress.interop import statements as facts
from progress.interop import xapi
from progress.interop.models import LrsStatement
from progress.models import Attempt, PracticeSession


def lrs_enabled() -> bool:
    return bool(settings.PATHWISE_LRS_ENDPOINT)


def _row(*, learner_id: int, kind: str, statement: dict, now: datetime) -> LrsStatement:
    return LrsStatement(
        statement_id=statement["id"],
        learner_id=learner_id,
        kind=kind,
        statement=statement,
        created_at=now,
        next_attempt_at=now,
    )


def attempt_queue(*, attempt: Attempt, is_guest: bool) -> LrsStatement | None:
    """The answer's statement (one INSERT). ``attempt.question`` is the question answered,
    loaded with its concept, topic and subject, as the answer path holds it."""
    if not lrs_enabled() or is_guest:
        return None
    facts.assignment_load(attempt)
    statement = facts.attempt_statement(attempt, concept=attempt.question.concept)
    row = _row(
        learner_id=attempt.learner_id,
        kind=LrsStatement.Kind.ANSWERED,
        statement=statement,
        now=attempt.created_at,
    )
    row.save(force_insert=True)
    return row


def session_queue(*, session: PracticeSession) -> LrsStatement | None:
    """The completed session's statement (one read, one INSERT)."""
    if not lrs_enabled():
        return None
    loaded = (
        PracticeSession.objects.select_related("learner", *facts.SESSION_RELATED)
        .filter(pk=session.pk)
        .first()
    )
    if loaded is None or loaded.learner.is_guest or loaded.ended_at is None:
        return None
    statement = xapi.session_statement(
        facts.session_facts(loaded), id_base=settings.PATHWISE_LRS_ID_BASE
    )
    row = _row(
        learner_id=loaded.learner_id,
        kind=LrsStatement.Kind.COMPLETED,
        statement=statement,
        now=loaded.ended_at,
    )
    row.save(force_insert=True)
    return row


def earned_queue(*, earned: Iterable[xapi.EarnedFacts], now: datetime) -> int:
    """Statements for badge awards (the achievements app calls this with its awards)."""
    earned = list(earned)
    if not lrs_enabled() or not earned:
        return 0
    guests = set(
        User.objects.filter(pk__in={e.learner_id for e in earned}, is_guest=True).values_list(
            "pk", flat=True
        )
    )
    base = settings.PATHWISE_LRS_ID_BASE
    rows = [
        _row(
            learner_id=e.learner_id,
            kind=LrsStatement.Kind.EARNED,
            statement=xapi.earned_statement(e, id_base=base),
            now=now,
        )
        for e in earned
        if e.learner_id not in guests
    ]
    LrsStatement.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def on_attempt_recorded(sender, *, attempt, stats, **kwargs) -> None:
    attempt_queue(attempt=attempt, is_guest=stats.learner.is_guest)


def on_session_completed(sender, *, session, **kwargs) -> None:
    session_queue(session=session)


def on_learner_merged(sender, *, source: User, target: User, attempt_ids=(), **kwargs) -> None:
    """A guest's answers, now the account's: queue them under the account (its learner id
    makes new statement ids; the guest's were never sent)."""
    if not lrs_enabled() or target.is_guest or not attempt_ids:
        return
    attempts = (
        facts.with_assignment(Attempt.objects.filter(pk__in=list(attempt_ids), learner=target))
        .select_related("concept__topic__subject", "question")
        .order_by("created_at", "pk")
    )
    rows = [
        _row(
            learner_id=target.pk,
            kind=LrsStatement.Kind.ANSWERED,
            statement=facts.attempt_statement(a, concept=a.concept),
            now=a.created_at,
        )
        for a in attempts.iterator(chunk_size=500)
    ]
    LrsStatement.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
