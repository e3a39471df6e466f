"""The world the hostile-input tests run in (tests/fuzz/hostile.py has the rest)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import services as account_services
from accounts import tokens
from accounts.class_groups import class_group_create
from learning.models import Question
from progress.assignments.services import AssignmentSpec, assignment_create
from progress.interop.models import ExportJob
from progress.practice.sessions import session_complete, session_serve, session_start
from tests import factories
from tests.fuzz.hostile import World


@pytest.fixture
def world(student, other_student, teacher, other_teacher, admin_user, classroom):
    concept = factories.ConceptFactory(slug="fuzz-concept")
    other_concept = factories.ConceptFactory(slug="fuzz-elsewhere")
    single = factories.QuestionFactory(concept=concept, kind=Question.Kind.SINGLE)
    numeric = factories.QuestionFactory(concept=concept, kind=Question.Kind.NUMERIC)
    multiple = factories.QuestionFactory(concept=concept, kind=Question.Kind.MULTIPLE)
    elsewhere = factories.QuestionFactory(concept=other_concept)
    draft = factories.QuestionFactory(concept=concept, status=Question.Status.DRAFT)
    deleted = factories.QuestionFactory(concept=concept)
    deleted_pk = deleted.pk
    deleted.delete()
    draft_activity = factories.ActivityFactory(
        slug="fuzz-draft-activity", status="draft", concept=concept
    )
    now = timezone.now()
    session = session_start(learner=student, concept=concept, now=now)
    session_serve(session=session, question=single, now=now)
    closed = session_start(learner=student, concept=concept, now=now)
    session_complete(session=closed, now=now)
    theirs = session_start(learner=other_student, concept=concept, now=now)
    guest = account_services.guest_create()
    failed_export = ExportJob.objects.create(
        owner=student, kind="my_data", format="json", status="failed", created_at=now
    )
    their_export = ExportJob.objects.create(
        owner=other_student, kind="my_data", format="json", status="failed", created_at=now
    )
    sync = tokens.token_create(user=student, name="Tablet", scopes=["sync"], now=now)
    read = tokens.token_create(user=student, name="Read only", scopes=[], now=now)
    their_token = tokens.token_create(user=other_student, name="Theirs", scopes=[], now=now)
    revoked = tokens.token_create(user=student, name="Old", scopes=["sync"], now=now)
    tokens.token_revoke(token=revoked.token, now=now)
    group = class_group_create(classroom=classroom, name="Fuzz group", now=now)
    assignment = assignment_create(
        classroom=classroom,
        teacher=teacher,
        spec=AssignmentSpec(
            title="Fuzz work", concepts=[concept], opens_at=now, due_at=now + timedelta(days=2)
        ),
        now=now,
    )
    return World(
        users={
            "student": student,
            "other_student": other_student,
            "teacher": teacher,
            "other_teacher": other_teacher,
            "admin": admin_user,
            "guest": guest,
        },
        ids={
            "single": single.pk,
            "single_choice": single.choices.first().pk,
            "numeric": numeric.pk,
            "multiple": multiple.pk,
            "elsewhere": elsewhere.pk,
            "draft": draft.pk,
            "deleted": deleted_pk,
            "session": session.pk,
            "closed": closed.pk,
            "theirs": theirs.pk,
            "classroom": classroom.pk,
            "export": failed_export.pk,
            "their_export": their_export.pk,
            "token": read.token.pk,
            "their_token": their_token.token.pk,
            "subject": concept.topic.subject_id,
            "topic": concept.topic_id,
            "other_topic": other_concept.topic_id,
            "group": group.pk,
            "assignment": assignment.pk,
            "concept": concept.pk,
        },
        raw_tokens={"sync": sync.raw, "read": read.raw, "revoked": revoked.raw},
        slugs={"concept": concept.slug, "draft_activity": draft_activity.slug},
    )


@pytest.fixture(autouse=True)
def _verification_unthrottled(settings):
    """The Open Badge verifier's rate limit would turn most hostile bodies into a plain 429."""
    settings.PATHWISE_VERIFICATIONS_PER_MINUTE = 100_000


def pytest_terminal_summary(terminalreporter):
    """The figures docs/security.md quotes: how much hostile input this run sent."""
    from tests.fuzz.hostile import TALLY

    if not TALLY["requests"]:
        return
    endpoints = sum(1 for key in TALLY if key.startswith("endpoints:"))
    terminalreporter.write_line(
        f"hostile input: {TALLY['requests']} requests to {endpoints}+ endpoints, "
        f"{TALLY['refused']} refused, {TALLY['server errors']} server errors"
    )
