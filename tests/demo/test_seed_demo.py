"""``manage.py seed_demo``: what a newcomer logs into after the two setup commands."""

import io
import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Prefetch, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Classroom, StudentProfile
from learning.graph import topological_order
from learning.models import (
    Activity,
    Choice,
    Concept,
    ConceptPrerequisite,
    Question,
    Subject,
    Topic,
    TopicPrerequisite,
)
from learning.permissions import CONTENT_EDITORS_GROUP

pytestmark = pytest.mark.django_db

User = get_user_model()
DEMO_STUDENTS = {"student", "student2", "student3", "student4", "student5"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The command hashes once for bulk learners, but student_register hashes per student;
    # a fast hasher keeps the suite quick without changing what is stored.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows in every table, M2M through tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def content_snapshot() -> dict[str, list]:
    """Everything the seed decides, without primary keys or timestamps."""
    return {
        "subjects": list(Subject.objects.order_by("slug").values_list("slug", "name", "order")),
        "topics": list(
            Topic.objects.order_by("slug").values_list(
                "slug",
                "subject__slug",
                "parent__slug",
                "name",
                "exam_weightage",
                "estimated_hours",
                "order",
            )
        ),
        "topic_prerequisites": sorted(
            TopicPrerequisite.objects.values_list("topic__slug", "prerequisite__slug")
        ),
        "concepts": list(
            Concept.objects.order_by("slug").values_list(
                "slug", "topic__slug", "name", "explanation", "order"
            )
        ),
        "concept_prerequisites": sorted(
            ConceptPrerequisite.objects.values_list("concept__slug", "prerequisite__slug")
        ),
        "questions": list(
            Question.objects.order_by("concept__slug", "title").values_list(
                "concept__slug",
                "title",
                "kind",
                "prompt",
                "explanation",
                "hint_1",
                "hint_2",
                "hint_3",
                "difficulty",
                "status",
                "numeric_answer",
                "tolerance",
                "order",
            )
        ),
        "choices": list(
            Choice.objects.order_by(
                "question__concept__slug", "question__title", "order"
            ).values_list(
                "question__concept__slug",
                "question__title",
                "order",
                "text",
                "is_correct",
                "feedback",
            )
        ),
        "activities": list(
            Activity.objects.order_by("slug").values_list(
                "slug", "kind", "concept__slug", "topic__slug", "pass_mark", "status"
            )
        ),
        "activity_items": sorted(
            Activity.objects.values_list("slug", "items__question__title", "items__order")
        ),
        "profiles": list(
            StudentProfile.objects.order_by("user__username").values_list(
                "user__username",
                "user__first_name",
                "user__last_name",
                "grade",
                "goal",
                "exam_date",
                "minutes_per_day",
                "timezone",
            )
        ),
    }


class _Rollback(Exception):
    pass


def snapshot_of_seed(*args: str) -> dict[str, list]:
    """Seed inside a savepoint, snapshot, then roll the savepoint back."""
    snapshot = {}
    try:
        with transaction.atomic():
            seed_demo(*args)
            snapshot = content_snapshot()
            raise _Rollback
    except _Rollback:
        pass
    return snapshot


# --- content ------------------------------------------------------------------------


def test_seed_creates_two_subjects_with_the_topic_tree_and_prerequisites():
    seed_demo()

    assert set(Subject.objects.values_list("name", flat=True)) >= {"Mathematics", "Science"}
    arithmetic = Topic.objects.get(name="Arithmetic", subject__name="Mathematics")
    assert set(arithmetic.children.values_list("name", flat=True)) == {
        "Addition",
        "Subtraction",
        "Multiplication",
        "Fractions",
    }
    assert Topic.objects.filter(name="Geometry basics", subject__name="Mathematics").exists()
    assert set(Topic.objects.filter(subject__name="Science").values_list("name", flat=True)) >= {
        "Scientific method",
        "Matter",
    }
    edges = set(TopicPrerequisite.objects.values_list("topic__name", "prerequisite__name"))
    assert {
        ("Subtraction", "Addition"),
        ("Multiplication", "Addition"),
        ("Fractions", "Multiplication"),
    } <= edges
    assert TopicPrerequisite.objects.filter(topic__subject__name="Science").exists()

    for topic in Topic.objects.annotate(n=Count("concepts")):
        assert 2 <= topic.n <= 4, topic
        assert topic.exam_weightage > 0 and topic.estimated_hours > 0, topic
    assert not Concept.objects.filter(explanation="").exists()
    assert ConceptPrerequisite.objects.exists()


def test_seed_creates_at_least_60_answerable_published_questions_of_every_kind():
    seed_demo()

    published = Question.objects.published()
    assert published.count() >= 60
    assert set(published.values_list("kind", flat=True)) == set(Question.Kind.values)
    assert Question.objects.filter(status=Question.Status.DRAFT).count() >= 2

    questions = Question.objects.prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("order", "pk"))
    )
    for question in questions:
        assert question.answerability_errors() == [], question
        assert question.explanation.strip(), question
        assert 1 <= len(question.hints) <= 3, question
        assert 1 <= question.difficulty <= 5, question

    assert published.filter(kind=Question.Kind.NUMERIC, tolerance__gt=0).exists()
    several_accepted = published.filter(kind=Question.Kind.SHORT_TEXT).annotate(
        accepted=Count("choices", filter=Q(choices__is_correct=True))
    )
    assert several_accepted.filter(accepted__gte=2).exists()
    wrong_with_feedback = Choice.objects.filter(is_correct=False).exclude(feedback="")
    assert wrong_with_feedback.values("question").distinct().count() >= 20


