"""Curriculum writes: prerequisites, question creation, duplication, publishing."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management.sql import emit_post_migrate_signal

from learning import services
from learning.models import Choice, ConceptPrerequisite, Question, TopicPrerequisite
from learning.permissions import CONTENT_EDITORS_GROUP, content_editors_group_ensure
from tests.factories import ConceptFactory, QuestionFactory, SubjectFactory, TopicFactory

pytestmark = pytest.mark.django_db


# --- prerequisites ------------------------------------------------------------------


def test_topic_prerequisite_add_saves_the_edge():
    subject = SubjectFactory()
    algebra, number = TopicFactory(subject=subject), TopicFactory(subject=subject)

    edge = services.topic_prerequisite_add(topic=algebra, prerequisite=number)

    assert edge.pk is not None
    assert list(algebra.prerequisites.all()) == [number]


def test_topic_prerequisite_add_refuses_a_cycle_and_writes_nothing():
    subject = SubjectFactory()
    a, b, c = (TopicFactory(subject=subject, name=n) for n in ("Algebra", "Fractions", "Number"))
    services.topic_prerequisite_add(topic=a, prerequisite=b)
    services.topic_prerequisite_add(topic=b, prerequisite=c)

    with pytest.raises(ValidationError) as exc_info:
        services.topic_prerequisite_add(topic=c, prerequisite=a)

    assert "Number → Algebra → Fractions → Number" in exc_info.value.messages[0]
    assert TopicPrerequisite.objects.count() == 2


def test_topic_prerequisite_add_refuses_self_and_duplicates():
    a, b = TopicFactory(), TopicFactory()
    services.topic_prerequisite_add(topic=a, prerequisite=b)

    with pytest.raises(ValidationError, match="cannot be a prerequisite of itself"):
        services.topic_prerequisite_add(topic=a, prerequisite=a)
    with pytest.raises(ValidationError, match="already exists"):
        services.topic_prerequisite_add(topic=a, prerequisite=b)
    assert TopicPrerequisite.objects.count() == 1


def test_concept_prerequisite_add_saves_and_refuses_a_cycle():
    topic = TopicFactory()
    ratio, division = (
        ConceptFactory(topic=topic, name="Ratio"),
        ConceptFactory(topic=topic, name="Division"),
    )
    services.concept_prerequisite_add(concept=ratio, prerequisite=division)

    with pytest.raises(ValidationError) as exc_info:
        services.concept_prerequisite_add(concept=division, prerequisite=ratio)

    assert "Division → Ratio → Division" in exc_info.value.messages[0]
    assert list(ConceptPrerequisite.objects.values_list("concept", "prerequisite")) == [
        (ratio.pk, division.pk)
    ]


# --- question_create ----------------------------------------------------------------


def test_question_create_writes_the_question_and_its_choices_in_order():
    concept = ConceptFactory()

    question = services.question_create(
        concept=concept,
        kind=Question.Kind.SINGLE,
        prompt="What is 2 + 2?",
        choices=[("4", True, "Yes."), ("5", False, ""), ("3", False, "Too few.")],
        title="Adding twos",
        difficulty=1,
    )

    question.refresh_from_db()
    assert (question.title, question.difficulty, question.status) == ("Adding twos", 1, "draft")
    assert list(question.choices.values_list("text", "is_correct", "feedback", "order")) == [
        ("4", True, "Yes.", 0),
        ("5", False, "", 1),
        ("3", False, "Too few.", 2),
    ]
    assert question.answerability_errors() == []


def test_question_create_numeric():
    question = services.question_create(
        concept=ConceptFactory(),
        kind=Question.Kind.NUMERIC,
        prompt="Half of 7?",
        choices=[],
        numeric_answer=Decimal("3.5"),
        tolerance=Decimal("0.01"),
    )

    assert question.numeric_answer == Decimal("3.5")
    assert not question.choices.exists()


@pytest.mark.parametrize(
    ("kind", "choices", "fields", "message"),
    [
        (
            Question.Kind.SINGLE,
            [("4", True, ""), ("5", True, "")],
            {},
            "needs exactly one correct choice (it has 2)",
        ),
        (Question.Kind.NUMERIC, [], {}, "A numeric question needs a correct answer."),
        (
            Question.Kind.TRUE_FALSE,
            [("True", True, ""), ("False", False, ""), ("Maybe", False, "")],
            {},
            "needs exactly two choices (it has 3)",
        ),
        (
            Question.Kind.SINGLE,
            [("4", True, ""), ("5", False, "")],
            {"difficulty": 9},
            "less than or equal to 5",
        ),
    ],
    ids=["single-two-correct", "numeric-no-answer", "true-false-three", "bad-difficulty"],
)
def test_question_create_refuses_before_writing(kind, choices, fields, message):
    concept = ConceptFactory()

    with pytest.raises(ValidationError) as exc_info:
        services.question_create(concept=concept, kind=kind, prompt="?", choices=choices, **fields)

    assert any(message in m for m in exc_info.value.messages), exc_info.value.messages
    assert not Question.objects.exists()
    assert not Choice.objects.exists()


# --- question_duplicate -------------------------------------------------------------


def test_question_duplicate_copies_choices_as_a_draft():
    original = QuestionFactory(title="Twos", status=Question.Status.PUBLISHED, hint_2="Pairs")

    copy = services.question_duplicate(question=original)

    copy.refresh_from_db()
    assert copy.pk != original.pk
    assert copy.title == "Copy of Twos"
    assert copy.status == Question.Status.DRAFT
    assert (copy.prompt, copy.concept_id, copy.hint_2) == (
        original.prompt,
        original.concept_id,
        "Pairs",
    )
    fields = ("text", "is_correct", "feedback", "order")
    assert list(copy.choices.values_list(*fields)) == list(original.choices.values_list(*fields))
    assert original.choices.count() == 3  # the original keeps its own choices


def test_question_duplicate_without_title_uses_the_prompt():
    original = QuestionFactory(title="", prompt="What is 2 + 2?")

    copy = services.question_duplicate(question=original)

    assert copy.title == "Copy of What is 2 + 2?"


# --- publishing ---------------------------------------------------------------------


def test_bulk_publish_publishes_answerable_and_reports_the_rest():
    good = QuestionFactory(status=Question.Status.DRAFT)
    broken = QuestionFactory(
        status=Question.Status.DRAFT, choices=[("4", True, ""), ("5", True, "")]
    )
    live = QuestionFactory(status=Question.Status.PUBLISHED)

    result = services.question_bulk_publish(questions=Question.objects.all())

    assert result.published == [good]
    assert result.already_published == [live]
    assert list(result.refused) == [broken]
    assert "exactly one correct choice" in result.refused[broken][0]
    assert set(Question.objects.published()) == {good, live}


def test_bulk_unpublish_counts_only_changed_rows():
    QuestionFactory.create_batch(2, status=Question.Status.PUBLISHED)
    QuestionFactory(status=Question.Status.DRAFT)

    assert services.question_bulk_unpublish(questions=Question.objects.all()) == 2
    assert not Question.objects.published().exists()


# --- content editors group ----------------------------------------------------------


def test_content_editors_group_has_curriculum_permissions_only():
    group = content_editors_group_ensure()

    perms = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert len(perms) == 9 * 4
    assert {app for app, _ in perms} == {"learning"}
    assert ("learning", "add_question") in perms
    assert ("learning", "delete_activityquestion") in perms


def test_content_editors_group_ensure_is_idempotent_and_restores_drift():
    group = content_editors_group_ensure()
    group.permissions.add(Permission.objects.get(codename="change_user"))

    again = content_editors_group_ensure()

    assert again.pk == group.pk
    assert Group.objects.filter(name=CONTENT_EDITORS_GROUP).count() == 1
    assert not again.permissions.filter(codename="change_user").exists()


def test_post_migrate_creates_the_group():
    Group.objects.filter(name=CONTENT_EDITORS_GROUP).delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    group = Group.objects.get(name=CONTENT_EDITORS_GROUP)
    assert group.permissions.count() == 36
