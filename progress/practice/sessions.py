"""Writes for practice sessions: start, serve a question, reveal a hint, complete.

A session is never longer than what it can serve without repeating a question:
``DEFAULT_SESSION_LENGTH`` questions, or fewer when the concept or topic has fewer published
questions (a concept with 4 questions makes a 4-question session), or, for a review, fewer
concepts due (one question each).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from learning.models import Activity, Concept, Question, Topic
from progress.mastery.selectors import review_needed_q
from progress.metrics import snapshot
from progress.metrics.services import snapshot_of, stats_session_completed, stats_session_started
from progress.models import ConceptMastery, LearningEvent, PracticeSession
from progress.signals import session_completed

DEFAULT_SESSION_LENGTH = 10


def ran_out_message(session: PracticeSession) -> str:
    """What a session that ended before its length says: it never repeats a question, so it
    ends when nothing new is left (a topic session first moves on to its other concepts)."""
    if session.scope == PracticeSession.Scope.REVIEW:
        return _("That was everything due for review. Well done.")
    where = session.concept or session.topic
    if where is None:
        return _(
            "You have answered every question that is available in this session, so it ends "
            "here: questions are not repeated within a session. Come back later to practise "
            "them again."
        )
    return _(
        "You have answered every question in %(name)s that is available in this session, so "
        "it ends here: questions are not repeated within a session. Come back later to "
        "practise them again."
    ) % {"name": where.name}


def _kind_to_mode(activity: Activity) -> str:
    return {
        Activity.Kind.PRACTICE: PracticeSession.Mode.PRACTICE,
        Activity.Kind.QUIZ: PracticeSession.Mode.QUIZ,
        Activity.Kind.TEST: PracticeSession.Mode.TEST,
        Activity.Kind.CHALLENGE: PracticeSession.Mode.CHALLENGE,
    }[activity.kind]


@transaction.atomic
def session_start(
    *,
    learner: User,
    now: datetime,
    concept: Concept | None = None,
    topic: Topic | None = None,
    activity: Activity | None = None,
    review_mode: bool = False,
) -> PracticeSession:
    """Open a practice session on exactly one scope."""
    scopes = [s for s in (concept, topic, activity) if s is not None]
    if len(scopes) + int(review_mode) != 1:
        raise ValidationError(_("Choose one thing to practise."), code="scope")
    if activity is not None:
        if activity.status != Activity.Status.PUBLISHED:
            raise ValidationError(_("This activity is not available."), code="unpublished")
        if not activity.items.filter(question__status=Question.Status.PUBLISHED).exists():
            raise ValidationError(_("This activity has no questions yet."), code="empty")
        session = PracticeSession.objects.create(
            learner=learner,
            scope=PracticeSession.Scope.ACTIVITY,
            activity=activity,
            mode=_kind_to_mode(activity),
            started_at=now,
            target_questions=activity.items.count(),
        )
    elif concept is not None:
        available = Question.objects.published().filter(concept=concept).count()
        if not available:
            raise ValidationError(_("This concept has no published questions yet."), code="empty")
        session = PracticeSession.objects.create(
            learner=learner,
            scope=PracticeSession.Scope.CONCEPT,
            concept=concept,
            started_at=now,
            target_questions=min(DEFAULT_SESSION_LENGTH, available),
        )
    elif topic is not None:
        available = Question.objects.published().filter(concept__topic=topic).count()
        if not available:
            raise ValidationError(_("This topic has no published questions yet."), code="empty")
        session = PracticeSession.objects.create(
            learner=learner,
            scope=PracticeSession.Scope.TOPIC,
            topic=topic,
            started_at=now,
            target_questions=min(DEFAULT_SESSION_LENGTH, available),
        )
    else:
        due = ConceptMastery.objects.filter(review_needed_q(now=now), learner=learner).count()
        if not due:
            raise ValidationError(_("Nothing is due for review right now."), code="nothing_due")
        session = PracticeSession.objects.create(
            learner=learner,
            scope=PracticeSession.Scope.REVIEW,
            mode=PracticeSession.Mode.REVIEW,
            started_at=now,
            target_questions=min(DEFAULT_SESSION_LENGTH, due),
        )
    stats_session_started(learner=learner)
    return session


@transaction.atomic
def session_serve(*, session: PracticeSession, question: Question, now: datetime) -> None:
    """Record which question is on screen and since when (for server-side timing).

    Hints belong to the learner and the question, not to the session: hints this learner
    already revealed for this question in another open session (not answered there since)
    are shown here too, and count against the answer given here."""
    already = hints_revealed_elsewhere(session=session, question=question)
    PracticeSession.objects.filter(pk=session.pk, status=PracticeSession.Status.IN_PROGRESS).update(
        current_question=question, served_at=now, hints_shown=already
    )
    session.current_question = question
    session.served_at = now
    session.hints_shown = already


def _open_sessions_showing(*, learner_id: int, question_id: int):
    return PracticeSession.objects.filter(
        learner_id=learner_id,
        status=PracticeSession.Status.IN_PROGRESS,
        current_question_id=question_id,
    )


def hints_revealed_elsewhere(*, session: PracticeSession, question: Question) -> int:
    shown = (
        _open_sessions_showing(learner_id=session.learner_id, question_id=question.pk)
        .exclude(pk=session.pk)
        .aggregate(most=Max("hints_shown"))["most"]
    )
    return min(shown or 0, len(question.hints))


@transaction.atomic
def session_reveal_hint(*, session: PracticeSession, now: datetime | None = None) -> int:
    """Reveal the next hint of the question on screen; returns how many are now shown."""
    now = now or timezone.now()
    locked = (
        # of=("self",): PostgreSQL cannot lock the nullable side of the outer join.
        PracticeSession.objects.select_for_update(of=("self",))
        .select_related("current_question")
        .get(pk=session.pk)
    )
    if not locked.is_open or locked.current_question is None:
        raise ValidationError(_("There is no question on screen to show a hint for."), code="no_q")
    if locked.defers_feedback:
        raise ValidationError(_("Hints are not available in quizzes and tests."), code="no_hints")
    available = len(locked.current_question.hints)
    if locked.hints_shown < available:
        locked.hints_shown += 1
        locked.save(update_fields=["hints_shown"])
        # The learner has now seen this hint for this question, whichever tab they are in.
        _open_sessions_showing(
            learner_id=locked.learner_id, question_id=locked.current_question_id
        ).filter(hints_shown__lt=locked.hints_shown).update(hints_shown=locked.hints_shown)
        LearningEvent.objects.create(
            learner_id=locked.learner_id,
            kind=LearningEvent.Kind.HINT_SHOWN,
            session=locked,
            concept_id=locked.current_question.concept_id,
            data={"question": locked.current_question_id, "hint": locked.hints_shown},
            created_at=now,
        )
    return locked.hints_shown


@transaction.atomic
def session_complete(*, session: PracticeSession, now: datetime) -> PracticeSession:
    """Close the session (idempotent) and announce it."""
    locked = (
        PracticeSession.objects.select_for_update(of=("self",))
        .select_related("activity")
        .get(pk=session.pk)
    )
    if locked.status != PracticeSession.Status.IN_PROGRESS:
        return locked
    locked.status = PracticeSession.Status.COMPLETED
    locked.ended_at = now
    locked.current_question = None
    locked.served_at = None
    locked.save(update_fields=["status", "ended_at", "current_question", "served_at"])
    LearningEvent.objects.create(
        learner_id=locked.learner_id,
        kind=LearningEvent.Kind.SESSION_COMPLETED,
        session=locked,
        data={"questions": locked.question_count, "correct": locked.correct_count},
        created_at=now,
    )
    activity = locked.activity if locked.activity_id else None
    result = snapshot.SessionResult(
        session_id=locked.pk,
        question_count=locked.question_count,
        correct_count=locked.correct_count,
        score_percent=locked.score_percent,
        activity_id=locked.activity_id,
        pass_mark=activity.pass_mark if activity else None,
        mode=locked.mode,
    )
    stats = stats_session_completed(learner_id=locked.learner_id)
    learner_snapshot = snapshot_of(stats, learner_id=locked.learner_id)
    session_completed.send(
        sender=PracticeSession, session=locked, result=result, snapshot=learner_snapshot
    )
    return locked
