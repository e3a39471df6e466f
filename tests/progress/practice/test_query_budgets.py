"""Query budgets of the practice pages, independent of how much data exists."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning import versioning
from learning.models import Question
from progress.models import Attempt, LearnerStats
from progress.practice.answers import attempt_record
from progress.practice.sessions import session_complete, session_serve
from tests.factories import (
    ConceptFactory,
    ConceptMasteryFactory,
    PracticeSessionFactory,
    QuestionFactory,
    StudentFactory,
    answer_for,
    answer_post_data,
    attempts_bulk,
)
from tests.progress.practice.pages import url

pytestmark = pytest.mark.django_db

KINDS = [k.value for k in Question.Kind]


# ---------------------------------------------------------------- query budgets


def _history(learner, *, concepts, attempts, other_learners, other_attempts):
    """Past practice: ``attempts`` answers across ``concepts`` concepts, plus strangers'."""
    questions = [QuestionFactory() for _ in range(concepts)]
    start_at = timezone.now() - timedelta(days=30)
    attempts_bulk(learner=learner, questions=questions, count=attempts, start=start_at)
    for question in questions:
        ConceptMasteryFactory(
            learner=learner, concept=question.concept, review_due_at=start_at, p_known=0.6
        )
    for _ in range(other_learners):
        attempts_bulk(
            learner=StudentFactory(), questions=questions, count=other_attempts, start=start_at
        )
    return questions


def _on_screen(client, session):
    """Serve the next question and return it: an answer is accepted for it alone."""
    return client.get(url("session_question", session.pk)).context["question"]


def _answer_queries(client, session, question=None) -> list[str]:
    """The answer POST's statements, for the next question served (or ``question``, put on
    screen directly: a session never serves one twice)."""
    if question is not None:
        session_serve(session=session, question=question, now=timezone.now())
    data = answer_post_data(question or _on_screen(client, session))
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url("session_answer", session.pk), data)
    assert response.status_code == 302, response.content
    return [q["sql"] for q in captured.captured_queries]


# The answer POST, query by query. Inside a test the outer transaction is a savepoint; in
# production those two statements are BEGIN and COMMIT.
#   1 django_session row           2 auth user
#   3 PracticeSession (no joins: the answer needs none of them)
#   4 Question (+concept, its mastery parameters)
#   5 its choices (prefetch, shared by form and grading)
#     (4 and 5 only the first time this process meets the question under the current
#     content version: learning.versioning; the session read carries the version token)
#   6 SAVEPOINT (BEGIN)
#   7 LearnerStats FOR UPDATE (the learner's lock) + profile (timezone) + content version
#   8 client token already used? + the concept's ConceptMastery row (under the lock)
#   9 INSERT Attempt               10 UPDATE ConceptMastery
#  11 ProgressMetric rows of the learner               12 DailyActivity upsert
#  13 the learner's ConceptMastery estimates (roll-ups)
#  14 published concepts (roll-up weights): only when this process has not seen the
#     current content version yet (learning.versioning)
#  15 LearnerGoal                 16 INSERT .. ON CONFLICT ProgressMetric (every metric)
#  17 UPDATE LearnerStats         18 UPDATE PracticeSession (only while still open)
#  19 active badges this event can move, with this learner's awards
#  20 RELEASE SAVEPOINT (COMMIT)
# Statements 7-18 are hand-written (progress/metrics/sql.py).
# With LRS forwarding on (DJANGO_LRS_ENDPOINT), two more: the session's assignment and the
# INSERT into the outbox (progress_lrsstatement), inside the same transaction (test below).
ANSWER_POST_CEILING = 20


