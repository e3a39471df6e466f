"""Failures leave consistent data: a broken answer writes nothing, a broken export can be
retried, and curriculum with history cannot be deleted from under it."""

import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from achievements.models import LearnerBadge, PointsEntry
from learning.models import Concept, Question
from progress.interop.exports import jobs as export_jobs
from progress.interop.exports.jobs import export_build
from progress.interop.exports.services import export_request, export_retry
from progress.interop.models import ExportJob
from progress.metrics import services as metrics_services
from progress.models import (
    Attempt,
    ConceptMastery,
    DailyActivity,
    LearnerStats,
    PracticeSession,
    ProgressMetric,
)
from progress.practice.answers import attempt_record
from progress.practice.sessions import session_start
from tests import factories
from tests.achievements.factories import BadgeFactory

pytestmark = pytest.mark.django_db


def record(learner, question, session=None, token=None):
    return attempt_record(
        learner=learner,
        question=question,
        response=factories.answer_for(question, correct=True),
        client_token=token or uuid.uuid4(),
        now=timezone.now(),
        session=session,
    )


def learner_state(learner) -> tuple:
    """Everything one answer touches."""
    return (
        list(Attempt.objects.filter(learner=learner).values_list("pk", "score")),
        list(
            ConceptMastery.objects.filter(learner=learner).values_list(
                "concept", "p_known", "attempts", "correct", "status"
            )
        ),
        list(
            LearnerStats.objects.filter(learner=learner).values_list(
                "total_attempts", "correct_attempts", "score_total", "current_streak"
            )
        ),
        list(DailyActivity.objects.filter(learner=learner).values_list("date", "attempts")),
        sorted(ProgressMetric.objects.filter(learner=learner).values_list("pk", "value")),
        list(
            PracticeSession.objects.filter(learner=learner).values_list(
                "pk", "question_count", "correct_count", "score_total"
            )
        ),
        list(
            LearnerBadge.objects.filter(learner=learner).values_list(
                "badge", "progress_current", "times_earned"
            )
        ),
        PointsEntry.objects.filter(learner=learner).count(),
    )


def test_a_failure_after_the_attempt_row_is_written_leaves_nothing_behind(student, monkeypatch):
    BadgeFactory(rule_kind="first_attempt")  # the answer would earn it
    question = factories.QuestionFactory()
    session = session_start(learner=student, now=timezone.now(), concept=question.concept)
    record(student, factories.QuestionFactory(concept=question.concept), session=session)
    before = learner_state(student)
    token = uuid.uuid4()
    written = []

    def broken_metrics(**kwargs):
        # Inside the answer's transaction: the attempt row is there (the answer path writes
        # it with hand-written SQL, so no post_save tells us).
        written.append(Attempt.objects.filter(client_token=token).exists())
        raise RuntimeError("metrics store on fire")

    monkeypatch.setattr(metrics_services, "metric_upsert", broken_metrics)
    with pytest.raises(RuntimeError, match="on fire"):
        record(student, question, session=session, token=token)

    assert written == [True], "the fault must strike after the Attempt row was inserted"
    assert not Attempt.objects.filter(client_token=token).exists()
    assert learner_state(student) == before

    # Nothing half-done blocks the retry: the same token records the answer once.
    monkeypatch.undo()
    result = record(student, question, session=session, token=token)
    assert result.created and Attempt.objects.filter(client_token=token).count() == 1


def test_a_failed_export_task_is_marked_failed_with_its_error_and_can_be_retried(
    student, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    real_build = export_build

    def broken(**kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_jobs, "export_build", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job = export_request(
            user=student, kind="my_data", fmt="json", filters={}, now=timezone.now()
        )
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "The export file could not be written (No space left on device)."
    assert not any(Path(settings.MEDIA_ROOT, "exports").glob("*"))  # no partial file left

    monkeypatch.setattr(export_jobs, "export_build", real_build)
    with django_capture_on_commit_callbacks(execute=True):
        export_retry(job=job, now=timezone.now())
    job.refresh_from_db()
    assert job.status == ExportJob.Status.SUCCEEDED
    assert job.error == "" and job.tries == 2 and job.path.is_file()


# Curriculum with history ---------------------------------------------------------------------


@pytest.fixture
def answered(student):
    question = factories.QuestionFactory()
    record(student, question)
    return question


def test_deleting_an_answered_question_in_the_admin_is_refused_with_a_reason(
    login, admin_user, answered
):
    client = login(admin_user)
    url = reverse("admin:learning_question_delete", args=[answered.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Cannot delete question" in page.text
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Question.objects.filter(pk=answered.pk).exists()
    # History stays readable: the attempt keeps its question and snapshot.
    attempt = Attempt.objects.get(question=answered)
    assert attempt.question_snapshot["prompt"] == answered.prompt


def test_bulk_deleting_answered_questions_and_concepts_is_refused(login, admin_user, answered):
    client = login(admin_user)
    for model, obj in (("question", answered), ("concept", answered.concept)):
        response = client.post(
            reverse(f"admin:learning_{model}_changelist"),
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
            follow=True,
        )
        assert response.status_code == 200
        assert "protected" in response.text.lower() or "cannot" in response.text.lower()
    assert Question.objects.filter(pk=answered.pk).exists()
    assert Concept.objects.filter(pk=answered.concept_id).exists()


def test_deleting_an_answered_concept_in_the_admin_is_refused(login, content_editor, answered):
    client = login(content_editor)
    url = reverse("admin:learning_concept_delete", args=[answered.concept_id])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Concept.objects.filter(pk=answered.concept_id).exists()
    assert "Cannot delete concept" in client.get(url).text
