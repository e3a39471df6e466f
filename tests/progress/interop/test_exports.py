"""Export jobs: who may export what, the files they get, failures, retries and expiry."""

import csv
import io
import json
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from progress.interop.exports import jobs as export_jobs
from progress.interop.exports.jobs import export_build, export_job_run
from progress.interop.exports.services import MAX_PENDING_PER_USER, export_request, export_retry
from progress.interop.models import ExportJob
from progress.practice.answers import attempt_record
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def answer(learner, question, *, correct=True, when=None, response=None):
    return attempt_record(
        learner=learner,
        question=question,
        response=response or factories.answer_for(question, correct=correct),
        client_token=uuid.uuid4(),
        now=when or timezone.now(),
    ).attempt


@pytest.fixture
def question(db):
    return factories.QuestionFactory(kind="short_text", prompt="Plants make food by?")


@pytest.fixture
def request_export(django_capture_on_commit_callbacks):
    """POST the export form and run the (on-commit) task, as a request would."""

    def _request(client, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("exports:list"), data)

    return _request


def download(client, job) -> bytes:
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


def test_student_exports_all_their_data_as_json(
    login, student, other_student, question, request_export
):
    answer(student, question)
    answer(student, question, correct=False)
    answer(other_student, question)
    client = login(student)
    response = request_export(client, kind="my_data", format="json")
    assert response.status_code == 302
    job = ExportJob.objects.get(owner=student)
    assert job.status == ExportJob.Status.SUCCEEDED
    assert job.tries == 1 and job.size_bytes > 0
    assert job.expires_at == job.finished_at + timedelta(hours=72)
    data = json.loads(download(client, job))
    assert data["profile"][0]["username"] == "student"
    assert len(data["attempts"]) == 2
    assert {a["learner_id"] for a in data["attempts"]} == {student.pk}
    assert data["mastery"][0]["attempts"] == 2
    assert data["stats"][0]["total_attempts"] == 2
    assert {m["metric"] for m in data["metrics"]} >= {"practice_count", "accuracy"}
    assert "badges" in data and "points" in data  # achievements app is installed
    assert data["export"]["kind"] == "my_data"


def test_student_csv_export_is_a_zip_of_tables_with_formulas_neutralised(
    login, student, question, request_export
):
    answer(student, question, response={"value": '=HYPERLINK("http://evil")'})
    client = login(student)
    request_export(client, kind="my_data", format="csv")
    job = ExportJob.objects.get(owner=student)
    archive = zipfile.ZipFile(io.BytesIO(download(client, job)))
    assert {"profile.csv", "attempts.csv", "mastery.csv", "metrics.csv"} <= set(archive.namelist())
    rows = list(csv.DictReader(io.TextIOWrapper(archive.open("attempts.csv"), encoding="utf-8")))
    assert len(rows) == 1
    assert rows[0]["response"].startswith("'=")
    assert rows[0]["question_prompt"] == "Plants make food by?"


def test_export_file_has_an_unguessable_name_under_media_exports(
    login, student, request_export, settings
):
    request_export(login(student), kind="my_data", format="xapi")
    job = ExportJob.objects.get(owner=student)
    assert job.file_name.startswith("exports/") and job.file_name.endswith(".jsonl")
    assert len(Path(job.file_name).stem) >= 32
    assert job.path.parent == Path(settings.MEDIA_ROOT) / "exports"
    assert job.records == 0  # no attempts yet: an empty, valid file


def test_teacher_exports_only_their_class(
    login, teacher, classroom, student, other_student, question, request_export
):
    answer(student, question)
    answer(other_student, question)  # not in the class
    client = login(teacher)
    request_export(client, kind="class", format="csv", classroom=classroom.pk)
    job = ExportJob.objects.get(owner=teacher)
    assert job.status == ExportJob.Status.SUCCEEDED
    assert job.filters == {"classroom": classroom.pk}
    archive = zipfile.ZipFile(io.BytesIO(download(client, job)))
    assert set(archive.namelist()) == {"attempts.csv", "mastery.csv"}
    attempts = list(csv.DictReader(io.TextIOWrapper(archive.open("attempts.csv"))))
    assert {row["username"] for row in attempts} == {"student"}
    mastery = list(csv.DictReader(io.TextIOWrapper(archive.open("mastery.csv"))))
    assert {row["username"] for row in mastery} == {"student"}


def test_other_teacher_cannot_export_a_class_they_do_not_teach(
    login, other_teacher, classroom, request_export
):
    response = request_export(
        login(other_teacher), kind="class", format="csv", classroom=classroom.pk
    )
    assert response.status_code == 200  # the class is not among their choices
    assert ExportJob.objects.count() == 0
    with pytest.raises(Http404):
        export_request(
            user=other_teacher,
            kind="class",
            fmt="csv",
            filters={"classroom": classroom.pk},
            now=timezone.now(),
        )
    assert ExportJob.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "class", "format": "csv", "classroom": "1"},
        {"kind": "everything", "format": "csv"},
        {"kind": "my_data", "format": "exe"},
        {"kind": "x" * 5000, "format": "json"},
        {},
    ],
)
def test_bad_or_forbidden_requests_write_nothing(login, student, classroom, data, request_export):
    response = request_export(login(student), **data)
    assert response.status_code == 200
    assert ExportJob.objects.count() == 0


