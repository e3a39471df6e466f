"""recompute_progress rebuilds derived tables from the attempt log and finds no drift after
a realistic sequence of sessions across days, timezones, a DST change and a timezone move."""

import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from progress.metrics.recompute import recompute_progress
from progress.models import (
    ConceptMastery,
    DailyActivity,
    LearnerGoal,
    LearnerStats,
    ProgressMetric,
    ProgressSnapshot,
)
from progress.practice.answers import attempt_record
from progress.practice.sessions import session_complete, session_start
from tests import factories

pytestmark = pytest.mark.django_db


def curriculum():
    maths = factories.SubjectFactory(name="Maths")
    science = factories.SubjectFactory(name="Science")
    topics = [
        factories.TopicFactory(subject=maths, exam_weightage=60),
        factories.TopicFactory(subject=maths, exam_weightage=40),
        factories.TopicFactory(subject=science, exam_weightage=0),
    ]
    concepts = [factories.ConceptFactory(topic=t) for t in topics for _ in range(2)]
    questions = {
        c.pk: [
            factories.QuestionFactory(concept=c, kind=kind)
            for kind in ("single", "multiple", "numeric")
        ]
        for c in concepts
    }
    return maths, topics, concepts, questions


def answer(learner, question, *, correct: bool, at: datetime, session=None, hints=0):
    if question.kind == "numeric":
        response = {"value": "3.5" if correct else "7"}
    elif question.kind == "multiple":
        picks = question.choices.filter(is_correct=True) if correct else question.choices.all()[:1]
        response = {"choices": [c.pk for c in picks]}
    else:
        response = {"choices": [question.choices.filter(is_correct=correct).first().pk]}
    return attempt_record(
        learner=learner,
        question=question,
        response=response,
        client_token=uuid.uuid4(),
        now=at,
        session=session,
        hints_used=hints,
    )


def scripted_history(student, concepts, questions):
    """Sessions over three weeks: around midnight in the learner's zone, across the
    European DST change (27 Oct 2024 is the last Sunday of October), then a move to
    Asia/Kolkata and back west to America/Los_Angeles."""
    profile = student.profile
    profile.timezone = "Europe/Paris"
    profile.save()
    start = datetime(2024, 10, 20, 21, 30, tzinfo=UTC)  # 23:30 in Paris
    pattern = [True, False, True, True, False, True, True, True]
    moment = start
    for day in range(12):
        if day in (4, 5):
            continue  # a two-day gap breaks the streak
        if day == 8:
            profile.timezone = "Asia/Kolkata"
            profile.save()
        if day == 10:
            profile.timezone = "America/Los_Angeles"
            profile.save()
        concept = concepts[day % len(concepts)]
        session = session_start(learner=student, now=moment, concept=concept)
        for i, correct in enumerate(pattern):
            question = questions[concept.pk][i % 3]
            # answers either side of local midnight on the first day
            answer(student, question, correct=correct, at=moment, session=session, hints=i % 2)
            moment += timedelta(minutes=9)
        session_complete(session=session, now=moment)
        moment = start + timedelta(days=day + 1, hours=(day * 5) % 7)


def test_no_drift_after_a_realistic_sequence(student, other_student):
    maths, topics, concepts, questions = curriculum()
    goal = LearnerGoal.objects.create(learner=student, subject=maths)
    goal.topics.add(topics[0])
    scripted_history(student, concepts, questions)
    scripted_history(other_student, list(reversed(concepts)), questions)
    assert ProgressSnapshot.objects.filter(learner=student).exists()
    assert DailyActivity.objects.filter(learner=student).count() >= 9
    assert ProgressMetric.objects.filter(learner=student, dimension="goal").exists()

    assert recompute_progress() == []
    out = io.StringIO()
    call_command("recompute_progress", stdout=out)
    assert "No drift" in out.getvalue()


def test_streak_survives_midnight_dst_and_a_westward_move(student):
    _, _, concepts, questions = curriculum()
    scripted_history(student, concepts, questions)
    stats = LearnerStats.objects.get(learner=student)
    # Days 6..11 in a row after the gap on days 4-5 (the move west repeats a date, which
    # must not count twice or break the streak).
    assert stats.longest_streak >= 4
    assert stats.current_streak >= 1
    assert stats.current_streak <= stats.longest_streak


def test_drift_is_reported_and_fixed(student):
    _, _, concepts, questions = curriculum()
    scripted_history(student, concepts, questions)
    row = ConceptMastery.objects.filter(learner=student).first()
    row.p_known = 0.01
    row.save()
    LearnerStats.objects.filter(learner=student).update(total_attempts=1)
    ProgressMetric.objects.filter(learner=student, metric="practice_count").delete()

    differences = recompute_progress()
    tables = {d.table for d in differences}
    assert {"concept_mastery", "learner_stats", "progress_metric"} <= tables

    out = io.StringIO()
    call_command("recompute_progress", "--fix", stdout=out)
    assert "fixed" in out.getvalue()
    assert recompute_progress() == []


def test_learner_option_limits_the_replay(student, other_student):
    _, _, concepts, questions = curriculum()
    scripted_history(student, concepts, questions)
    scripted_history(other_student, concepts, questions)
    LearnerStats.objects.filter(learner=other_student).update(total_attempts=1)
    assert recompute_progress(learner_ids=[student.pk]) == []
    assert recompute_progress(learner_ids=[other_student.pk]) != []
