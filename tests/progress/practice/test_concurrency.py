"""Concurrent answers by one learner, on real PostgreSQL connections (one per thread).

Run with ``DATABASE_URL=postgres://...``; on SQLite the module skips (SQLite serialises
writers on one file lock, so it cannot show a lost update or a row-lock bug).
"""

import itertools
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from learning.models import Question
from progress.models import Attempt, ConceptMastery, LearnerStats, PracticeSession
from progress.practice.answers import attempt_record
from progress.practice.sessions import session_complete, session_reveal_hint, session_serve
from progress.signals import session_completed
from tests.concurrency import run_together
from tests.factories import (
    PracticeSessionFactory,
    QuestionFactory,
    StudentFactory,
    answer_for,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_only"),
]

THREADS = 8
ANSWERS_PER_THREAD = 3


def answer(*, learner_pk, question_pk, session_pk, token=None, correct=True):
    """One answer as a request would make it: fresh objects from the thread's connection."""
    learner = get_user_model().objects.get(pk=learner_pk)
    question = Question.objects.get(pk=question_pk)
    session = PracticeSession.objects.get(pk=session_pk)
    return attempt_record(
        learner=learner,
        question=question,
        response=answer_for(question, correct=correct),
        client_token=token or uuid.uuid4(),
        now=timezone.now(),
        session=session,
    )


@pytest.fixture
def setup():
    learner = StudentFactory()
    question = QuestionFactory(kind="single")
    session = PracticeSessionFactory(
        learner=learner, concept=question.concept, target_questions=100
    )
    # No LearnerStats and no ConceptMastery yet: the first answers race to create them too.
    assert not LearnerStats.objects.filter(learner=learner).exists()
    return {"learner_pk": learner.pk, "question_pk": question.pk, "session_pk": session.pk}


def test_simultaneous_answers_all_count_and_no_counter_loses_an_update(setup):
    def work(i):
        return [
            answer(**setup, correct=(i + n) % 2 == 0).created for n in range(ANSWERS_PER_THREAD)
        ]

    results = run_together(THREADS, work)

    total = THREADS * ANSWERS_PER_THREAD
    correct = sum((i + n) % 2 == 0 for i in range(THREADS) for n in range(ANSWERS_PER_THREAD))
    assert all(all(created) for created in results)
    assert Attempt.objects.filter(learner_id=setup["learner_pk"]).count() == total
    stats = LearnerStats.objects.get(learner_id=setup["learner_pk"])
    assert stats.total_attempts == total
    assert stats.correct_attempts == correct
    assert stats.score_total == correct
    row = ConceptMastery.objects.get(learner_id=setup["learner_pk"])
    assert row.attempts == total
    assert row.correct == correct
    assert row.learner_attempt_seq == total
    session = PracticeSession.objects.get(pk=setup["session_pk"])
    assert session.question_count == total
    assert session.correct_count == correct
    assert session.score_total == correct
    # Serialised on the learner's lock: each answer saw the previous one's estimate.
    attempts = list(Attempt.objects.order_by("pk"))
    assert attempts[0].mastery_before is None
    for previous, current in itertools.pairwise(attempts):
        assert current.mastery_before == pytest.approx(previous.mastery_after)


def test_the_same_token_from_two_threads_records_exactly_one_attempt(setup):
    token = uuid.uuid4()
    results = run_together(2, lambda i: answer(**setup, token=token))

    assert Attempt.objects.count() == 1
    assert sorted(r.created for r in results) == [False, True]
    assert results[0].attempt.pk == results[1].attempt.pk
    assert LearnerStats.objects.get(learner_id=setup["learner_pk"]).total_attempts == 1
    assert PracticeSession.objects.get(pk=setup["session_pk"]).question_count == 1
    assert ConceptMastery.objects.get(learner_id=setup["learner_pk"]).attempts == 1


def test_many_threads_resubmitting_one_token_still_record_once(setup):
    token = uuid.uuid4()
    results = run_together(THREADS, lambda i: answer(**setup, token=token).created)
    assert results.count(True) == 1
    assert Attempt.objects.count() == 1
    assert LearnerStats.objects.get(learner_id=setup["learner_pk"]).total_attempts == 1


def test_two_learners_answering_at_once_do_not_block_each_other(setup):
    other = StudentFactory()
    concept = Question.objects.get(pk=setup["question_pk"]).concept
    other_session = PracticeSessionFactory(learner=other, concept=concept)
    plans = [setup, {**setup, "learner_pk": other.pk, "session_pk": other_session.pk}]
    run_together(4, lambda i: [answer(**plans[i % 2]) for _ in range(ANSWERS_PER_THREAD)])
    for plan in plans:
        stats = LearnerStats.objects.get(learner_id=plan["learner_pk"])
        assert stats.total_attempts == 2 * ANSWERS_PER_THREAD


def test_finishing_a_session_twice_at_once_counts_and_announces_once(setup):
    fired = []

    def on_completed(sender, session, **kwargs):
        fired.append(session.pk)

    session_completed.connect(on_completed, dispatch_uid="concurrency-completed")
    try:

        def work(i):
            session = PracticeSession.objects.get(pk=setup["session_pk"])
            return session_complete(session=session, now=timezone.now()).status

        statuses = run_together(THREADS, work)
    finally:
        session_completed.disconnect(dispatch_uid="concurrency-completed")

    assert set(statuses) == {PracticeSession.Status.COMPLETED}
    assert fired == [setup["session_pk"]]


def test_concurrent_hint_requests_never_show_more_hints_than_exist(setup):
    Question.objects.filter(pk=setup["question_pk"]).update(hint_2="Two", hint_3="Three")

    session = PracticeSession.objects.get(pk=setup["session_pk"])
    session_serve(
        session=session, question=Question.objects.get(pk=setup["question_pk"]), now=timezone.now()
    )

    def work(i):
        return session_reveal_hint(session=PracticeSession.objects.get(pk=setup["session_pk"]))

    shown = run_together(THREADS, work)
    assert sorted(shown)[-1] == 3
    assert sorted(shown)[:3] == [1, 2, 3]
    assert PracticeSession.objects.get(pk=setup["session_pk"]).hints_shown == 3


def test_two_tabs_answering_at_once_leave_no_drift():
    """Each tab reads the clock, then waits for the learner's lock: the one holding the lock
    may carry the later reading. Answers count in lock order, so a replay of the log always
    gives back what is stored (24 pairs, as in the penetration test)."""
    from progress.metrics.recompute import recompute_progress

    learner = StudentFactory()
    questions = QuestionFactory.create_batch(2)
    for pair in range(24):

        def tab(i, pair=pair):
            now = timezone.now()  # read before the lock, as the view does
            return attempt_record(
                learner=get_user_model().objects.get(pk=learner.pk),
                question=Question.objects.get(pk=questions[i].pk),
                response=answer_for(questions[i], correct=(pair + i) % 3 != 0),
                client_token=uuid.uuid4(),
                now=now,
            )

        run_together(2, tab)
    assert Attempt.objects.filter(learner=learner).count() == 48
    assert recompute_progress(learner_ids=[learner.pk]) == []
