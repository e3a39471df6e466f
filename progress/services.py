"""Writes for practice: one function per use case, each one transaction.

The answer hot path is :func:`attempt_record`. Its query count does not depend on how much
data exists: every read is a primary-key or unique-key lookup, every write a single row.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import StudentProfile, User
from learning import grading, versioning
from learning.models import Activity, ActivityQuestion, Concept, Question, Topic
from progress import ledger, mastery, metrics, rollups, selectors, snapshot, streaks
from progress.models import (
    Attempt,
    ConceptMastery,
    DailyActivity,
    LearnerGoal,
    LearnerStats,
    LearningEvent,
    MasteryParameters,
    PracticeSession,
    ProgressMetric,
    ProgressSnapshot,
    params_from,
)
from progress.signals import attempt_recorded, concept_mastered, session_completed

# Time on a question is measured server-side and capped: a tab left open over lunch is not
# twenty minutes of study.
MAX_TIME_PER_QUESTION = timedelta(minutes=10)
DEFAULT_SESSION_LENGTH = 10


@dataclass(frozen=True)
class RecordedAttempt:
    attempt: Attempt
    created: bool  # False: the client token was seen before; nothing was written
    concept_mastery: ConceptMastery | None = None
    step: mastery.MasteryStep | None = None
    newly_mastered: bool = False


def _question_snapshot(question: Question, spec: grading.QuestionSpec) -> dict:
    return {
        "kind": question.kind,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "choices": [
            {"id": c.id, "text": c.text, "is_correct": c.is_correct, "feedback": c.feedback}
            for c in spec.choices
        ],
        "numeric_answer": None if spec.numeric_answer is None else str(spec.numeric_answer),
        "tolerance": str(spec.tolerance),
    }


def _session_allows(session: PracticeSession, question: Question) -> bool:
    if session.scope == PracticeSession.Scope.CONCEPT:
        return question.concept_id == session.concept_id
    if session.scope == PracticeSession.Scope.TOPIC:
        return question.concept.topic_id == session.topic_id
    if session.scope == PracticeSession.Scope.ACTIVITY:
        # By id: the answer path reads the session without its activity.
        return ActivityQuestion.objects.filter(
            activity_id=session.activity_id, question=question
        ).exists()
    return True  # review sessions mix any concepts


def _validate_answer_inputs(
    *,
    learner: User,
    question: Question,
    session: PracticeSession | None,
    hints_used: int,
    confidence: int | None,
) -> None:
    if question.status != Question.Status.PUBLISHED:
        raise ValidationError("This question is not available.", code="unpublished")
    if not 0 <= hints_used <= len(question.hints):
        raise ValidationError("The number of hints used is not valid.", code="hints")
    if confidence is not None and confidence not in (1, 2, 3):
        raise ValidationError("Confidence must be 1, 2 or 3.", code="confidence")
    if session is not None:
        if session.learner_id != learner.pk:
            raise ValidationError("That practice session is not yours.", code="session_owner")
        if not session.is_open:
            raise ValidationError(
                "This session has ended. Start a new one to keep practising.", code="closed"
            )
        if not _session_allows(session, question):
            raise ValidationError("That question is not part of this session.", code="out_of_scope")


def attempt_record(
    *,
    learner: User,
    question: Question,
    response: dict,
    client_token: uuid.UUID,
    now: datetime,
    session: PracticeSession | None = None,
    hints_used: int = 0,
    confidence: int | None = None,
    time_taken_seconds: float | None = None,
) -> RecordedAttempt:
    """Grade and record one answer, updating mastery, review and stats in one transaction.

    Resubmitting a ``client_token`` returns the first attempt and writes nothing. Answers of
    one learner are serialised on their ``LearnerStats`` row, so concurrent answers (two tabs)
    both count and no counter loses an update. Bad input raises ``ValidationError`` before
    anything is written.
    """
    with transaction.atomic():
        stats, _ = (
            LearnerStats.objects.select_for_update(of=("self",))
            .select_related("learner__profile")
            .annotate(content_token=versioning.token_subquery())
            .get_or_create(learner=learner)
        )
        # Checked under the learner's lock: a concurrent request with the same token may
        # have committed while we waited, and a replay must not fail validation that the
        # first answer passed (its session may have ended since).
        existing = Attempt.objects.filter(learner=learner, client_token=client_token).first()
        if existing is not None:
            return RecordedAttempt(attempt=existing, created=False)
        _validate_answer_inputs(
            learner=learner,
            question=question,
            session=session,
            hints_used=hints_used,
            confidence=confidence,
        )
        spec = question.to_spec()
        try:
            graded = grading.grade(spec, response)
        except grading.InvalidResponse as exc:
            raise ValidationError(str(exc), code="invalid_response") from exc
        # An activity asks each question once: a second tab must not count it twice.
        if (
            session is not None
            and session.scope == PracticeSession.Scope.ACTIVITY
            and session.attempts.filter(question=question).exists()
        ):
            raise ValidationError(
                "You have already answered this question in this activity.", code="answered"
            )
        timezone_name = _timezone_of(stats.learner)
        today = streaks.local_date(now, timezone_name)
        if time_taken_seconds is None:
            time_taken_seconds = 0.0
            if session is not None and session.served_at is not None:
                elapsed = min(now - session.served_at, MAX_TIME_PER_QUESTION)
                time_taken_seconds = max(0.0, elapsed.total_seconds())
        time_taken_seconds = min(float(time_taken_seconds), MAX_TIME_PER_QUESTION.total_seconds())

        concept_id = question.concept_id
        row = (
            ConceptMastery.objects.select_for_update()
            .filter(learner=learner, concept_id=concept_id)
            .first()
        )
        params = params_from(_mastery_parameters(question.concept))
        advance = ledger.advance_concept(
            ledger.state_of(row),
            score=graded.score,
            is_correct=graded.is_correct,
            hints_used=hints_used,
            confidence=confidence,
            learner_attempts_before=stats.total_attempts,
            now=now,
            params=params,
        )
        step, newly_mastered = advance.step, advance.newly_mastered
        seq_after = stats.total_attempts + 1

        # No savepoint: under the learner's lock the (learner, client_token) key cannot clash.
        attempt = Attempt.objects.create(
            learner=learner,
            question=question,
            concept_id=concept_id,
            session=session,
            client_token=client_token,
            response=graded.response,
            response_text=graded.response_text[:1000],
            score=graded.score,
            is_correct=graded.is_correct,
            time_taken_seconds=time_taken_seconds,
            hints_used=hints_used,
            confidence=confidence,
            question_snapshot=_question_snapshot(question, spec),
            feedback=list(graded.feedback),
            mastery_before=step.p_before,
            mastery_decayed=step.p_decayed,
            mastery_after=step.p_after,
            gap_steps=step.gap_steps,
            elapsed_days=step.elapsed_days,
            created_at=now,
            local_date=today,
        )

        values = {name: getattr(advance.state, name) for name in ledger.STATE_FIELDS}
        if row is None:
            row = ConceptMastery.objects.create(learner=learner, concept_id=concept_id, **values)
        else:
            for field, value in values.items():
                setattr(row, field, value)
            row.save(update_fields=list(values))

        stats.total_attempts = seq_after
        stats.correct_attempts += int(graded.is_correct)
        stats.score_total += graded.score
        stats.seconds_total += time_taken_seconds
        stats.hints_total += hints_used
        stats.last_activity_at = now
        stats.reviews_on_time += int(advance.review_on_time)
        stats.recent_results = list(snapshot.push_result(stats.recent_results, graded.is_correct))
        progress_view = _progress_update(
            learner=learner,
            stats=stats,
            concept=question.concept,
            is_correct=graded.is_correct,
            seconds=time_taken_seconds,
            today=today,
            now=now,
            content_token=getattr(stats, "content_token", None),
        )
        stats.save()
        if newly_mastered:
            LearningEvent.objects.create(
                learner=learner,
                kind=LearningEvent.Kind.CONCEPT_MASTERED,
                concept_id=concept_id,
                session=session,
                data={"p_known": step.p_after},
                created_at=now,
            )
        if session is not None:
            # Conditional on the session still being open: if it ended while this answer
            # was on its way (another tab finished it), everything above rolls back.
            still_open = PracticeSession.objects.filter(
                pk=session.pk, status=PracticeSession.Status.IN_PROGRESS
            ).update(
                question_count=F("question_count") + 1,
                correct_count=F("correct_count") + int(graded.is_correct),
                score_total=F("score_total") + graded.score,
                seconds_total=F("seconds_total") + time_taken_seconds,
                current_question=None,
                served_at=None,
                hints_shown=0,
            )
            if not still_open:
                raise ValidationError(
                    "This session has ended. Start a new one to keep practising.", code="closed"
                )
        learner_snapshot = snapshot_of(
            stats,
            learner_id=learner.pk,
            mastered_ids=progress_view.mastered_ids,
            refs=progress_view.refs,
        )
        attempt_recorded.send(
            sender=Attempt,
            attempt=attempt,
            mastery=row,
            stats=stats,
            step=step,
            snapshot=learner_snapshot,
        )
        if newly_mastered:
            concept_mastered.send(
                sender=ConceptMastery, mastery=row, attempt=attempt, snapshot=learner_snapshot
            )
    return RecordedAttempt(
        attempt=attempt, created=True, concept_mastery=row, step=step, newly_mastered=newly_mastered
    )


def snapshot_of(
    stats: LearnerStats | None,
    *,
    learner_id: int,
    mastered_ids: frozenset[int] = frozenset(),
    refs: list[rollups.ConceptRef] | tuple = (),
) -> snapshot.LearnerSnapshot:
    """The learner snapshot signals carry, from a stats row already loaded (or none yet)."""
    if stats is None:
        return snapshot.LearnerSnapshot(learner_id=learner_id)
    return snapshot.LearnerSnapshot(
        learner_id=learner_id,
        total_attempts=stats.total_attempts,
        correct_attempts=stats.correct_attempts,
        current_streak=stats.current_streak,
        longest_streak=stats.longest_streak,
        concepts_mastered=stats.concepts_mastered,
        reviews_on_time=stats.reviews_on_time,
        total_points=stats.total_points,
        recent_results=tuple(stats.recent_results or ()),
        mastered_concept_ids=mastered_ids,
        concept_refs=tuple(refs),
    )


def _timezone_of(user: User) -> str:
    """The timezone from a user whose profile was loaded with select_related (no query)."""
    try:
        name = user.profile.timezone
    except StudentProfile.DoesNotExist:
        name = ""
    return name or settings.PATHWISE_DEFAULT_LEARNER_TIMEZONE


def _mastery_parameters(concept: Concept) -> MasteryParameters | None:
    """The concept's fitted parameters (none: defaults); no query when select_related."""
    try:
        return concept.mastery_parameters
    except MasteryParameters.DoesNotExist:
        return None