def test_admin_exports_everything(
    login, admin_user, student, other_student, question, request_export
):
    answer(student, question)
    answer(other_student, question)
    client = login(admin_user)
    request_export(client, kind="everything", format="json")
    job = ExportJob.objects.get(owner=admin_user)
    data = json.loads(download(client, job))
    assert {a["username"] for a in data["attempts"]} == {"student", "other_student"}


def test_downloads_are_for_the_owner_only(
    client, login, student, other_student, admin_user, request_export
):
    request_export(login(student), kind="my_data", format="json")
    job = ExportJob.objects.get(owner=student)
    url = reverse("exports:download", args=[job.pk])
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    assert login(other_student).get(url).status_code == 404
    assert login(admin_user).get(url).status_code == 404
    assert login(student).get(url).status_code == 200


def test_export_page_lists_own_exports_within_a_query_budget(
    login, student, other_student, request_export
):
    client = login(student)
    for fmt in ("json", "csv", "xapi"):
        request_export(client, kind="my_data", format=fmt)
    request_export(login(other_student), kind="my_data", format="json")
    client = login(student)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("exports:list"))
    # Queries: session, user, the user's exports.
    assert len(queries) <= 3, [q["sql"] for q in queries]
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Download</a>") == 3
    assert (
        reverse("exports:download", args=[ExportJob.objects.get(owner=other_student).pk])
        not in page
    )


def test_failed_export_is_marked_failed_and_can_be_retried(
    login, student, monkeypatch, request_export, django_capture_on_commit_callbacks
):
    real_build = export_build

    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(export_jobs, "export_build", broken)
    client = login(student)
    request_export(client, kind="my_data", format="json")
    job = ExportJob.objects.get(owner=student)
    assert job.status == ExportJob.Status.FAILED
    assert "disk on fire" in job.error
    assert job.file_name == ""
    assert not list((Path(settings.MEDIA_ROOT) / "exports").iterdir())  # no partial file
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    assert "Retry" in client.get(reverse("exports:list")).content.decode()

    monkeypatch.setattr(export_jobs, "export_build", real_build)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exports:retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ExportJob.Status.SUCCEEDED and job.error == "" and job.tries == 2


def test_retry_is_owner_only_and_only_for_failed_jobs(
    login, student, other_student, request_export
):
    request_export(login(student), kind="my_data", format="json")
    job = ExportJob.objects.get(owner=student)
    assert login(other_student).post(reverse("exports:retry", args=[job.pk])).status_code == 404
    with pytest.raises(ValidationError):
        export_retry(job=job, now=timezone.now())


def test_teacher_removed_from_class_before_the_task_runs_gets_a_failed_export(teacher, classroom):
    job = export_request(
        user=teacher,
        kind="class",
        fmt="csv",
        filters={"classroom": classroom.pk},
        now=timezone.now(),
    )  # the on-commit task does not run inside this test's transaction
    classroom.teachers.remove(teacher)
    with pytest.raises(Http404):
        export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert "no longer have access" in job.error


def test_running_a_job_twice_builds_it_once(student):
    job = export_request(user=student, kind="my_data", fmt="json", filters={}, now=timezone.now())
    first = export_job_run(job_id=job.pk)
    again = export_job_run(job_id=job.pk)
    assert first.file_name == again.file_name and again.tries == 1


def test_too_many_pending_exports_are_refused(student):
    for _ in range(MAX_PENDING_PER_USER):
        export_request(user=student, kind="my_data", fmt="json", filters={}, now=timezone.now())
    with pytest.raises(ValidationError, match="in progress"):
        export_request(user=student, kind="my_data", fmt="json", filters={}, now=timezone.now())


def test_purge_deletes_expired_files_and_fails_stuck_jobs(login, student, request_export, settings):
    client = login(student)
    request_export(client, kind="my_data", format="json")
    job = ExportJob.objects.get(owner=student)
    path = job.path
    assert path.is_file()
    stuck = ExportJob.objects.create(
        owner=student,
        kind="my_data",
        format="csv",
        status=ExportJob.Status.RUNNING,
        created_at=timezone.now() - timedelta(days=1),
        started_at=timezone.now() - timedelta(days=1),
    )
    orphan = Path(settings.MEDIA_ROOT) / "exports" / "leftover.json.part"
    orphan.write_text("{")
    old = (timezone.now() - timedelta(days=10)).timestamp()
    import os

    os.utime(orphan, (old, old))

    call_command("purge_exports", stdout=io.StringIO())  # not expired yet
    assert path.is_file()
    assert not orphan.exists()
    stuck.refresh_from_db()
    assert stuck.status == ExportJob.Status.FAILED and stuck.can_retry

    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    out = io.StringIO()
    call_command("purge_exports", stdout=out)
    assert "Expired 1 export" in out.getvalue()
    assert not path.exists()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED and job.file_name == ""
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_purge_task_runs(student):
    from progress.tasks import exports_purge_task

    result = exports_purge_task.enqueue()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"expired": 0, "interrupted": 0, "orphans": 0}
