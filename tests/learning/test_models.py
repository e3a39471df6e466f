"""Curriculum model rules: prerequisite DAGs, the topic tree, activity ownership, answerability."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from learning.models import Activity, Choice, ConceptPrerequisite, Question, TopicPrerequisite
from tests.factories import (
    ActivityFactory,
    ConceptFactory,
    ConceptPrerequisiteFactory,
    QuestionFactory,
    SubjectFactory,
    TopicFactory,
    TopicPrerequisiteFactory,
)

pytestmark = pytest.mark.django_db


def _messages(exc_info) -> str:
    return " ".join(exc_info.value.messages)


# --- prerequisite DAG ---------------------------------------------------------------


@pytest.fixture
def topics():
    subject = SubjectFactory()
    return [TopicFactory(subject=subject, name=name) for name in ("Algebra", "Fractions", "Number")]


@pytest.fixture
def concepts():
    topic = TopicFactory()
    return [ConceptFactory(topic=topic, name=name) for name in ("Ratio", "Division", "Counting")]


EDGE_MODELS = [
    pytest.param(TopicPrerequisite, "topic", "topics", id="topic"),
    pytest.param(ConceptPrerequisite, "concept", "concepts", id="concept"),
]


@pytest.mark.parametrize(("model", "dependent_field", "nodes_fixture"), EDGE_MODELS)
def test_self_prerequisite_is_refused_by_clean(request, model, dependent_field, nodes_fixture):
    a = request.getfixturevalue(nodes_fixture)[0]
    edge = model(**{dependent_field: a, "prerequisite": a})

    with pytest.raises(ValidationError) as exc_info:
        edge.full_clean()

    assert f"A {dependent_field} cannot be a prerequisite of itself." in _messages(exc_info)


@pytest.mark.parametrize(("model", "dependent_field", "nodes_fixture"), EDGE_MODELS)
def test_self_prerequisite_is_refused_by_the_database(
    request, model, dependent_field, nodes_fixture
):
    a = request.getfixturevalue(nodes_fixture)[0]

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**{dependent_field: a, "prerequisite": a})

    assert not model.objects.exists()


@pytest.mark.parametrize(("model", "dependent_field", "nodes_fixture"), EDGE_MODELS)
def test_direct_two_cycle_is_refused_naming_both(request, model, dependent_field, nodes_fixture):
    a, b, _ = request.getfixturevalue(nodes_fixture)
    model.objects.create(**{dependent_field: a, "prerequisite": b})

    with pytest.raises(ValidationError) as exc_info:
        model(**{dependent_field: b, "prerequisite": a}).full_clean()

    assert f"would create a cycle: {b.name} → {a.name} → {b.name}" in _messages(exc_info)


@pytest.mark.parametrize(("model", "dependent_field", "nodes_fixture"), EDGE_MODELS)
def test_longer_cycle_is_refused_naming_the_path(request, model, dependent_field, nodes_fixture):
    a, b, c = request.getfixturevalue(nodes_fixture)
    model.objects.create(**{dependent_field: a, "prerequisite": b})
    model.objects.create(**{dependent_field: b, "prerequisite": c})

    with pytest.raises(ValidationError) as exc_info:
        model(**{dependent_field: c, "prerequisite": a}).full_clean()

    assert f"{c.name} → {a.name} → {b.name} → {c.name}" in _messages(exc_info)


@pytest.mark.parametrize(("model", "dependent_field", "nodes_fixture"), EDGE_MODELS)
def test_a_diamond_is_not_a_cycle(request, model, dependent_field, nodes_fixture):
    a, b, c = request.getfixturevalue(nodes_fixture)
    model.objects.create(**{dependent_field: a, "prerequisite": b})
    model.objects.create(**{dependent_field: b, "prerequisite": c})

    model(**{dependent_field: a, "prerequisite": c}).full_clean()  # shortcut edge: fine


def test_editing_an_edge_ignores_its_own_old_value():
    edge = TopicPrerequisiteFactory()
    other = TopicFactory(subject=edge.topic.subject)
    edge.prerequisite = other

    edge.full_clean()


def test_factories_build_acyclic_edges():
    TopicPrerequisiteFactory().full_clean()
    ConceptPrerequisiteFactory().full_clean()


# --- topic tree ---------------------------------------------------------------------


def test_topic_cannot_be_its_own_parent():
    topic = TopicFactory()
    topic.parent = topic

    with pytest.raises(ValidationError) as exc_info:
        topic.full_clean()

    assert exc_info.value.message_dict["parent"] == ["A topic cannot be its own parent."]


def test_topic_cannot_be_moved_under_its_own_descendant():
    root = TopicFactory(name="Geometry")
    child = TopicFactory(subject=root.subject, parent=root)
    grandchild = TopicFactory(subject=root.subject, parent=child)
    root.parent = grandchild

    with pytest.raises(ValidationError) as exc_info:
        root.full_clean()

    assert exc_info.value.message_dict["parent"] == [
        "That parent would put this topic inside itself."
    ]


def test_topic_parent_must_share_the_subject():
    parent = TopicFactory()
    child = TopicFactory(parent=None)
    child.parent = parent

    with pytest.raises(ValidationError) as exc_info:
        child.full_clean()

    assert "same subject" in exc_info.value.message_dict["parent"][0]


# --- activities ---------------------------------------------------------------------


def test_activity_belongs_to_a_concept_or_a_topic_not_both():
    concept = ConceptFactory()
    activity = ActivityFactory.build(concept=concept, topic=concept.topic)

    with pytest.raises(ValidationError) as exc_info:
        activity.full_clean()
    assert "An activity belongs to exactly one concept or topic." in _messages(exc_info)

    with pytest.raises(IntegrityError), transaction.atomic():
        activity.save()


def test_activity_needs_a_concept_or_a_topic():
    activity = ActivityFactory.build(concept=None, topic=None)

    with pytest.raises(ValidationError):
        activity.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        activity.save()
    assert not Activity.objects.exists()


def test_quiz_needs_a_pass_mark():
    activity = ActivityFactory.build(concept=ConceptFactory(), kind="quiz", pass_mark=None)

    with pytest.raises(ValidationError) as exc_info:
        activity.full_clean()

    assert exc_info.value.message_dict["pass_mark"] == ["Quizzes and tests need a pass mark."]


# --- answerability of each question kind ----------------------------------------------

K = Question.Kind
ANSWERABILITY = [
    # kind, choices (text, is_correct), numeric fields, expected error fragment (None: OK)
    (K.SINGLE, [("4", True), ("5", False)], {}, None),
    (K.SINGLE, [("4", True), ("5", True)], {}, "exactly one correct choice (it has 2)"),
    (K.SINGLE, [("4", False), ("5", False)], {}, "exactly one correct choice (it has 0)"),
    (K.SINGLE, [("4", True)], {}, "at least two choices (it has 1)"),
    (K.SINGLE, [("4", True), ("4 ", False)], {}, "Choices 1 and 2 have the same text"),
    (K.SINGLE, [("4", True), ("  ", False)], {}, "Choice 2 has no text."),
    (K.MULTIPLE, [("2", True), ("3", True), ("4", False)], {}, None),
    (K.MULTIPLE, [("2", False), ("4", False)], {}, "at least one correct choice (it has none)"),
    (K.TRUE_FALSE, [("True", False), ("False", True)], {}, None),
    (K.TRUE_FALSE, [("True", True), ("False", False), ("Maybe", False)], {}, "exactly two"),
    (K.TRUE_FALSE, [("Yes", True), ("No", False)], {}, 'must be "True" and "False"'),
    (K.TRUE_FALSE, [("True", True), ("False", True)], {}, "exactly one correct choice"),
    (K.NUMERIC, [], {"numeric_answer": Decimal("3.5")}, None),
    (K.NUMERIC, [], {"numeric_answer": None}, "A numeric question needs a correct answer."),
    # A numeric question's choices are its answer rows: the first full one is the answer.
    (K.NUMERIC, [("3.5", True)], {"numeric_answer": Decimal(1)}, "must be the first answer"),
    (K.NUMERIC, [("3.5", True)], {"numeric_answer": Decimal("3.5")}, None),
    (K.NUMERIC, [("three", True)], {"numeric_answer": Decimal(3)}, "is not a number"),
    (K.SHORT_TEXT, [("photosynthesis", True), ("respiration", False)], {}, None),
    (K.SHORT_TEXT, [("respiration", False)], {}, "needs at least one accepted answer"),
    (K.SHORT_TEXT, [("Don't", True), ("dont", True)], {}, "are the same answer"),
    (K.SHORT_TEXT, [("ok", True), ("?!", False)], {}, "has no letters or digits"),
]


@pytest.mark.parametrize(("kind", "choices", "numeric", "expected"), ANSWERABILITY)
def test_answerability_of_each_kind(kind, choices, numeric, expected):
    question = Question(kind=kind, prompt="?", **numeric)
    unsaved = [Choice(text=text, is_correct=correct) for text, correct in choices]

    errors = question.answerability_errors(unsaved)

    if expected is None:
        assert errors == []
    else:
        assert any(expected in e for e in errors), errors


def test_answerability_reads_saved_choices_by_default():
    question = QuestionFactory(kind=K.SINGLE, choices=[("4", True, ""), ("5", True, "")])

    assert question.answerability_errors() == [
        "A single-choice question needs exactly one correct choice (it has 2)."
    ]
