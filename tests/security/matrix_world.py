"""The world every access matrix runs in: a victim with one of everything, and the personas.

The victim is ``other_student`` (in ``other_teacher``'s class): their session, attempt,
mastery, plan, export, token and badge are what other personas try to reach. Their names
carry a canary that must never appear in a page served to anyone but them, their teacher
or the superuser.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts import tokens
from accounts.class_groups import class_group_create
from accounts.models import ApiToken, Classroom
from accounts.verification import verification_token
from achievements.credentials import services as credential_services
from achievements.models import LearnerBadge
from progress.assignments.models import AssignmentNotice
from progress.assignments.services import AssignmentSpec, assignment_create, assignment_start
from progress.interop.models import ExportJob
from progress.models import Attempt, PracticeSession
from progress.plans import services as plan_services
from progress.practice.answers import attempt_record
from progress.practice.sessions import session_start
from tests import factories
from tests.achievements.factories import BadgeFactory

CANARY = "Zqx7Canary"

PERSONAS = [
    "anonymous",
    "guest",
    "student",
    "other_student",
    "teacher",
    "other_teacher",
    "content_editor",
    "admin_user",
]
# The world: a victim with one of everything -------------------------------------------------


@dataclass
class World:
    victim: object
    victim_teacher: object
    classroom: Classroom
    concept: object
    session: PracticeSession
    attempt: Attempt
    export: ExportJob
    token: ApiToken
    victim_raw_token: str
    badge: object
    hidden_badge: object
    victim_verification_token: str
    credential: object
    group: object = None
    assignment: object = None


def _victim_assignment(w: "World", now) -> None:
    """A group in the victim's class with the victim in it, work set for the group (named
    with the canary), started by the victim, and a notice of it."""
    w.group = class_group_create(classroom=w.classroom, name=f"{CANARY} group", now=now)
    w.group.members.add(w.victim)
    w.assignment = assignment_create(
        classroom=w.classroom,
        teacher=w.victim_teacher,
        spec=AssignmentSpec(
            title=f"{CANARY} homework",
            concepts=[w.concept],
            opens_at=now,
            due_at=now + timedelta(days=3),
            whole_class=False,
            groups=[w.group],
        ),
        now=now,
    )
    assignment_start(assignment=w.assignment, learner=w.victim, now=now)
    AssignmentNotice.objects.create(
        assignment=w.assignment, learner=w.victim, kind="new", created_at=now
    )


@pytest.fixture
def world(settings, tmp_path, student, other_student, teacher, other_teacher):
    settings.MEDIA_ROOT = tmp_path / "media"
    now = timezone.now()
    other_student.first_name, other_student.last_name = "Victoria", CANARY
    other_student.save()
    factories.ClassroomFactory(name="Seven A", teachers=[teacher], students=[student])
    classroom = factories.ClassroomFactory(
        name=f"{CANARY} class", teachers=[other_teacher], students=[other_student]
    )
    question = factories.QuestionFactory()
    concept = question.concept
    factories.QuestionFactory(concept=concept)  # a session serves each question once
    session = session_start(learner=other_student, now=now, concept=concept)
    attempt = attempt_record(
        learner=other_student,
        question=question,
        response=factories.answer_for(question, correct=True),
        client_token=uuid.uuid4(),
        now=now,
        session=session,
    ).attempt

    profile = other_student.profile
    profile.exam_date = timezone.localdate() + timedelta(days=30)
    profile.save()
    plan_services.plan_generate(learner=other_student, now=now)

    export = ExportJob.objects.create(
        owner=other_student,
        kind=ExportJob.Kind.MY_DATA,
        format=ExportJob.Format.JSON,
        filters={},
        created_at=now,
        status=ExportJob.Status.SUCCEEDED,
        file_name="exports/victim.json",
        finished_at=now,
        expires_at=now + timedelta(hours=1),
    )
    path = Path(settings.MEDIA_ROOT) / export.file_name
    path.parent.mkdir(parents=True)
    path.write_text(f'{{"name": "{CANARY}"}}')

    created = tokens.token_create(
        user=other_student, name=f"{CANARY} tablet", scopes=["read", "sync"], now=now
    )
    badge = BadgeFactory(slug="victim-badge")
    hidden = BadgeFactory(slug="victim-hidden", hidden=True)
    hidden.image.save("hidden.png", ContentFile(PNG_1PX), save=True)
    for earned in (badge, hidden):
        LearnerBadge.objects.get_or_create(
            learner=other_student, badge=earned, defaults={"earned_at": now}
        )
    credential = credential_services.credential_issue(
        learner_badge=LearnerBadge.objects.get(learner=other_student, badge=hidden), now=now
    )
    w = World(
        victim=other_student,
        victim_teacher=other_teacher,
        classroom=classroom,
        concept=concept,
        session=session,
        attempt=attempt,
        export=export,
        token=created.token,
        victim_raw_token=created.raw,
        badge=badge,
        hidden_badge=hidden,
        victim_verification_token=verification_token(
            user_id=other_student.pk, email=other_student.email
        ),
        credential=credential,
    )
    _victim_assignment(w, now)
    return w


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def persona_is_staff(persona: str) -> bool:
    return persona in {"teacher", "other_teacher", "content_editor", "admin_user"}


@pytest.fixture
def as_persona(request, client, guest, content_editor, admin_user):
    """The client as ``persona``, afresh: a previous POST may have logged out (or in)."""

    def _as(persona: str):
        client.logout()
        client.cookies.clear()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return _as


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")
