"""Curriculum writes. Each function validates first and writes in one transaction.

Views, admin actions and management commands call these; they raise
``ValidationError`` with a message an author understands, and write nothing then.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from learning import versioning
from learning.models import (
    Activity,
    ActivityQuestion,
    Choice,
    Concept,
    ConceptPrerequisite,
    Question,
    Subject,
    Topic,
    TopicPrerequisite,
)

ChoiceTuple = tuple[str, bool, str]
"""(text, is_correct, feedback) of one choice, in display order."""


@dataclass(frozen=True)
class ChoiceInput:
    """A choice with its Moodle fields: fraction of the mark and (numeric answers) tolerance."""

    text: str
    is_correct: bool
    feedback: str = ""
    weight: float | None = None
    tolerance: Decimal | None = None


def _lock_prerequisite_graph() -> None:
    """Serialise prerequisite inserts so two concurrent ones cannot close a cycle together.

    Two new edges can form a cycle without sharing a node (A→B and C→D when B→C and
    D→A exist), so locking the two endpoints is not enough: every edge insert takes the
    same locks, on all Subject rows in primary-key order (few rows; curriculum edits are
    rare). ``no_key`` (FOR NO KEY UPDATE) leaves foreign-key checks that point at a
    subject unblocked. SQLite ignores this; its IMMEDIATE transactions already serialise
    writers.
    """
    list(Subject.objects.select_for_update(no_key=True).order_by("pk").values_list("pk"))


@transaction.atomic
def topic_prerequisite_add(*, topic: Topic, prerequisite: Topic) -> TopicPrerequisite:
    """Make ``prerequisite`` a prerequisite of ``topic``; refuse self-edges and cycles."""
    _lock_prerequisite_graph()
    edge = TopicPrerequisite(topic=topic, prerequisite=prerequisite)
    edge.full_clean()
    edge.save()
    return edge


@transaction.atomic
def concept_prerequisite_add(*, concept: Concept, prerequisite: Concept) -> ConceptPrerequisite:
    """Make ``prerequisite`` a prerequisite of ``concept``; refuse self-edges and cycles."""
    _lock_prerequisite_graph()
    edge = ConceptPrerequisite(concept=concept, prerequisite=prerequisite)
    edge.full_clean()
    edge.save()
    return edge


def _build_choices(choices: Sequence[ChoiceTuple | ChoiceInput]) -> list[Choice]:
    built = []
    for order, choice in enumerate(choices):
        if not isinstance(choice, ChoiceInput):
            choice = ChoiceInput(*choice)
        built.append(
            Choice(
                text=choice.text,
                is_correct=choice.is_correct,
                feedback=choice.feedback,
                weight=choice.weight,
                tolerance=choice.tolerance,
                order=order,
            )
        )
    return built


def _field_messages(exc: ValidationError, model: type, prefix: str = "") -> list[str]:
    """Django's messages, each naming its field ("numeric answer: Ensure that ...")."""
    if not hasattr(exc, "error_dict"):
        return [f"{prefix}{m}" for m in exc.messages]
    messages = []
    for name, errors in exc.message_dict.items():
        label = prefix
        if name != "__all__":
            label += f"{model._meta.get_field(name).verbose_name}: "
        messages += [f"{label}{m}" for m in errors]
    return messages


def _question_errors(question: Question, choices: list[Choice]) -> list[str]:
    """Field errors and answerability errors of an unsaved question, as sentences.

    Every field error names its field (and choice), so an import report read on its own
    says what to fix.
    """
    messages: list[str] = []
    try:
        question.full_clean()
    except ValidationError as exc:
        messages += _field_messages(exc, Question)
    for number, choice in enumerate(choices, start=1):
        try:
            choice.full_clean(exclude=["question"])
        except ValidationError as exc:
            messages += _field_messages(exc, Choice, f"Choice {number} ")
    return messages + question.answerability_errors(choices)


@transaction.atomic
def question_create(
    *,
    concept: Concept,
    kind: str,
    prompt: str,
    choices: Sequence[ChoiceTuple | ChoiceInput],
    **fields: object,
) -> Question:
    """Create a question with its choices, refusing (and writing nothing) if unanswerable.

    ``choices`` are ``(text, is_correct, feedback)`` tuples or :class:`ChoiceInput` (with a
    weight and, for a numeric question's answer rows, a tolerance). ``fields`` are further
    Question fields (title, explanation, hint_1, difficulty, status, numeric_answer,
    tolerance, case_sensitive, order).
    """
    question = Question(concept=concept, kind=kind, prompt=prompt, **fields)
    choice_objects = _build_choices(choices)
    errors = _question_errors(question, choice_objects)
    if errors:
        raise ValidationError(errors)
    question.save()
    for choice in choice_objects:
        choice.question = question
    Choice.objects.bulk_create(choice_objects)
    return question


COPY_PREFIX = "Copy of "


