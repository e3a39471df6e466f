"""Importing answers given in the past, in bulk: simulated demo histories, or histories
moved from another tool.

Each answer is graded by the real grader, built by ``records.attempt_build`` with the
mastery step the replay gives it (the same replay ``recompute_progress`` runs), inserted with
``bulk_create``, and every derived table is written from that same replay: the result is
exactly what ``attempt_record`` would have stored, answer by answer, and recompute finds no
drift. Only learners without attempts are imported (a re-run adds nothing).
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from accounts.localtime import local_date
from learning import grading
from learning.models import Choice, Question
from learning.number_locale import decimal_mark_for
from progress.mastery import evidence
from progress.metrics.recompute import curriculum_for_replay, derived_write
from progress.metrics.replay import Answer, replay
from progress.metrics.selectors import learner_goal
from progress.metrics.services import learners_lock
from progress.models import Attempt, LearningEvent
from progress.practice.answers import MAX_TIME_PER_QUESTION
from progress.practice.records import attempt_build, question_snapshot

BATCH_SIZE = 1000


@dataclass(frozen=True)
class PastAnswer:
    question_id: int
    response: dict
    answered_at: datetime  # timezone-aware
    seconds: float
    hints_used: int = 0
    confidence: int | None = None
    # The language the answer was given in ("es" reads 3,5 as 3.5); blank: the default.
    locale: str = ""


@dataclass
class ImportResult:
    attempts_created: int = 0
    learners_imported: list[int] = field(default_factory=list)
    learners_skipped: list[int] = field(default_factory=list)  # they already had attempts


@dataclass(frozen=True)
class _Question:
    question: Question
    spec: grading.QuestionSpec
    snapshot: dict


def _questions(ids: set[int]) -> dict[int, _Question]:
    questions = (
        Question.objects.filter(pk__in=ids)
        .select_related("concept__topic__subject")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("order", "pk")))
    )
    out = {}
    for question in questions:
        spec = question.to_spec()
        out[question.pk] = _Question(question, spec, question_snapshot(question, spec))
    return out


@transaction.atomic
def histories_import(
    *, histories: Mapping[int, Sequence[PastAnswer]], timezones: Mapping[int, str]
) -> ImportResult:
    """Record ``histories`` ({learner id: answers}) for the learners who have none yet.

    ``timezones`` gives each learner's timezone name (their local dates come from it).
    A question that does not exist or a response it cannot grade raises ``ValidationError``
    naming the learner and the answer, and nothing is written.
    """
    result = ImportResult()
    learner_ids = sorted(histories)
    if not learner_ids:
        return result
    learners_lock(learner_ids=learner_ids)
    has_history = set(
        Attempt.objects.filter(learner_id__in=learner_ids)
        .values_list("learner_id", flat=True)
        .distinct()
    )
    result.learners_skipped = [pk for pk in learner_ids if pk in has_history]
    todo = [pk for pk in learner_ids if pk not in has_history and histories[pk]]
    questions = _questions({a.question_id for pk in todo for a in histories[pk]})
    curriculum = curriculum_for_replay()
    pending: list[Attempt] = []
    events: list[LearningEvent] = []
    for learner_id in todo:
        answers = sorted(histories[learner_id], key=lambda a: a.answered_at)
        rows, mastered, derived = _learner_rows(
            learner_id, answers, questions, curriculum, timezones.get(learner_id)
        )
        pending += rows
        events += mastered
        if len(pending) >= BATCH_SIZE:
            Attempt.objects.bulk_create(pending, batch_size=BATCH_SIZE)
            pending = []
        derived_write(learner_id=learner_id, replay=derived)
        result.attempts_created += len(rows)
        result.learners_imported.append(learner_id)
    Attempt.objects.bulk_create(pending, batch_size=BATCH_SIZE)
    LearningEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    return result


def _learner_rows(learner_id, answers, questions, curriculum, timezone_name):
    graded_answers = []
    for n, answer in enumerate(answers, start=1):
        q = questions.get(answer.question_id)
        if q is None:
            raise ValidationError(
                _("Learner %(learner_id)s, answer %(n)s: there is no question %(question_id)s.")
                % {"learner_id": learner_id, "n": n, "question_id": answer.question_id}
            )
        try:
            graded = grading.grade(
                q.spec, answer.response, decimal_mark=decimal_mark_for(answer.locale)
            )
        except grading.InvalidResponse as exc:
            raise ValidationError(
                _("Learner %(learner_id)s, answer %(n)s: %(exc)s")
                % {"learner_id": learner_id, "n": n, "exc": exc}
            ) from exc
        graded_answers.append((answer, q, graded, local_date(answer.answered_at, timezone_name)))
    derived = replay(
        (
            Answer(
                concept_id=q.question.concept_id,
                topic_id=q.question.concept.topic_id,
                question_id=q.question.pk,
                chance=evidence.chance_of(q.spec.kind, len(q.spec.choices)),
                score=graded.score,
                is_correct=graded.is_correct,
                hints_used=answer.hints_used,
                confidence=answer.confidence,
                seconds=_capped(answer.seconds),
                created_at=answer.answered_at,
                local_date=day,
            )
            for answer, q, graded, day in graded_answers
        ),
        curriculum=curriculum,
        goal=learner_goal(learner_id=learner_id),
    )
    rows, events = [], []
    for (answer, q, graded, day), advance in zip(graded_answers, derived.steps, strict=True):
        rows.append(
            attempt_build(
                learner_id=learner_id,
                question_id=q.question.pk,
                concept_id=q.question.concept_id,
                session_id=None,
                client_token=uuid.uuid4(),
                graded=graded,
                snapshot=q.snapshot,
                seconds=_capped(answer.seconds),
                hints_used=answer.hints_used,
                confidence=answer.confidence,
                step=advance.step,
                created_at=answer.answered_at,
                local_date=day,
                response_locale=answer.locale,
            )
        )
        if advance.newly_mastered:
            events.append(
                LearningEvent(
                    learner_id=learner_id,
                    kind=LearningEvent.Kind.CONCEPT_MASTERED,
                    concept_id=q.question.concept_id,
                    data={"p_known": advance.step.p_after},
                    created_at=answer.answered_at,
                )
            )
    return rows, events, derived


def _capped(seconds: float) -> float:
    return max(0.0, min(float(seconds), MAX_TIME_PER_QUESTION.total_seconds()))
