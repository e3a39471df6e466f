"""xAPI statements from the ORM: the facts ``progress.interop.xapi`` (pure) builds from.

One place turns an ``Attempt`` (and a completed session) into statement facts, for the
xAPI export, the statements API and LRS forwarding alike, so a statement has the same id
and the same content whichever way it leaves.

The content's language is the one snapshotted on the attempt; attempts recorded before the
snapshot carried it fall back to the question's language as it is now (its own, else its
subject's).
"""

from collections.abc import Iterable

from django.conf import settings
from django.db.models import F, QuerySet

from accounts.models import User
from learning.models import Concept
from progress.assignments.models import AssignmentSession
from progress.interop import xapi
from progress.models import Attempt, PracticeSession


def attempt_facts(attempt: Attempt, *, concept: Concept) -> xapi.AttemptFacts:
    """Facts of one attempt; ``concept`` is the attempt's, with its topic and subject
    loaded (and ``attempt.question`` loaded when the snapshot predates its language)."""
    snapshot = attempt.question_snapshot or {}
    subject_language = concept.topic.subject.language
    language = snapshot.get("language") or attempt.question.language or subject_language
    return xapi.AttemptFacts(
        learner_id=attempt.learner_id,
        client_token=attempt.client_token,
        question_id=attempt.question_id,
        snapshot=snapshot,
        concept_slug=concept.slug,
        concept_name=concept.name,
        response=attempt.response or {},
        response_text=attempt.response_text,
        score=attempt.score,
        is_correct=attempt.is_correct,
        time_taken_seconds=attempt.time_taken_seconds,
        hints_used=attempt.hints_used,
        created_at=attempt.created_at,
        language=language,
        concept_language=subject_language,
        assignment_id=getattr(attempt, "assignment_ref", None),
        assignment_title=getattr(attempt, "assignment_title", None) or "",
    )


ASSIGNMENT_LINK = "session__assignment_link"


def with_assignment(attempts: QuerySet[Attempt]) -> QuerySet[Attempt]:
    """Annotate the assignment each answer's session was started from (if any) and the title
    it had then: the statement's grouping activity."""
    return attempts.annotate(
        assignment_ref=F(f"{ASSIGNMENT_LINK}__assignment_id"),
        assignment_title=F(f"{ASSIGNMENT_LINK}__title"),
    )


def assignment_load(attempt: Attempt) -> None:
    """The same annotation for one attempt held in memory (from its session when the answer
    path loaded it with it, else 1 query), so a live statement equals the exported one."""
    if hasattr(attempt, "assignment_ref"):
        return
    session = attempt.session if Attempt.session.is_cached(attempt) else None
    if session is not None and hasattr(session, "assignment_ref"):  # session_for_answer's
        attempt.assignment_ref = session.assignment_ref
        attempt.assignment_title = session.assignment_title or ""
        return
    link = None
    if attempt.session_id is not None:
        link = (
            AssignmentSession.objects.filter(session_id=attempt.session_id)
            .values_list("assignment_id", "title")
            .first()
        )
    attempt.assignment_ref, attempt.assignment_title = link or (None, "")


def attempt_statement(attempt: Attempt, *, concept: Concept) -> dict:
    return xapi.attempt_statement(
        attempt_facts(attempt, concept=concept), id_base=settings.PATHWISE_LRS_ID_BASE
    )


def statements_queryset(*, learners: QuerySet[User]) -> QuerySet[Attempt]:
    """Attempts shaped for xAPI statements, oldest first (1 query: concept, its topic and
    subject, the question's language, and the assignment the answer's session was started
    from, if any, joined)."""
    return (
        with_assignment(Attempt.objects.filter(learner__in=learners))
        .select_related("concept__topic__subject", "question")
        .only(
            "learner_id",
            "client_token",
            "question_id",
            "question__language",
            "question_snapshot",
            "concept__slug",
            "concept__name",
            "concept__topic__subject__language",
            "response",
            "response_text",
            "score",
            "is_correct",
            "time_taken_seconds",
            "hints_used",
            "created_at",
        )
        .order_by("created_at", "pk")
    )


def statements_for(attempts: Iterable[Attempt]) -> list[dict]:
    """Statements of attempts from :func:`statements_queryset`."""
    return [attempt_statement(a, concept=a.concept) for a in attempts]


SESSION_RELATED = (
    "concept__topic__subject",
    "topic__subject",
    "activity__concept__topic__subject",
    "activity__topic__subject",
)


def session_facts(session: PracticeSession) -> xapi.SessionFacts:
    """Facts of a completed session, loaded with ``select_related(*SESSION_RELATED)`` (the
    subject gives the language)."""
    scope_ref, scope_name = "", ""
    subject = None
    if session.scope == PracticeSession.Scope.CONCEPT and session.concept is not None:
        scope_ref, scope_name = session.concept.slug, session.concept.name
        subject = session.concept.topic.subject
    elif session.scope == PracticeSession.Scope.TOPIC and session.topic is not None:
        scope_ref, scope_name = session.topic.slug, session.topic.name
        subject = session.topic.subject
    elif session.scope == PracticeSession.Scope.ACTIVITY and session.activity is not None:
        activity = session.activity
        scope_ref, scope_name = activity.slug, activity.name
        if activity.concept is not None:
            subject = activity.concept.topic.subject
        elif activity.topic is not None:
            subject = activity.topic.subject
    pass_mark = session.activity.pass_mark if session.activity_id else None
    score = session.score_percent
    return xapi.SessionFacts(
        learner_id=session.learner_id,
        session_id=session.pk,
        scope=session.scope,
        scope_ref=scope_ref,
        scope_name=scope_name,
        mode=session.mode,
        language=subject.language if subject else settings.PATHWISE_CONTENT_LANGUAGE,
        question_count=session.question_count,
        correct_count=session.correct_count,
        score_percent=score,
        passed=None if pass_mark is None or score is None else score >= pass_mark,
        started_at=session.started_at,
        ended_at=session.ended_at,
    )