def learner_goal(*, learner: User) -> metrics.Goal | None:
    """The learner's goal as the roll-ups need it: one query (the topics joined as rows)."""
    rows = list(LearnerGoal.objects.filter(learner=learner).values_list("subject_id", "topics"))
    if not rows:
        return None
    return metrics.Goal(
        subject_id=rows[0][0], topic_ids=frozenset(t for _, t in rows if t is not None)
    )


def goal_rollup(
    refs: list[rollups.ConceptRef], estimates: dict[int, float], goal: metrics.Goal | None
) -> float | None:
    if goal is None:
        return None
    inside = [r for r in refs if goal.covers(subject_id=r.subject_id, topic_id=r.topic_id)]
    return rollups.curriculum_rollup(inside, estimates).by_subject.get(goal.subject_id)


@dataclass(frozen=True)
class ProgressView:
    """What _progress_update loaded, handed on so receivers need not query it again."""

    refs: tuple[rollups.ConceptRef, ...]
    mastered_ids: frozenset[int]


def _progress_update(
    *,
    learner: User,
    stats: LearnerStats,
    concept: Concept,
    is_correct: bool,
    seconds: float,
    today,
    now: datetime,
    content_token: str | None = None,
) -> ProgressView:
    """Daily activity, streak, daily snapshots, metrics and concept counts for one answer.

    Runs inside attempt_record's transaction with the learner's stats row locked. A fixed
    number of queries: the learner's mastery rows, the curriculum's concept list, the
    learner's metric rows, one upsert, and one daily-activity update (plus, on the first
    answer of a new local day, one snapshot insert).
    """
    previous_day = stats.last_active_date
    # Plain tuples, not model instances: this runs on every answer.
    current = {
        (dimension, key, metric): metrics.Value(value, numerator, denominator)
        for dimension, key, metric, value, numerator, denominator in (
            ProgressMetric.objects.filter(learner=learner).values_list(
                "dimension", "key", "metric", "value", "numerator", "denominator"
            )
        )
    }
    # Snapshot the end of the previous active day before anything changes today.
    if previous_day is not None and today > previous_day and current:
        ProgressSnapshot.objects.bulk_create(
            [
                ProgressSnapshot(
                    learner=learner,
                    date=previous_day,
                    dimension=dimension,
                    key=key,
                    metric=metric,
                    value=v.value,
                )
                for (dimension, key, metric), v in current.items()
            ],
            ignore_conflicts=True,  # history is never overwritten
        )

    updated = DailyActivity.objects.filter(learner=learner, date=today).update(
        attempts=F("attempts") + 1,
        correct=F("correct") + int(is_correct),
        seconds=F("seconds") + seconds,
    )
    if not updated:
        DailyActivity.objects.create(
            learner=learner, date=today, attempts=1, correct=int(is_correct), seconds=seconds
        )
    streak = streaks.streak_after_activity(
        streaks.StreakState(stats.last_active_date, stats.current_streak, stats.longest_streak),
        today,
    )
    stats.last_active_date = streak.last_active_date
    stats.current_streak = streak.current
    stats.longest_streak = streak.longest

    rows = list(
        ConceptMastery.objects.filter(learner=learner).values_list(
            "concept_id", "p_known", "status"
        )
    )
    statuses = [status for _, _, status in rows]
    stats.concepts_mastered = statuses.count(mastery.STATUS_MASTERED)
    stats.concepts_in_progress = statuses.count(mastery.STATUS_IN_PROGRESS)
    stats.concepts_review_needed = statuses.count(mastery.STATUS_REVIEW_NEEDED)
    # The curriculum's concept list changes only when content does: kept per process, keyed
    # by the content version read (for free) with the stats row.
    refs = versioning.cached(
        "progress.concept_refs", content_token, lambda: tuple(selectors.concept_refs())
    )
    estimates = {concept_id: p_known for concept_id, p_known, _ in rows}
    rollup = rollups.curriculum_rollup(refs, estimates)
    goal = learner_goal(learner=learner)
    subject_id = next((r.subject_id for r in refs if r.topic_id == concept.topic_id), None)
    if subject_id is None:
        subject_id = concept.topic.subject_id
    keys = metrics.dimension_keys(subject_id=subject_id, topic_id=concept.topic_id, goal=goal)
    values = {
        **metrics.apply_attempt(current, keys=keys, is_correct=is_correct, seconds=seconds),
        **metrics.mastery_rows(
            keys=keys,
            overall=rollup.overall,
            by_subject=rollup.by_subject,
            by_topic=rollup.by_topic,
            goal_value=goal_rollup(refs, estimates, goal),
        ),
        **metrics.streak_row(streak.current),
    }
    metric_upsert(learner=learner, values=values, now=now)
    return ProgressView(
        refs=refs,
        mastered_ids=frozenset(
            concept_id for concept_id, _, status in rows if status == mastery.STATUS_MASTERED
        ),
    )