@transaction.atomic
def question_duplicate(*, question: Question) -> Question:
    """A draft copy of ``question`` with its choices, titled "Copy of …".

    Everything that grading uses is copied (weights, tolerances, case sensitivity), so the
    copy scores every answer as the original does.
    """
    title_max = Question._meta.get_field("title").max_length
    copy = Question(
        concept_id=question.concept_id,
        kind=question.kind,
        title=f"{COPY_PREFIX}{question.title or question}"[:title_max],
        prompt=question.prompt,
        explanation=question.explanation,
        hint_1=question.hint_1,
        hint_2=question.hint_2,
        hint_3=question.hint_3,
        difficulty=question.difficulty,
        status=Question.Status.DRAFT,
        numeric_answer=question.numeric_answer,
        tolerance=question.tolerance,
        case_sensitive=question.case_sensitive,
        prompt_format=question.prompt_format,
        order=question.order,
    )
    copy.save()
    Choice.objects.bulk_create(
        Choice(
            question=copy,
            text=c.text,
            is_correct=c.is_correct,
            feedback=c.feedback,
            weight=c.weight,
            tolerance=c.tolerance,
            order=c.order,
        )
        for c in question.choices.all()
    )
    return copy


@dataclass
class PublishResult:
    published: list[Question] = field(default_factory=list)
    already_published: list[Question] = field(default_factory=list)
    refused: dict[Question, list[str]] = field(default_factory=dict)


@transaction.atomic
def question_bulk_publish(*, questions: Iterable[Question]) -> PublishResult:
    """Publish the answerable questions among ``questions``; report the others untouched.

    Each question is re-validated against its saved choices, so a question that was
    broken outside the admin never reaches students.
    """
    pks = [q.pk for q in questions]
    locked = (
        Question.objects.select_for_update()
        .filter(pk__in=pks)
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("order", "pk")))
        .order_by("pk")
    )
    result = PublishResult()
    for question in locked:
        if question.status == Question.Status.PUBLISHED:
            result.already_published.append(question)
        elif errors := question.answerability_errors(list(question.choices.all())):
            result.refused[question] = errors
        else:
            result.published.append(question)
    if Question.objects.filter(pk__in=[q.pk for q in result.published]).update(
        status=Question.Status.PUBLISHED, updated_at=timezone.now()
    ):
        versioning.bump()  # a bulk update sends no signals
    for question in result.published:
        question.status = Question.Status.PUBLISHED
    return result


@transaction.atomic
def question_bulk_unpublish(*, questions: Iterable[Question]) -> int:
    """Return ``questions`` to draft so students no longer see them; the number changed."""
    changed = (
        Question.objects.filter(pk__in=[q.pk for q in questions])
        .exclude(status=Question.Status.DRAFT)
        .update(status=Question.Status.DRAFT, updated_at=timezone.now())
    )
    if changed:
        versioning.bump()  # a bulk update sends no signals
    return changed


# Curriculum structure -------------------------------------------------------------------
# Authors usually build these in the admin (whose forms validate the same way); these are
# for code that builds a curriculum: the demo seeder, imports.


def _saved(instance):
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def subject_create(*, name: str, slug: str, description: str = "", order: int = 0) -> Subject:
    return _saved(Subject(name=name, slug=slug, description=description, order=order))


@transaction.atomic
def topic_create(
    *,
    subject: Subject,
    name: str,
    slug: str,
    parent: Topic | None = None,
    description: str = "",
    exam_weightage: int = 0,
    estimated_hours: Decimal = Decimal(0),
    order: int = 0,
) -> Topic:
    return _saved(
        Topic(
            subject=subject,
            parent=parent,
            name=name,
            slug=slug,
            description=description,
            exam_weightage=exam_weightage,
            estimated_hours=estimated_hours,
            order=order,
        )
    )


@transaction.atomic
def concept_create(
    *, topic: Topic, name: str, slug: str, explanation: str = "", order: int = 0
) -> Concept:
    return _saved(Concept(topic=topic, name=name, slug=slug, explanation=explanation, order=order))


@transaction.atomic
def activity_create(
    *,
    name: str,
    slug: str,
    kind: str,
    questions: Sequence[Question],
    description: str = "",
    concept: Concept | None = None,
    topic: Topic | None = None,
    pass_mark: int | None = None,
    time_limit_minutes: int | None = None,
    status: str = Activity.Status.PUBLISHED,
) -> Activity:
    """An activity asking ``questions`` in that order."""
    activity = _saved(
        Activity(
            name=name,
            slug=slug,
            kind=kind,
            description=description,
            concept=concept,
            topic=topic,
            pass_mark=pass_mark,
            time_limit_minutes=time_limit_minutes,
            status=status,
        )
    )
    ActivityQuestion.objects.bulk_create(
        ActivityQuestion(activity=activity, question=question, order=order)
        for order, question in enumerate(questions, start=1)
    )
    return activity