def test_answer_post_query_count_does_not_grow_with_data(login, student):
    concept = ConceptFactory()
    # Enough questions that the session never runs out (it serves each one once).
    QuestionFactory.create_batch(12, concept=concept)
    session = PracticeSessionFactory(learner=student, concept=concept, target_questions=50)
    client = login(student)
    # A small past through the real path: six right answers on different questions, which
    # masters the concept, so no measured answer is the one that masters it (that answer
    # adds a learning event and the mastery badges' read).
    for _ in range(6):
        client.post(
            url("session_answer", session.pk), answer_post_data(_on_screen(client, session))
        )
    versioning.clear()  # as if this process had not served an answer since it started
    small = _answer_queries(client, session)
    small_warm = _answer_queries(client, session)

    _history(student, concepts=40, attempts=300, other_learners=15, other_attempts=40)
    LearnerStats.objects.filter(learner=student).update(total_attempts=308)
    assert Attempt.objects.filter(learner=student).count() == 308
    # The history added concepts: a new content version, so the next answer rebuilds the
    # concept list once (as small's first answer did), and the one after reuses it.
    large = _answer_queries(client, session)
    large_warm = _answer_queries(client, session)

    assert len(large) == len(small), "\n".join(large)
    assert len(large_warm) == len(small_warm) == len(small) - 1, "\n".join(large_warm)
    assert len(small) <= ANSWER_POST_CEILING, "\n".join(small)
    # The warm answer reuses the cached practicable-curriculum list (no EXISTS query).
    assert not [
        sql for sql in large_warm if 'FROM "learning_concept"' in sql and "EXISTS" in sql
    ], "\n".join(large_warm)
    # A question met under this content version (the last one): concept list and question
    # both kept by this process.
    met = Attempt.objects.filter(learner=student, session=session).latest("created_at").question
    again = _answer_queries(client, session, met)
    assert len(again) == len(large_warm) - 2, "\n".join(again)
    assert not [sql for sql in again if sql.startswith('SELECT "learning_')], "\n".join(again)


# A warm worker (question and concept list known), the answer neither first of the day nor
# the one that masters the concept: statements 1-3, 6-13 and 15-20 of the list above.
ANSWER_POST_WARM = 17


@pytest.mark.parametrize("past_answers", [0, 400])
def test_answer_post_statements_at_two_history_sizes(
    login, student, django_assert_num_queries, past_answers
):
    concept = ConceptFactory()
    question = QuestionFactory(concept=concept)
    session = PracticeSessionFactory(learner=student, concept=concept, target_questions=50)
    if past_answers:
        _history(student, concepts=30, attempts=past_answers, other_learners=8, other_attempts=40)
    client = login(student)
    for _ in range(3):  # warm: the question and the concept list known, today's rows exist
        _answer_queries(client, session, question)
    session_serve(session=session, question=question, now=timezone.now())
    data = answer_post_data(question)
    with django_assert_num_queries(ANSWER_POST_WARM):
        response = client.post(url("session_answer", session.pk), data)
    assert response.status_code == 302
    assert Attempt.objects.filter(learner=student).count() == past_answers + 4


def test_lrs_forwarding_costs_the_answer_post_one_insert(login, student, settings):
    concept = ConceptFactory()
    question = QuestionFactory(concept=concept)
    session = PracticeSessionFactory(learner=student, concept=concept, target_questions=50)
    client = login(student)
    for _ in range(4):  # warm (the question and concept list known), mastery settled
        _answer_queries(client, session, question)
    off = _answer_queries(client, session, question)
    settings.PATHWISE_LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"  # nothing is sent here
    on = _answer_queries(client, session, question)
    assert len(off) == 17, "\n".join(off)
    extra = [sql for sql in on if "progress_lrsstatement" in sql]
    # The session's assignment (named in the statement's context) comes with the session:
    # session_for_answer joins it, so forwarding costs no extra read.
    assert not [sql for sql in on if 'FROM "progress_assignmentsession"' in sql]
    assert len(on) == len(off) + 1 and len(extra) == 1, "\n".join(on)
    assert extra[0].startswith('INSERT INTO "progress_lrsstatement"')
    # Inside the answer's transaction: after the attempt, before the commit.
    assert on.index(extra[0]) < len(on) - 1
    assert any(sql.startswith('INSERT INTO "progress_attempt"') for sql in on[: on.index(extra[0])])


