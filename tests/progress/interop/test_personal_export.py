"""The personal export ("My data") holds every table the privacy page lists for a learner,
with their rows and nobody else's; and every table that points at a user is on that page
or named here as not being about the learner."""

import io
import json
import re
import uuid
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from accounts.class_groups import class_group_create
from achievements.credentials.services import credential_issue
from achievements.models import LearnerBadge
from progress.assignments.notices import assignment_notices_send
from progress.assignments.services import AssignmentSpec, assignment_create, assignment_start
from progress.interop.exports.personal import personal_tables_described
from progress.interop.models import ExportJob
from progress.plans import services as plan_services
from progress.practice.answers import attempt_record
from progress.practice.sessions import (
    session_complete,
    session_reveal_hint,
    session_serve,
    session_start,
)
from tests import factories
from tests.achievements.factories import BadgeFactory
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.django_db
CANARY = "Qv9Privacy"

# Tables that point at a user but hold nothing about a learner, and why.
NOT_ABOUT_THE_LEARNER = {
    "admin.LogEntry": "what staff changed in the admin (learners have no admin access)",
    "accounts.Classroom_teachers": "who teaches a class (a teacher's, not a learner's)",
    "accounts.User_groups": "staff permission groups (learners have none)",
    "accounts.User_user_permissions": "staff permissions (learners have none)",
    "progress.Assignment": "who set an assignment (a teacher's; the work set for a learner is "
    "in assignments_for_you, groups and assignment_sessions)",
}


def page_tables(client) -> list[str]:
    html = client.get(reverse("privacy")).content.decode()
    return re.findall(r'<tr id="privacy-([a-z_]+)">', html)


def test_every_table_about_a_user_is_listed_or_explained():
    user_model = apps.get_model(django_settings.AUTH_USER_MODEL)
    pointing = {
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is user_model
    }
    pointing.add("accounts.User")
    listed = {source for table in personal_tables_described() for source in table.sources}
    missing = pointing - listed - set(NOT_ABOUT_THE_LEARNER)
    assert not missing, f"add these to the personal export and the privacy page: {missing}"
    assert not listed & set(NOT_ABOUT_THE_LEARNER)


def test_the_privacy_page_is_public_and_lists_each_table_with_what_it_holds(client):
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    names = page_tables(client)
    described = personal_tables_described()
    assert names == [t.name for t in described]
    assert {"study_plans", "learning_events", "daily_snapshots", "api_tokens"} <= set(names)
    assert all(t.description for t in described)
    assert reverse("privacy") in client.get(reverse("home")).content.decode()  # the footer


def test_the_docs_describe_every_file():
    docs = (PROJECT_ROOT / "docs" / "exports-and-api.md").read_text()
    for table in personal_tables_described():
        assert f"| `{table.name}` |" in docs, f"docs/exports-and-api.md: document {table.name}"


def full_history(learner, *, start, settings):
    """A learner who did everything Pathwise records, through the real services."""
    settings.PATHWISE_LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"  # statements are queued
    teacher = factories.TeacherFactory(username=f"teacher-of-{learner.username}")
    classroom = factories.ClassroomFactory(
        name=f"Class of {learner.username}", teachers=[teacher], students=[learner]
    )
    group = class_group_create(classroom=classroom, name="Extension", now=start)
    group.members.add(learner)
    profile = learner.profile
    profile.exam_date = (start + timedelta(days=30)).date()
    profile.save()
    question = factories.QuestionFactory(hint_1="Think.")
    topic = question.concept.topic
    plan_services.learner_goal_set(
        learner=learner, subject=topic.subject, topics=[topic], now=start
    )
    plan_services.plan_generate(learner=learner, now=start)
    for day in range(2):  # two days: the first day's figures are snapshotted
        now = start + timedelta(days=day)
        session = session_start(learner=learner, now=now, concept=question.concept)
        session_serve(session=session, question=question, now=now)
        session_reveal_hint(session=session, now=now)
        attempt_record(
            learner=learner,
            question=question,
            response=factories.answer_for(question),
            client_token=uuid.uuid4(),
            now=now + timedelta(minutes=1),
            session=session,
            hints_used=1,
        )
        session_complete(session=session, now=now + timedelta(minutes=2))
    # Work set for them by name: started (a session linked to it) and noticed.
    work = assignment_create(
        classroom=classroom,
        teacher=teacher,
        spec=AssignmentSpec(
            title="Homework",
            concepts=[question.concept],
            opens_at=start,
            due_at=start + timedelta(days=5),
            whole_class=False,
            students=[learner],
        ),
        now=start,
    )
    assignment_notices_send(now=start)
    assignment_start(assignment=work, learner=learner, now=start + timedelta(minutes=5))
    # The badge the first answer earned, downloaded as a signed credential.
    credential_issue(learner_badge=LearnerBadge.objects.filter(learner=learner).first(), now=start)
    tokens.token_create(user=learner, name=f"{learner.username} tablet", scopes=[], now=start)
    plan_services.calendar_feed_create(learner=learner, now=start)


