"""The progress admin: operators can look at learner history, nobody can edit it there."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from progress.interop.exports.services import export_request
from progress.models import Attempt, ConceptMastery, ExportJob, PracticeSession, StudyPlan
from progress.plans.services import plan_generate
from progress.practice.answers import attempt_record
from progress.practice.sessions import session_start
from tests import factories

pytestmark = pytest.mark.django_db

MODELS = {
    "attempt": Attempt,
    "conceptmastery": ConceptMastery,
    "practicesession": PracticeSession,
    "studyplan": StudyPlan,
    "exportjob": ExportJob,
}


@pytest.fixture
def history(student, django_capture_on_commit_callbacks):
    question = factories.QuestionFactory()
    session = session_start(learner=student, now=timezone.now(), concept=question.concept)
    attempt_record(
        learner=student,
        question=question,
        response=factories.answer_for(question),
        client_token=uuid.uuid4(),
        now=timezone.now(),
        session=session,
    )
    student.profile.exam_date = timezone.localdate() + timedelta(days=20)
    student.profile.save()
    plan_generate(learner=student, now=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        export_request(user=student, kind="my_data", fmt="json", filters={}, now=timezone.now())
    return {name: model.objects.get(**_owner(name, student)) for name, model in MODELS.items()}


def _owner(name, user):
    return {"owner": user} if name == "exportjob" else {"learner": user}


def _url(name, action, *args):
    return reverse(f"admin:progress_{name}_{action}", args=args)


@pytest.mark.parametrize("name", MODELS)
def test_a_superuser_can_list_search_and_open_every_record(login, admin_user, history, name):
    client = login(admin_user)
    listing = client.get(_url(name, "changelist"), {"q": "student"})
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    assert (
        client.get(_url(name, "changelist"), {"q": "nobody-by-that-name"})
        .context["cl"]
        .result_count
        == 0
    )
    page = client.get(_url(name, "change", history[name].pk))
    assert page.status_code == 200
    assert b"Save" not in page.content  # a view page, not a form


@pytest.mark.parametrize("name", MODELS)
def test_nobody_edits_adds_or_deletes_history_in_the_admin(login, admin_user, history, name):
    client = login(admin_user)
    obj = history[name]
    before = MODELS[name].objects.count()
    assert client.get(_url(name, "add")).status_code == 403
    assert client.post(_url(name, "change", obj.pk), {}).status_code == 403
    assert client.post(_url(name, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert MODELS[name].objects.count() == before


@pytest.mark.parametrize("name", MODELS)
def test_content_editors_see_no_learner_history(editor_client, history, name):
    assert editor_client.get(_url(name, "changelist")).status_code == 403
    assert editor_client.get(_url(name, "change", history[name].pk)).status_code == 403
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert "Attempts" not in index and "student" not in index


def test_attempts_filter_by_concept_and_result(login, admin_user, history):
    attempt = history["attempt"]
    client = login(admin_user)
    hits = client.get(
        _url("attempt", "changelist"),
        {"concept__id__exact": attempt.concept_id, "is_correct__exact": "1"},
    )
    assert hits.context["cl"].result_count == 1
    misses = client.get(_url("attempt", "changelist"), {"is_correct__exact": "0"})
    assert misses.context["cl"].result_count == 0


def test_the_attempt_list_costs_the_same_for_a_long_history(login, admin_user, student):
    client = login(admin_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url("attempt", "changelist")).status_code == 200
        return len(captured)

    questions = [factories.QuestionFactory() for _ in range(3)]
    start = timezone.now() - timedelta(days=1)
    factories.attempts_bulk(learner=student, questions=questions, count=3, start=start)
    small = queries()
    factories.attempts_bulk(learner=student, questions=questions, count=60, start=start)
    assert queries() == small