def metric_upsert(
    *, learner: User, values: dict[metrics.RowKey, metrics.Value], now: datetime
) -> None:
    """Insert or update metric rows in one statement (the unique key makes it an upsert)."""
    ProgressMetric.objects.bulk_create(
        [
            ProgressMetric(
                learner=learner,
                dimension=dim,
                key=key,
                metric=metric,
                value=v.value,
                numerator=v.numerator,
                denominator=v.denominator,
                updated_at=now,
            )
            for (dim, key, metric), v in values.items()
        ],
        update_conflicts=True,
        unique_fields=["learner", "dimension", "key", "metric"],
        update_fields=["value", "numerator", "denominator", "updated_at"],
    )


# Sessions ------------------------------------------------------------------------------


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
        raise ValidationError("Choose one thing to practise.", code="scope")
    if activity is not None:
        if activity.status != Activity.Status.PUBLISHED:
            raise ValidationError("This activity is not available.", code="unpublished")
        if not activity.items.filter(question__status=Question.Status.PUBLISHED).exists():
            raise ValidationError("This activity has no questions yet.", code="empty")
        session = PracticeSession.objects.create(
            learner=learner,
            scope=PracticeSession.Scope.ACTIVITY,
            activity=activity,
            mode=_kind_to_mode(activity),
            started_at=now,
            target_questions=activity.items.count(),
        )
    elif concept is not None:
        if not Question.objects.published().filter(concept=concept).exists():
            raise ValidationError("This concept has no published questions yet.", code="empty")
        session = PracticeSession.objects.create(
            learner=learner,
            scope=PracticeSession.Scope.CONCEPT,
            concept=concept,
            started_at=now,
            target_questions=DEFAULT_SESSION_LENGTH,
        )
    elif topic is not None:
        if not Question.objects.published().filter(concept__topic=topic).exists():
            raise ValidationError("This topic has no published questions yet.", code="empty")
        session = PracticeSession.objects.create(
            learner=learner,
            scope=PracticeSession.Scope.TOPIC,
            topic=topic,
            started_at=now,
            target_questions=DEFAULT_SESSION_LENGTH,
        )
    else:
        if not ConceptMastery.objects.filter(learner=learner, review_due_at__lte=now).exists():
            raise ValidationError("Nothing is due for review right now.", code="nothing_due")
        session = PracticeSession.objects.create(
            learner=learner,
            scope=PracticeSession.Scope.REVIEW,
            mode=PracticeSession.Mode.REVIEW,
            started_at=now,
            target_questions=DEFAULT_SESSION_LENGTH,
        )
    LearnerStats.objects.get_or_create(learner=learner)
    LearnerStats.objects.filter(learner=learner).update(sessions_started=F("sessions_started") + 1)
    return session


@transaction.atomic
def session_serve(*, session: PracticeSession, question: Question, now: datetime) -> None:
    """Record which question is on screen and since when (for server-side timing)."""
    PracticeSession.objects.filter(pk=session.pk, status=PracticeSession.Status.IN_PROGRESS).update(
        current_question=question, served_at=now, hints_shown=0
    )
    session.current_question = question
    session.served_at = now
    session.hints_shown = 0


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
        raise ValidationError("There is no question on screen to show a hint for.", code="no_q")
    if locked.defers_feedback:
        raise ValidationError("Hints are not available in quizzes and tests.", code="no_hints")
    available = len(locked.current_question.hints)
    if locked.hints_shown < available:
        locked.hints_shown += 1
        locked.save(update_fields=["hints_shown"])
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
    LearnerStats.objects.filter(learner_id=locked.learner_id).update(
        sessions_completed=F("sessions_completed") + 1
    )
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
    stats = LearnerStats.objects.filter(learner_id=locked.learner_id).first()
    learner_snapshot = snapshot_of(stats, learner_id=locked.learner_id)
    session_completed.send(
        sender=PracticeSession, session=locked, result=result, snapshot=learner_snapshot
    )
    return locked
