"""The hand-written statements of the answer path (progress/metrics/sql.py) read and write
exactly what the ORM would. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from achievements.models import Badge, LearnerBadge
from achievements.selectors import badges_for_event, badges_with_learner_state
from learning import versioning
from learning.models import ContentVersion
from progress.metrics import metric_rows, sql
from progress.metrics.recompute import recompute_progress
from progress.models import (
    Attempt,
    ConceptMastery,
    DailyActivity,
    LearnerGoal,
    LearnerStats,
    PracticeSession,
    ProgressMetric,
    ProgressSnapshot,
)
from tests import factories
from tests.progress.practice.pages import url

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 4, 10, 30, 15, 123456, tzinfo=UTC)


def test_metric_upsert_inserts_then_updates_every_row(student):
    first = {
        ("overall", "", "accuracy"): metric_rows.Value(0.5, 1.0, 2.0),
        ("topic", "7", "practice_count"): metric_rows.Value(2.0),
    }
    sql.metric_upsert(learner_id=student.pk, values=first, now=AT)
    second = {("overall", "", "accuracy"): metric_rows.Value(2 / 3, 2.0, 3.0)}
    sql.metric_upsert(learner_id=student.pk, values=second, now=AT + timedelta(minutes=1))
    rows = {
        (m.dimension, m.key, m.metric): (m.value, m.numerator, m.denominator, m.updated_at)
        for m in ProgressMetric.objects.filter(learner=student)
    }
    assert rows == {
        ("overall", "", "accuracy"): (2 / 3, 2.0, 3.0, AT + timedelta(minutes=1)),
        ("topic", "7", "practice_count"): (2.0, 0.0, 0.0, AT),
    }
    assert sql.metric_values(learner_id=student.pk) == {
        ("overall", "", "accuracy"): metric_rows.Value(2 / 3, 2.0, 3.0),
        ("topic", "7", "practice_count"): metric_rows.Value(2.0),
    }


def test_metric_upsert_batches_large_sets(student):
    values = {("topic", str(n), "mastery"): metric_rows.Value(n / 1000) for n in range(1200)}
    with CaptureQueriesContext(connection) as captured:
        sql.metric_upsert(learner_id=student.pk, values=values, now=AT)
    assert len(captured.captured_queries) == 3  # 500 + 500 + 200 rows
    assert ProgressMetric.objects.filter(learner=student).count() == 1200


def test_daily_activity_is_one_upsert(student):
    day = date(2026, 3, 4)
    for correct, seconds in ((True, 1.5), (False, 2.25), (True, 0.25)):
        with CaptureQueriesContext(connection) as captured:
            sql.daily_activity_add(
                learner_id=student.pk, day=day, is_correct=correct, seconds=seconds
            )
        assert len(captured.captured_queries) == 1
    row = DailyActivity.objects.get(learner=student, date=day)
    assert (row.attempts, row.correct, row.seconds) == (3, 2, 4.0)


def test_stats_lock_reads_the_row_timezone_and_content_token(student):
    assert sql.stats_lock(learner_id=student.pk) is None  # no row yet: learners_lock makes it
    LearnerStats.objects.create(
        learner=student, total_attempts=4, recent_results=[True, False], last_activity_at=AT
    )
    student.profile.timezone = "Asia/Kolkata"
    student.profile.save()
    factories.ConceptFactory()  # a curriculum change: the content version row exists
    with transaction.atomic():
        stats, timezone_name, token = sql.stats_lock(learner_id=student.pk)
    assert (stats.total_attempts, stats.recent_results, stats.last_activity_at) == (
        4,
        [True, False],
        AT,
    )
    assert timezone_name == "Asia/Kolkata"
    expected = ContentVersion.objects.get(pk=versioning.SINGLETON_PK).token
    assert token == expected and token


def test_insert_and_update_write_what_the_orm_reads_back(student):
    question = factories.QuestionFactory()
    token = uuid.uuid4()
    attempt = Attempt(
        learner=student,
        question=question,
        concept=question.concept,
        client_token=token,
        response={"choices": [1, 2]},
        response_text="A, B",
        score=0.5,
        is_correct=False,
        question_snapshot={"kind": "multiple", "prompt": "Pick two"},
        feedback=["Almost."],
        mastery_after=0.4,
        created_at=AT,
        local_date=date(2026, 3, 4),
    )
    sql.insert(attempt)
    stored = Attempt.objects.get(pk=attempt.pk)
    assert (stored.client_token, stored.response, stored.created_at, stored.local_date) == (
        token,
        {"choices": [1, 2]},
        AT,
        date(2026, 3, 4),
    )
    assert stored.feedback == ["Almost."] and stored.mastery_before is None
    stored.score, stored.feedback = 1.0, ["Right."]
    sql.update(stored, ["score", "feedback"])
    assert Attempt.objects.values_list("score", "feedback").get(pk=attempt.pk) == (1.0, ["Right."])
    assert sql.token_and_mastery(
        learner_id=student.pk, client_token=token, concept_id=question.concept_id, names=("id",)
    ) == (attempt.pk, None)


def test_token_and_mastery_reads_the_row_with_converted_values(student):
    row = factories.ConceptMasteryFactory(learner=student, p_known=0.75, review_due_at=AT)
    found_id, values = sql.token_and_mastery(
        learner_id=student.pk,
        client_token=uuid.uuid4(),
        concept_id=row.concept_id,
        names=("id", "p_known", "review_due_at", "evidence", "was_mastered"),
    )
    assert found_id is None
    stored = ConceptMastery.objects.get(pk=row.pk)
    assert values == [row.pk, 0.75, AT, stored.evidence, stored.was_mastered]


def test_learner_goal_with_and_without_topics(student):
    assert sql.learner_goal(learner_id=student.pk) is None
    topic = factories.TopicFactory()
    goal = LearnerGoal.objects.create(learner=student, subject=topic.subject)
    assert sql.learner_goal(learner_id=student.pk).topic_ids == frozenset()
    goal.topics.add(topic)
    found = sql.learner_goal(learner_id=student.pk)
    assert (found.subject_id, found.topic_ids) == (topic.subject_id, frozenset({topic.pk}))


def test_session_count_only_while_open(student):
    session = factories.PracticeSessionFactory(learner=student)
    counted = sql.session_count(
        session_id=session.pk, open_status="in_progress", is_correct=True, score=1.0, seconds=3.5
    )
    session.refresh_from_db()
    assert counted and (session.question_count, session.correct_count) == (1, 1)
    assert (session.seconds_total, session.current_question_id, session.hints_shown) == (
        3.5,
        None,
        0,
    )
    PracticeSession.objects.filter(pk=session.pk).update(status="completed")
    assert not sql.session_count(
        session_id=session.pk, open_status="in_progress", is_correct=True, score=1.0, seconds=1
    )


def test_compiled_query_matches_the_orm(student, other_student):
    from achievements.services import badge_starter_set_ensure

    badge_starter_set_ensure()
    badge = Badge.objects.filter(active=True).order_by("pk").first()
    LearnerBadge.objects.create(learner=student, badge=badge, earned_at=AT, times_earned=2)
    kinds = [badge.rule_kind, "streak_days"]
    for learner in (student, other_student):
        expected = list(badges_with_learner_state(learner_id=learner.pk, kinds=kinds))
        got = badges_for_event(learner_id=learner.pk, kinds=kinds)
        assert [(b.pk, b.times_earned, b.earned_at, b.params) for b in got] == [
            (b.pk, b.times_earned, b.earned_at, b.params) for b in expected
        ]
    assert {b.pk: b.times_earned for b in badges_for_event(learner_id=student.pk, kinds=kinds)}[
        badge.pk
    ] == 2


def test_compiled_query_refuses_a_placeholder_it_cannot_bind():
    compiled = sql.Compiled(lambda learner: Badge.objects.filter(active=True), arity=1)
    with pytest.raises(ValueError, match="placeholder"):
        compiled.run(1)


def test_answers_through_the_http_path_leave_no_drift(login, student, monkeypatch):
    """Answers through the view (every hand-written statement), a goal, a mastered concept
    and two days (a snapshot, two daily rows): the stored progress equals the replay."""
    topic = factories.TopicFactory()
    concept = factories.ConceptFactory(topic=topic)
    factories.QuestionFactory.create_batch(10, concept=concept)
    goal = LearnerGoal.objects.create(learner=student, subject=topic.subject)
    goal.topics.add(topic)
    session = factories.PracticeSessionFactory(
        learner=student, concept=concept, target_questions=50
    )
    client = login(student)
    real_now = timezone.now
    clock = {"shift": timedelta(days=-1)}
    monkeypatch.setattr(timezone, "now", lambda: real_now() + clock["shift"])
    for n in range(9):
        if n == 5:
            clock["shift"] = timedelta(0)  # the next day
        question = client.get(url("session_question", session.pk)).context["question"]
        data = factories.answer_post_data(question, correct=n != 2)
        assert client.post(url("session_answer", session.pk), data).status_code == 302
    assert Attempt.objects.filter(learner=student).count() == 9
    assert ProgressMetric.objects.filter(learner=student, dimension="goal").exists()
    assert DailyActivity.objects.filter(learner=student).count() == 2
    assert ProgressSnapshot.objects.filter(learner=student).exists()
    assert ConceptMastery.objects.get(learner=student).status == "mastered"
    assert recompute_progress(learner_ids=[student.pk]) == []


def test_stats_increment_is_one_update_returning_the_row(student):
    assert sql.stats_increment(learner_id=student.pk, name="sessions_completed") is None
    LearnerStats.objects.create(learner=student, sessions_completed=2, recent_results=[True])
    with CaptureQueriesContext(connection) as captured:
        stats = sql.stats_increment(learner_id=student.pk, name="sessions_completed")
    assert len(captured.captured_queries) == 1
    assert (stats.sessions_completed, stats.recent_results, stats.learner_id) == (
        3,
        [True],
        student.pk,
    )
    assert LearnerStats.objects.get(learner=student).sessions_completed == 3


def test_compiled_query_fills_select_related_objects(
    student, other_student, django_assert_num_queries
):
    mine = factories.PracticeSessionFactory(learner=student)
    factories.PracticeSessionFactory(learner=other_student)
    compiled = sql.Compiled(
        lambda learner: (
            PracticeSession.objects.select_related("concept__topic", "activity")
            .filter(learner_id=learner)
            .order_by("pk")
        )
    )
    with django_assert_num_queries(1):
        (found,) = compiled.run(student.pk)
        assert found.pk == mine.pk
        assert found.concept.topic.name == mine.concept.topic.name
        assert found.activity is None
    assert compiled.run(-1) == []


def test_insert_and_update_send_the_save_signals(student):
    from django.db.models.signals import post_save, pre_save

    seen = []

    def pre(sender, instance, update_fields, **kwargs):
        seen.append(("pre", instance.pk, update_fields))

    def post(sender, instance, created, update_fields, **kwargs):
        seen.append(("post", instance.pk, created, update_fields))

    pre_save.connect(pre, sender=DailyActivity, dispatch_uid="test-sql-pre")
    post_save.connect(post, sender=DailyActivity, dispatch_uid="test-sql-post")
    try:
        row = DailyActivity(learner=student, date=date(2026, 3, 4), attempts=1)
        sql.insert(row)
        row.attempts = 2
        sql.update(row, ["attempts"])
    finally:
        pre_save.disconnect(dispatch_uid="test-sql-pre", sender=DailyActivity)
        post_save.disconnect(dispatch_uid="test-sql-post", sender=DailyActivity)
    assert seen == [
        ("pre", None, None),
        ("post", row.pk, True, None),
        ("pre", row.pk, frozenset({"attempts"})),
        ("post", row.pk, False, frozenset({"attempts"})),
    ]
    assert DailyActivity.objects.get(pk=row.pk).attempts == 2