def test_correct_answers_are_not_always_the_first_choice():
    seed_demo()

    first_choices = Choice.objects.filter(question__kind=Question.Kind.SINGLE, order=0).values_list(
        "is_correct", flat=True
    )
    assert False in set(first_choices)


def test_prerequisites_form_acyclic_graphs():
    seed_demo()

    for model, edge_model, field in (
        (Topic, TopicPrerequisite, "topic_id"),
        (Concept, ConceptPrerequisite, "concept_id"),
    ):
        nodes = list(model.objects.values_list("pk", flat=True))
        edges = list(edge_model.objects.values_list(field, "prerequisite_id"))
        assert edges
        assert len(topological_order(nodes, edges)) == len(nodes)  # raises on a cycle


def test_seed_creates_a_quiz_on_a_concept_and_a_practice_set_on_a_topic():
    seed_demo()

    quiz = Activity.objects.get(kind=Activity.Kind.QUIZ)
    assert quiz.pass_mark == 60
    assert quiz.concept is not None and quiz.topic is None
    assert quiz.questions.count() == 5
    assert set(quiz.questions.values_list("concept", flat=True)) == {quiz.concept_id}
    assert not quiz.questions.exclude(status=Question.Status.PUBLISHED).exists()

    practice = Activity.objects.get(kind=Activity.Kind.PRACTICE)
    assert practice.topic is not None and practice.concept is None
    assert practice.questions.exists()


# --- people -------------------------------------------------------------------------


def test_seed_creates_the_demo_logins_and_the_class():
    seed_demo()

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.role == User.Role.ADMIN
    teacher = User.objects.get(username="teacher")
    assert teacher.is_staff and teacher.role == User.Role.TEACHER
    assert teacher.groups.filter(name=CONTENT_EDITORS_GROUP).exists()
    assert teacher.has_perm("learning.add_question")
    for user in User.objects.filter(username__in=[*DEMO_STUDENTS, "admin", "teacher"]):
        assert user.check_password("pathwise-demo"), user

    classroom = Classroom.objects.get(name="Year 7 Maths")
    assert list(classroom.teachers.all()) == [teacher]
    assert set(classroom.students.values_list("username", flat=True)) == DEMO_STUDENTS

    profile = StudentProfile.objects.get(user__username="student")
    assert profile.exam_date == timezone.localdate() + timedelta(days=30)
    assert profile.goal == "Mathematics end-of-year exam"
    assert profile.minutes_per_day == 45
    timezones = set(StudentProfile.objects.values_list("timezone", flat=True))
    assert {"Europe/London", "Asia/Kolkata", "America/New_York"} <= timezones
    for profile in StudentProfile.objects.all():
        profile.full_clean()


def test_output_lists_the_logins_and_the_password(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.delenv("HOST", raising=False)
    out = seed_demo()

    assert "Demo logins (password: pathwise-demo)" in out
    assert "student  -> http://127.0.0.1:8000/" in out
    # The teacher's hint points at My classes (the class dashboard), not the admin.
    assert "teacher  -> http://127.0.0.1:8000/accounts/classes/ (My classes" in out
    assert "admin    -> http://127.0.0.1:8000/admin/" in out
    assert "Created:" in out and "Already there: nothing." in out


def test_output_names_the_port_make_run_serves_on(monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    out = seed_demo()
    assert "student  -> http://127.0.0.1:8123/" in out and ":8000" not in out


# --- idempotence, bulk learners, determinism ------------------------------------------


def test_running_twice_creates_nothing_new():
    seed_demo()
    before = row_counts()

    out = seed_demo()

    assert row_counts() == before
    assert "Created: nothing." in out


def test_existing_content_is_left_alone():
    seed_demo()
    question = Question.objects.get(title="7 × 8")
    question.prompt = "What is seven eights? (edited by a teacher)"
    question.save()

    seed_demo()

    question.refresh_from_db()
    assert question.prompt == "What is seven eights? (edited by a teacher)"


def test_learners_are_bulk_created_into_the_class_and_idempotent():
    seed_demo()
    with CaptureQueriesContext(connection) as ten:
        seed_demo("--learners", "10")
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as fifty:
        seed_demo("--learners", "50")
    elapsed = time.perf_counter() - started

    # 40 more learners take the same queries as 10: users, profiles and memberships are
    # each one bulk insert (plus the unchanged lookups), never one query per learner.
    assert len(fifty) <= len(ten) + 2
    assert elapsed < 10
    classroom = Classroom.objects.get(name="Year 7 Maths")
    assert classroom.students.count() == 55
    learners = User.objects.filter(username__startswith="learner")
    assert sorted(learners.values_list("username", flat=True)) == [
        f"learner{n:04d}" for n in range(1, 51)
    ]
    assert StudentProfile.objects.filter(user__in=learners).count() == 50
    assert set(learners.values_list("role", flat=True)) == {User.Role.STUDENT}
    # The password is hashed once per run, not once per learner.
    run_two = learners.filter(username__gt="learner0010")
    assert run_two.values("password").distinct().count() == 1
    assert learners.first().check_password("pathwise-demo")

    before = row_counts()
    seed_demo("--learners", "50")
    assert row_counts() == before


def test_same_seed_gives_identical_content_and_another_seed_differs():
    first = snapshot_of_seed("--seed", "42", "--learners", "20")
    again = snapshot_of_seed("--seed", "42", "--learners", "20")
    other = snapshot_of_seed("--seed", "7", "--learners", "20")

    assert first["questions"]  # the snapshot really saw the seeded data
    assert first == again
    assert first["choices"] != other["choices"]
    assert first["profiles"] != other["profiles"]
    assert first["questions"] == other["questions"]  # the curriculum itself is fixed
