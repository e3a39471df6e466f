"""The admin as the authoring tool: who may use it, and what it refuses to save."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning.models import Choice, Question, TopicPrerequisite
from tests.factories import (
    ClassroomFactory,
    ConceptFactory,
    QuestionFactory,
    StudentFactory,
    SubjectFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def _management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _question_post(concept, *, kind="single", choices=(), numeric_answer="", **fields):
    """POST data for the Question add view: the form plus the choice inline."""
    data = {
        "concept": str(concept.pk),
        "kind": kind,
        "title": "",
        "prompt": "What is 2 + 2?",
        "explanation": "",
        "numeric_answer": numeric_answer,
        "tolerance": "0",
        "hint_1": "",
        "hint_2": "",
        "hint_3": "",
        "status": "draft",
        "difficulty": "3",
        "order": "0",
        **_management("choices", len(choices)),
        **fields,
    }
    for i, (text, is_correct) in enumerate(choices):
        data[f"choices-{i}-order"] = str(i)
        data[f"choices-{i}-text"] = text
        data[f"choices-{i}-feedback"] = ""
        if is_correct:
            data[f"choices-{i}-is_correct"] = "on"
    return data


# --- who may author -----------------------------------------------------------------

CURRICULUM_PAGES = [
    f"admin:learning_{model}_{page}"
    for model in ("subject", "topic", "concept", "question", "activity")
    for page in ("changelist", "add")
]
FORBIDDEN_PAGES = [
    "admin:accounts_user_changelist",
    "admin:accounts_user_add",
    "admin:accounts_classroom_changelist",
    "admin:auth_group_changelist",
    "admin:auth_group_add",
]


@pytest.mark.parametrize("url_name", CURRICULUM_PAGES)
def test_content_editor_can_open_curriculum_pages(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("url_name", FORBIDDEN_PAGES)
def test_content_editor_cannot_open_accounts_or_auth(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 403


def test_content_editor_index_lists_only_curriculum(editor_client):
    response = editor_client.get(reverse("admin:index"))

    assert response.status_code == 200
    app_labels = [app["app_label"] for app in response.context["app_list"]]
    assert app_labels == ["learning"]


def test_teacher_outside_the_group_cannot_author(login, teacher):
    client = login(teacher)

    assert client.get(reverse("admin:learning_question_add")).status_code == 403


def test_student_is_sent_to_the_admin_login(login, student):
    response = login(student).get(reverse("admin:learning_question_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:accounts_classroom_changelist",
        "admin:accounts_classroom_add",
    ],
)
def test_admin_can_manage_accounts(login, admin_user, url_name):
    StudentFactory()
    ClassroomFactory()

    assert login(admin_user).get(reverse(url_name)).status_code == 200


def test_admin_adds_a_teacher_with_a_role(login, admin_user):
    data = {
        "username": "new_teacher",
        "role": "teacher",
        "usable_password": "true",
        "password1": "a-long-unusual-passphrase-42",
        "password2": "a-long-unusual-passphrase-42",
        **_management("profile", 0),
    }

    response = login(admin_user).post(reverse("admin:accounts_user_add"), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert get_user_model().objects.get(username="new_teacher").role == "teacher"


def test_student_change_page_shows_the_profile_inline(login, admin_user):
    student = StudentFactory(username="pupil")

    response = login(admin_user).get(reverse("admin:accounts_user_change", args=[student.pk]))

    assert response.status_code == 200
    assert b"Role" in response.content
    assert b"available minutes per day" in response.content.lower()


def test_classroom_change_page_shows_the_join_code_read_only(login, admin_user):
    classroom = ClassroomFactory()

    response = login(admin_user).get(
        reverse("admin:accounts_classroom_change", args=[classroom.pk])
    )

    assert response.status_code == 200
    assert classroom.join_code in response.content.decode()
    assert 'name="join_code"' not in response.content.decode()


# --- questions must be answerable ---------------------------------------------------


def test_editor_adds_an_answerable_question_with_choices(editor_client):
    concept = ConceptFactory()
    data = _question_post(concept, choices=[("4", True), ("5", False), ("3", False)])

    response = editor_client.post(reverse("admin:learning_question_add"), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    question = Question.objects.get()
    assert question.concept == concept
    assert list(question.choices.values_list("text", "is_correct")) == [
        ("4", True),
        ("5", False),
        ("3", False),
    ]


@pytest.mark.parametrize(
    ("kind", "choices", "numeric_answer", "message"),
    [
        (
            "single",
            [("4", True), ("5", True)],
            "",
            "A single-choice question needs exactly one correct choice (it has 2).",
        ),
        ("numeric", [], "", "A numeric question needs a correct answer."),
        (
            "true_false",
            [("True", True), ("False", False), ("Maybe", False)],
            "",
            "A true/false question needs exactly two choices (it has 3).",
        ),
        (
            "short_text",
            [("respiration", False)],
            "",
            "A short-text question needs at least one accepted answer.",
        ),
    ],
    ids=["single-two-correct", "numeric-no-answer", "true-false-three", "short-text-none"],
)
def test_unanswerable_question_is_refused_and_nothing_saved(
    editor_client, kind, choices, numeric_answer, message
):
    data = _question_post(
        ConceptFactory(), kind=kind, choices=choices, numeric_answer=numeric_answer
    )

    response = editor_client.post(reverse("admin:learning_question_add"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Question.objects.count() == 0
    assert Choice.objects.count() == 0


def test_deleted_choices_do_not_count_towards_answerability(editor_client):
    question = QuestionFactory(status="draft")  # "4" correct, "5" and "3" wrong
    choices = list(question.choices.order_by("order"))
    data = _question_post(question.concept, **_management("choices", 3, initial=3))
    for i, choice in enumerate(choices):
        data |= {
            f"choices-{i}-id": str(choice.pk),
            f"choices-{i}-question": str(question.pk),
            f"choices-{i}-order": str(i),
            f"choices-{i}-text": choice.text,
            f"choices-{i}-feedback": "",
        }
    data["choices-0-is_correct"] = "on"
    data["choices-0-DELETE"] = "on"  # delete the only correct choice

    response = editor_client.post(
        reverse("admin:learning_question_change", args=[question.pk]), data
    )

    assert response.status_code == 200
    assert "needs exactly one correct choice (it has 0)" in response.content.decode()
    assert question.choices.count() == 3


# --- prerequisite cycles ------------------------------------------------------------


def test_topic_inline_refuses_a_cycle_with_the_path(editor_client):
    subject = SubjectFactory()
    a, b, c = (TopicFactory(subject=subject, name=n) for n in ("Algebra", "Fractions", "Number"))
    TopicPrerequisite.objects.create(topic=a, prerequisite=b)
    TopicPrerequisite.objects.create(topic=b, prerequisite=c)
    data = {
        "subject": str(subject.pk),
        "parent": "",
        "name": c.name,
        "slug": c.slug,
        "description": "",
        "order": "0",
        "exam_weightage": "10",
        "estimated_hours": "2.0",
        **_management("prerequisite_links", 1),
        "prerequisite_links-0-prerequisite": str(a.pk),
    }

    response = editor_client.post(reverse("admin:learning_topic_change", args=[c.pk]), data)

    assert response.status_code == 200
    assert (
        "This prerequisite would create a cycle: Number → Algebra → Fractions → Number."
        in response.content.decode()
    )
    assert TopicPrerequisite.objects.count() == 2


def test_topic_inline_adds_an_acyclic_prerequisite(editor_client):
    subject = SubjectFactory()
    a, b = TopicFactory(subject=subject), TopicFactory(subject=subject)
    data = {
        "subject": str(subject.pk),
        "parent": "",
        "name": a.name,
        "slug": a.slug,
        "description": "",
        "order": "0",
        "exam_weightage": "10",
        "estimated_hours": "2.0",
        **_management("prerequisite_links", 1),
        "prerequisite_links-0-prerequisite": str(b.pk),
    }

    response = editor_client.post(reverse("admin:learning_topic_change", args=[a.pk]), data)

    assert response.status_code == 302
    assert list(a.prerequisites.all()) == [b]


# --- actions ------------------------------------------------------------------------


def _action(client, action: str, questions):
    return client.post(
        reverse("admin:learning_question_changelist"),
        {"action": action, "_selected_action": [str(q.pk) for q in questions]},
        follow=True,
    )


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_publish_action_publishes_answerable_and_reports_the_rest(editor_client):
    good = QuestionFactory.create_batch(2, status="draft")
    broken = QuestionFactory(
        status="draft", title="Broken", choices=[("4", True, ""), ("5", True, "")]
    )

    response = _action(editor_client, "publish", [*good, broken])

    assert _messages(response) == [
        "Published 2 questions.",
        "Not published, “Broken” cannot be answered: A single-choice question needs "
        "exactly one correct choice (it has 2).",
    ]
    assert set(Question.objects.published()) == set(good)


def test_unpublish_action_returns_questions_to_draft(editor_client):
    questions = QuestionFactory.create_batch(3, status="published")

    response = _action(editor_client, "unpublish", questions[:2])

    assert _messages(response) == ["Unpublished 2 questions; students no longer see them."]
    assert list(Question.objects.published()) == [questions[2]]


def test_duplicate_action_makes_draft_copies(editor_client):
    original = QuestionFactory(title="Twos")

    response = _action(editor_client, "duplicate", [original])

    assert _messages(response) == ["Created 1 draft copy."]
    copy = Question.objects.exclude(pk=original.pk).get()
    assert (copy.title, copy.status, copy.choices.count()) == ("Copy of Twos", "draft", 3)


# --- query budget -------------------------------------------------------------------


def _changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("admin:learning_question_changelist"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_question_changelist_queries_do_not_grow_with_questions(editor_client):
    # 10 queries, whatever the number of questions:
    #  1 session, 2 user, 3 user permissions, 4 group permissions,
    #  5 subject filter choices, 6 topic filter choices (related-only: subquery each),
    #  7 count of the filtered page, 8 full count, 9 the page of questions with concept,
    #  topic and subject joined (list_select_related), 10 distinct difficulties (filter).
    subject = SubjectFactory()
    concepts = [ConceptFactory(topic=TopicFactory(subject=subject)) for _ in range(5)]
    for concept in concepts:
        QuestionFactory(concept=concept)
    few = _changelist_queries(editor_client)

    for _ in range(25):
        QuestionFactory(concept=ConceptFactory(topic=TopicFactory(subject=SubjectFactory())))
    many = _changelist_queries(editor_client)

    assert Question.objects.count() == 30
    assert many == few
    assert few == 10