# The question page when a new question is served:
#   1 django_session  2 user  3 PracticeSession (+concept, topic, activity, current question)
#   4 published questions of the concept (+ its MasteryParameters, joined) with when this
#     learner last answered each and whether this session served it (correlated subqueries)
#   5 ConceptMastery  6 LearnerStats (the learner's accuracy, for the predicted success)
#   7 hints this learner revealed for it in another open session (hints belong to the
#     learner and the question, not the session)
#   8 SAVEPOINT  9 UPDATE PracticeSession (serve: question, clock, hints)  10 RELEASE SAVEPOINT
#  11 the question's choices (shared by the form and the page)
QUESTION_GET = 11
# Refreshing it: 1 django_session  2 user  3 PracticeSession (+the question on screen)
#   4 its choices
QUESTION_REFRESH_GET = 4


def test_question_page_query_budget(login, student, django_assert_num_queries):
    concept = ConceptFactory()
    QuestionFactory.create_batch(5, concept=concept)
    _history(student, concepts=10, attempts=60, other_learners=3, other_attempts=20)
    session = PracticeSessionFactory(learner=student, concept=concept)
    client = login(student)
    with django_assert_num_queries(QUESTION_GET):
        assert client.get(url("session_question", session.pk)).status_code == 200
    # Refreshing: the question is already on screen, nothing to choose or serve.
    with django_assert_num_queries(QUESTION_REFRESH_GET):
        assert client.get(url("session_question", session.pk)).status_code == 200


def test_choosing_a_question_reads_only_this_learners_attempts(login, student):
    """Each question's times-answered comes from the learner's own attempts (a correlated
    subquery on the learner's index), never from a join on every attempt of the question:
    that join read all learners' answers and took 120-200 ms on 10 million attempts."""
    concept = ConceptFactory()
    questions = QuestionFactory.create_batch(3, concept=concept)
    for _ in range(4):  # strangers answered these questions many times
        attempts_bulk(learner=StudentFactory(), questions=questions, count=30, start=timezone.now())
    recently = timezone.now() - timedelta(minutes=5)
    attempts_bulk(learner=student, questions=questions[:1], count=2, start=recently)
    session = PracticeSessionFactory(learner=student, concept=concept)
    client = login(student)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("session_question", session.pk))
    assert response.status_code == 200
    joins = [q["sql"] for q in captured.captured_queries if 'JOIN "progress_attempt"' in q["sql"]]
    assert not joins, joins
    # The learner answered the first question minutes ago, so another one is served.
    assert response.context["question"].pk != questions[0].pk


# Feedback: 1 django_session  2 user  3 PracticeSession (+related)  4 Attempt (+question, concept)
#   5 badges earned and not yet announced
FEEDBACK_GET = 5
# Summary: 1 django_session  2 user  3 PracticeSession (+related)
#   4 the session's attempts (+question)  5 the session's attempts (+concept) for the moves
SUMMARY_GET = 5
# Why this number: 1 django_session  2 user  3 Concept (+topic, subject)  4 ConceptMastery
#   5 every attempt on the concept  6 MasteryParameters
EXPLAIN_GET = 6


@pytest.mark.parametrize("answers", [2, 40])
def test_page_budgets_do_not_grow_with_attempts(login, student, django_assert_num_queries, answers):
    concept = ConceptFactory()
    questions = QuestionFactory.create_batch(4, concept=concept)
    session = PracticeSessionFactory(learner=student, concept=concept, target_questions=answers)
    now = timezone.now() - timedelta(days=1)
    for n in range(answers):
        result = attempt_record(
            learner=student,
            question=questions[n % 4],
            response=answer_for(questions[n % 4], correct=n % 3 != 0),
            client_token=uuid.uuid4(),
            now=now + timedelta(minutes=n),
            session=session,
        )
    session_complete(session=session, now=timezone.now())
    client = login(student)

    with django_assert_num_queries(FEEDBACK_GET):
        response = client.get(url("attempt_feedback", session.pk, result.attempt.pk))
        assert response.status_code == 200
    with django_assert_num_queries(SUMMARY_GET):
        assert client.get(url("session_summary", session.pk)).status_code == 200
    with django_assert_num_queries(EXPLAIN_GET):
        response = client.get(url("mastery_explain", concept.slug))
        assert response.status_code == 200
    assert len(response.context["attempts"]) == answers
