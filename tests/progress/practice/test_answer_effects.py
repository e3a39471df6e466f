"""What an answer changes: mastery, review, stats and gaps."""

from datetime import timedelta

import pytest

from learning.models import Question
from progress.mastery.bkt import DEFAULT_PARAMS, display_params
from progress.mastery.status import MASTERED_THRESHOLD
from progress.models import ConceptMastery, LearnerStats
from tests.factories import (
    ConceptFactory,
    QuestionFactory,
    answer_for,
)
from tests.progress.helpers import NOW, choice_ids, record

pytestmark = pytest.mark.django_db

KINDS = [k.value for k in Question.Kind]
TEN_MB = "x" * (10 * 1024 * 1024)


# ------------------------------------------------------------------ mastery and review


def test_mastery_rises_after_a_right_answer_and_falls_after_a_wrong_one(student):
    first_q, second_q, third_q = QuestionFactory.create_batch(3, concept=ConceptFactory())
    first = record(student, first_q)
    assert first.attempt.mastery_before is None
    assert first.attempt.mastery_after > display_params(DEFAULT_PARAMS).prior
    right = record(student, second_q, now=NOW + timedelta(minutes=1))
    assert right.attempt.mastery_before == pytest.approx(first.attempt.mastery_after)
    assert right.attempt.mastery_after > right.attempt.mastery_before
    wrong = record(
        student, third_q, answer_for(third_q, correct=False), now=NOW + timedelta(minutes=2)
    )
    assert wrong.attempt.mastery_after < wrong.attempt.mastery_before
    row = ConceptMastery.objects.get(learner=student, concept=first_q.concept)
    assert row.p_known == pytest.approx(wrong.attempt.mastery_after)
    assert (row.attempts, row.correct) == (3, 2)
    assert [a.attempt.evidence for a in (first, right, wrong)] == [1.0, 1.0, 1.0]


def test_one_right_first_answer_reads_at_most_about_sixty_percent(student):
    for kind in KINDS:
        question = QuestionFactory(kind=kind)
        result = record(student, question)
        assert result.attempt.mastery_after <= 0.6, kind


def test_repeating_the_answer_just_shown_is_practice_and_never_masters(student, signal_log):
    question = QuestionFactory()
    wrong = record(student, question, answer_for(question, correct=False))
    for second in range(1, 30):  # the revealed answer, again and again
        again = record(student, question, now=NOW + timedelta(seconds=3 * second))
        assert again.attempt.evidence == 0.0
        assert again.attempt.mastery_after == wrong.attempt.mastery_after
    row = ConceptMastery.objects.get(learner=student, concept=question.concept)
    assert row.status == ConceptMastery.Status.IN_PROGRESS
    assert (row.attempts, row.correct) == (30, 29)  # every answer is still stored and counted
    assert not [name for name, _ in signal_log if name == "concept_mastered"]


def test_mastered_after_right_answers_on_three_questions_and_the_signal_fires_once(
    student, signal_log
):
    questions = QuestionFactory.create_batch(8, concept=ConceptFactory())
    statuses = []
    results = []
    for minute, question in enumerate(questions):
        results.append(record(student, question, now=NOW + timedelta(minutes=minute)))
        row = ConceptMastery.objects.get(learner=student, concept=question.concept)
        statuses.append((row.status, row.p_known))
    first = next(i for i, (s, _) in enumerate(statuses) if s == ConceptMastery.Status.MASTERED)
    assert 2 <= first <= 7  # three different questions at least, about eight answers at most
    assert statuses[first][1] >= MASTERED_THRESHOLD
    assert all(s == ConceptMastery.Status.MASTERED for s, _ in statuses[first:])
    assert [r.newly_mastered for r in results] == [i == first for i in range(8)]
    fired = [kwargs for name, kwargs in signal_log if name == "concept_mastered"]
    assert len(fired) == 1
    assert fired[0]["attempt"] == results[first].attempt
    row = ConceptMastery.objects.get(learner=student, concept=questions[0].concept)
    assert row.was_mastered
    assert row.mastered_at == NOW + timedelta(minutes=first)


def test_wrong_answers_never_master(student, signal_log):
    question = QuestionFactory()
    for minute in range(5):
        wrong = answer_for(question, correct=False)
        record(student, question, wrong, now=NOW + timedelta(minutes=minute))
    row = ConceptMastery.objects.get(learner=student, concept=question.concept)
    assert row.status == ConceptMastery.Status.IN_PROGRESS
    assert not signal_log


def test_review_due_is_set_and_not_moved_by_answers_in_the_same_sitting(student):
    question = QuestionFactory()
    record(student, question)
    row = ConceptMastery.objects.get(learner=student)
    assert row.review_due_at is not None
    assert row.review_due_at > NOW
    due = row.review_due_at
    record(student, question, now=NOW + timedelta(hours=1))
    row.refresh_from_db()
    assert row.review_due_at == due  # one review per sitting
    record(student, question, now=NOW + timedelta(days=3))
    row.refresh_from_db()
    assert row.review_due_at > NOW + timedelta(days=3)


def test_learner_stats_counters(student):
    question = QuestionFactory(kind="multiple", hint_2="Another")
    record(student, question)
    record(student, question, answer_for(question, correct=False), now=NOW + timedelta(minutes=1))
    record(
        student,
        question,
        {"choices": choice_ids(question, "2")},
        hints_used=2,
        now=NOW + timedelta(minutes=2),
    )
    stats = LearnerStats.objects.get(learner=student)
    assert stats.total_attempts == 3
    assert stats.correct_attempts == 1
    assert stats.score_total == pytest.approx(1.5)
    assert stats.hints_total == 2
    assert stats.last_activity_at == NOW + timedelta(minutes=2)
    assert stats.accuracy == pytest.approx(1 / 3)
    row = ConceptMastery.objects.get(learner=student)
    assert row.learner_attempt_seq == 3


def test_practising_elsewhere_in_between_is_recorded_as_a_gap(student):
    first, other = QuestionFactory(), QuestionFactory()
    record(student, first)
    record(student, other, now=NOW + timedelta(minutes=1))
    record(student, other, now=NOW + timedelta(minutes=2))
    again = record(student, first, now=NOW + timedelta(minutes=3)).attempt
    assert again.gap_steps == 2
