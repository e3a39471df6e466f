"""The answer path: grade and record one answer with everything it changes, in one
transaction (:func:`attempt_record`).

Its query count does not depend on how much data exists: every read is a primary-key or
unique-key lookup, every write a single row (see docs/architecture.md, "The answer hot path").
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.localtime import local_date, timezone_name_of
from accounts.models import User
from learning import grading, versioning
from learning.models import ActivityQuestion, Concept, Question
from learning.number_locale import answer_locale, decimal_mark_for
from progress.mastery import evidence, ledger
from progress.mastery.bkt import MasteryStep
from progress.mastery.status import STATUS_MASTERED
from progress.metrics import services as metrics_services
from progress.metrics.recompute import learner_rederive
from progress.metrics.services import learners_lock
from progress.metrics.totals import Totals, totals_after
from progress.models import (
    Attempt,
    ConceptMastery,
    LearnerStats,
    LearningEvent,
    MasteryParameters,
    PracticeSession,
    params_from,
)
from progress.practice.records import attempt_build, question_snapshot
from progress.signals import attempt_recorded, concept_mastered

# Time on a question is measured server-side and capped: a tab left open over lunch is not
# twenty minutes of study.
MAX_TIME_PER_QUESTION = timedelta(minutes=10)


@dataclass(frozen=True)
class RecordedAttempt:
    attempt: Attempt
    created: bool  # False: the client token was seen before; nothing was written
    concept_mastery: ConceptMastery | None = None
    step: MasteryStep | None = None
    newly_mastered: bool = False


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
        raise ValidationError(_("This question is not available."), code="unpublished")
    if not 0 <= hints_used <= len(question.hints):
        raise ValidationError(_("The number of hints used is not valid."), code="hints")
    if confidence is not None and confidence not in (1, 2, 3):
        raise ValidationError(_("Confidence must be 1, 2 or 3."), code="confidence")
    if session is not None:
        if session.learner_id != learner.pk:
            raise ValidationError(_("That practice session is not yours."), code="session_owner")
        if not session.is_open:
            raise ValidationError(
                _("This session has ended. Start a new one to keep practising."), code="closed"
            )
        if not _session_allows(session, question):
            raise ValidationError(
                _("That question is not part of this session."), code="out_of_scope"
            )
        if session.current_question_id not in (None, question.pk):
            # An old page (the back button, a second tab): its question was answered or
            # replaced. Hints and timing belong to the question on screen.
            raise ValidationError(
                _(
                    "That question is no longer on screen (it was answered or replaced): "
                    "here is the current one."
                ),
                code="not_current",
            )


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
    backdated: bool = False,
    response_locale: str | None = None,
) -> RecordedAttempt:
    """Grade and record one answer, updating mastery, review and stats in one transaction.

    Resubmitting a ``client_token`` returns the first attempt and writes nothing. Answers of
    one learner are serialised on their ``LearnerStats`` row, so concurrent answers (two tabs)
    both count and no counter loses an update. Bad input raises ``ValidationError`` before
    anything is written.

    Answers count in the order the lock gives them: a live answer's time is never earlier
    than the learner's latest answer (``now`` is read before the lock is taken, so a second
    tab may arrive with an earlier clock reading; it is moved up to the latest). A
    ``backdated`` answer (synced from an offline device) keeps its own time; when that time is
    earlier than the learner's latest answer, the answer is inserted where it belongs in
    history and everything derived is rebuilt from the log (``learner_rederive``), so stored
    progress always equals a replay.

    Numbers are read in ``response_locale`` (default: the active interface language; ``es``
    reads ``3,5`` as 3.5), which the attempt keeps so grading it again reads it alike.
    """
    if response_locale is None:
        response_locale = answer_locale()
    with transaction.atomic():
        stats = learners_lock(
            learner_ids=[learner.pk],
            queryset=LearnerStats.objects.select_related("learner__profile").annotate(
                content_token=versioning.token_subquery()
            ),
        )[learner.pk]
        # Checked under the learner's lock: a concurrent request with the same token may
        # have committed while we waited, and a replay must not fail validation that the
        # first answer passed (its session may have ended since).
        existing = Attempt.objects.filter(learner=learner, client_token=client_token).first()
        if existing is not None:
            return RecordedAttempt(attempt=existing, created=False)
        spec = question.to_spec()
        graded = _graded(
            learner=learner,
            question=question,
            spec=spec,
            response=response,
            session=session,
            hints_used=hints_used,
            confidence=confidence,
            response_locale=response_locale,
        )
        latest = stats.last_activity_at
        late = latest is not None and now < latest
        if late and not backdated:
            now, late = latest, False  # counted where the lock put it (see above)
        today = local_date(now, timezone_name_of(stats.learner))
        seconds = _seconds_taken(session=session, now=now, reported=time_taken_seconds)
        if late:
            return _record_late(
                learner=learner,
                question=question,
                spec=spec,
                graded=graded,
                client_token=client_token,
                now=now,
                today=today,
                seconds=seconds,
                hints_used=hints_used,
                confidence=confidence,
                response_locale=response_locale,
            )
        row = (
            ConceptMastery.objects.select_for_update()
            .filter(learner=learner, concept_id=question.concept_id)
            .first()
        )
        advance = ledger.advance_concept(
            ledger.state_of(row),
            question_id=question.pk,
            chance=evidence.chance_of(spec.kind, len(spec.choices)),
            score=graded.score,
            is_correct=graded.is_correct,
            hints_used=hints_used,
            confidence=confidence,
            learner_attempts_before=stats.total_attempts,
            now=now,
            params=params_from(_mastery_parameters(question.concept)),
        )
        # No savepoint: under the learner's lock the (learner, client_token) key cannot clash.
        attempt = attempt_build(
            learner_id=learner.pk,
            question_id=question.pk,
            concept_id=question.concept_id,
            session_id=session.pk if session is not None else None,
            client_token=client_token,
            graded=graded,
            snapshot=question_snapshot(question, spec),
            seconds=seconds,
            hints_used=hints_used,
            confidence=confidence,
            step=advance.step,
            created_at=now,
            local_date=today,
            response_locale=response_locale,
        )
        attempt.question, attempt.session = question, session  # the objects the caller holds
        attempt.save(force_insert=True)
        row = _mastery_save(row, learner=learner, concept_id=question.concept_id, advance=advance)
        totals = totals_after(
            Totals.of(stats),
            is_correct=graded.is_correct,
            score=graded.score,
            seconds=seconds,
            hints_used=hints_used,
            review_on_time=advance.review_on_time,
            at=now,
            local_date=today,
        )
        progress_view = metrics_services.progress_update(
            learner=learner,
            stats=stats,
            totals=totals,
            concept=question.concept,
            is_correct=graded.is_correct,
            seconds=seconds,
            today=today,
            now=now,
            content_token=getattr(stats, "content_token", None),
        )
        stats.save()
        if advance.newly_mastered:
            LearningEvent.objects.create(
                learner=learner,
                kind=LearningEvent.Kind.CONCEPT_MASTERED,
                concept_id=question.concept_id,
                session=session,
                data={"p_known": advance.step.p_after},
                created_at=now,
            )
        if session is not None:
            _session_count(session, graded=graded, seconds=seconds)
        _announce(attempt=attempt, row=row, stats=stats, advance=advance, view=progress_view)
    return RecordedAttempt(
        attempt=attempt,
        created=True,
        concept_mastery=row,
        step=advance.step,
        newly_mastered=advance.newly_mastered,
    )


def _record_late(
    *,
    learner: User,
    question: Question,
    spec: grading.QuestionSpec,
    graded: grading.GradeResult,
    client_token: uuid.UUID,
    now: datetime,
    today,
    seconds: float,
    hints_used: int,
    confidence: int | None,
    response_locale: str,
) -> RecordedAttempt:
    """An offline answer older than the learner's latest: insert it in its place in history
    and rebuild everything derived from the log (runs under the learner's lock)."""
    placeholder = ledger.advance_concept(
        None,
        question_id=question.pk,
        chance=evidence.chance_of(spec.kind, len(spec.choices)),
        score=graded.score,
        is_correct=graded.is_correct,
        hints_used=hints_used,
        confidence=confidence,
        learner_attempts_before=0,
        now=now,
        params=params_from(_mastery_parameters(question.concept)),
    )  # the step is rewritten by the rebuild, in its true place
    attempt = attempt_build(
        learner_id=learner.pk,
        question_id=question.pk,
        concept_id=question.concept_id,
        session_id=None,
        client_token=client_token,
        graded=graded,
        snapshot=question_snapshot(question, spec),
        seconds=seconds,
        hints_used=hints_used,
        confidence=confidence,
        step=placeholder.step,
        created_at=now,
        local_date=today,
        response_locale=response_locale,
    )
    attempt.question = question
    attempt.save(force_insert=True)
    rebuilt = learner_rederive(learner=learner, since=now)
    position = next(i for i, a in enumerate(rebuilt.attempts) if a.pk == attempt.pk)
    advance = rebuilt.replay.steps[position]
    attempt = rebuilt.attempts[position]
    if advance.newly_mastered:
        LearningEvent.objects.create(
            learner=learner,
            kind=LearningEvent.Kind.CONCEPT_MASTERED,
            concept_id=question.concept_id,
            data={"p_known": advance.step.p_after, "synced_late": True},
            created_at=now,
        )
    row = ConceptMastery.objects.get(learner=learner, concept_id=question.concept_id)
    stats = LearnerStats.objects.get(learner=learner)
    view = metrics_services.ProgressView(
        refs=rebuilt.curriculum.refs,
        mastered_ids=frozenset(
            cid for cid, state in rebuilt.replay.concepts.items() if state.status == STATUS_MASTERED
        ),
    )
    _announce(attempt=attempt, row=row, stats=stats, advance=advance, view=view)
    return RecordedAttempt(
        attempt=attempt,
        created=True,
        concept_mastery=row,
        step=advance.step,
        newly_mastered=advance.newly_mastered,
    )


def _graded(
    *,
    learner: User,
    question: Question,
    spec: grading.QuestionSpec,
    response: dict,
    session: PracticeSession | None,
    hints_used: int,
    confidence: int | None,
    response_locale: str,
) -> grading.GradeResult:
    """Validate the answer's inputs and grade it; ``ValidationError`` before any write."""
    _validate_answer_inputs(
        learner=learner,
        question=question,
        session=session,
        hints_used=hints_used,
        confidence=confidence,
    )
    try:
        graded = grading.grade(spec, response, decimal_mark=decimal_mark_for(response_locale))
    except grading.InvalidResponse as exc:
        raise ValidationError(str(exc), code="invalid_response") from exc
    # An activity asks each question once: a second tab must not count it twice.
    if (
        session is not None
        and session.scope == PracticeSession.Scope.ACTIVITY
        and session.attempts.filter(question=question).exists()
    ):
        raise ValidationError(
            _("You have already answered this question in this activity."), code="answered"
        )
    return graded


def _seconds_taken(
    *, session: PracticeSession | None, now: datetime, reported: float | None
) -> float:
    """Time on the question: measured on the server from when it was served (or as reported
    by an offline client), capped at MAX_TIME_PER_QUESTION."""
    if reported is None:
        reported = 0.0
        if session is not None and session.served_at is not None:
            elapsed = min(now - session.served_at, MAX_TIME_PER_QUESTION)
            reported = max(0.0, elapsed.total_seconds())
    return min(float(reported), MAX_TIME_PER_QUESTION.total_seconds())


def _mastery_save(
    row: ConceptMastery | None, *, learner: User, concept_id: int, advance: ledger.ConceptAdvance
) -> ConceptMastery:
    values = {name: getattr(advance.state, name) for name in ledger.STATE_FIELDS}
    if row is None:
        return ConceptMastery.objects.create(learner=learner, concept_id=concept_id, **values)
    for field, value in values.items():
        setattr(row, field, value)
    row.save(update_fields=list(values))
    return row


def _session_count(session: PracticeSession, *, graded: grading.GradeResult, seconds: float):
    """Count the answer on its session, conditional on the session still being open: if it
    ended while this answer was on its way (another tab finished it), everything rolls back."""
    still_open = PracticeSession.objects.filter(
        pk=session.pk, status=PracticeSession.Status.IN_PROGRESS
    ).update(
        question_count=F("question_count") + 1,
        correct_count=F("correct_count") + int(graded.is_correct),
        score_total=F("score_total") + graded.score,
        seconds_total=F("seconds_total") + seconds,
        current_question=None,
        served_at=None,
        hints_shown=0,
    )
    if not still_open:
        raise ValidationError(
            _("This session has ended. Start a new one to keep practising."), code="closed"
        )


def _announce(
    *,
    attempt: Attempt,
    row: ConceptMastery,
    stats: LearnerStats,
    advance: ledger.ConceptAdvance,
    view: metrics_services.ProgressView,
) -> None:
    """Tell the apps above (badges) what happened, with what this answer already loaded."""
    learner_snapshot = metrics_services.snapshot_of(
        stats, learner_id=attempt.learner_id, mastered_ids=view.mastered_ids, refs=view.refs
    )
    attempt_recorded.send(
        sender=Attempt,
        attempt=attempt,
        mastery=row,
        stats=stats,
        step=advance.step,
        snapshot=learner_snapshot,
    )
    if advance.newly_mastered:
        concept_mastered.send(
            sender=ConceptMastery, mastery=row, attempt=attempt, snapshot=learner_snapshot
        )


def _mastery_parameters(concept: Concept) -> MasteryParameters | None:
    """The concept's fitted parameters (none: defaults); no query when select_related."""
    try:
        return concept.mastery_parameters
    except MasteryParameters.DoesNotExist:
        return None