@pytest.fixture
def two_learners(student, other_student, settings):
    BadgeFactory(rule_kind="first_attempt")
    start = timezone.now() - timedelta(days=3)
    other_student.first_name, other_student.email = CANARY, f"{CANARY}@example.org"
    other_student.save()
    for learner in (student, other_student):
        full_history(learner, start=start, settings=settings)
    return student, other_student


def export(client, fmt: str, settings, tmp_path, capture) -> bytes:
    settings.MEDIA_ROOT = tmp_path
    with capture(execute=True):
        client.post(reverse("exports:list"), {"kind": "my_data", "format": fmt})
    job = ExportJob.objects.filter(format=fmt).latest("pk")
    assert job.status == ExportJob.Status.SUCCEEDED, job.error
    return job.path.read_bytes()


def test_my_data_holds_every_listed_table_and_nothing_of_anyone_else(
    login, two_learners, settings, tmp_path, django_capture_on_commit_callbacks
):
    me, them = two_learners
    client = login(me)
    data = json.loads(
        export(client, "json", settings, tmp_path, django_capture_on_commit_callbacks)
    )
    listed = page_tables(client)
    assert [key for key in data if key != "export"] == listed
    empty = [name for name in listed if not data[name]]
    assert not empty, f"these tables hold nothing for a learner who used everything: {empty}"

    text = json.dumps(data)
    theirs = [
        them.username,
        them.email,
        CANARY,
        *(str(t) for t in them.attempts.values_list("client_token", flat=True)),
        *(str(s) for s in them.lrs_statements.values_list("statement_id", flat=True)),
        *them.api_tokens.values_list("prefix", flat=True),
    ]
    assert not [value for value in theirs if value in text]
    mine = {
        "learner_id": {me.pk},
        "session_id": set(me.practice_sessions.values_list("pk", flat=True)) | {None},
        "plan_id": set(me.study_plans.values_list("pk", flat=True)),
    }
    for name in listed:
        for row in data[name]:
            for column, allowed in mine.items():
                if column in row:
                    assert row[column] in allowed, (name, column, row[column])
    assert {row["actor"]["account"]["name"] for row in _statements(data)} == {str(me.pk)}
    assert not any("hash" in column for name in listed for row in data[name] for column in row)


def _statements(data):
    return [row["statement"] for row in data["lrs_statements"]]


def test_the_csv_zip_has_one_file_per_listed_table(
    login, two_learners, settings, tmp_path, django_capture_on_commit_callbacks
):
    me, _ = two_learners
    client = login(me)
    raw = export(client, "csv", settings, tmp_path, django_capture_on_commit_callbacks)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = archive.namelist()
        plans = archive.read("study_plans.csv").decode("utf-8-sig")
    assert names == [f"{name}.csv" for name in page_tables(client)]
    assert '"[' in plans or "[]" in plans  # JSON cells are JSON text, not Python reprs
    assert "'" + "[" not in plans
