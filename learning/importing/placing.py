"""Where each imported question goes: category paths to topics and concepts, and duplicates.

Category mapping (``create_categories``), decided once for the whole file:

- A category with sub-categories (in the file) is a topic; the questions directly in it go
  to a concept of the same name inside that topic. ``$course$/Iota/Kappa`` holding
  questions, with a child ``Kappa/Lambda``, gives topic Iota › sub-topic Kappa with the
  concepts Kappa (Kappa's own questions) and Lambda.
- A category without sub-categories is a concept; the names before it are topics (the first
  a top-level topic of the subject, each next one a sub-topic). A one-name path makes a topic
  and a concept of that name, which is the rule above for a top-level category.

Existing topics and concepts are reused by name, so importing an export rebuilds the same
structure. Duplicates: a question that is a copy of one already in the target concept, or
earlier in the same file (:func:`fingerprint`), is not imported again; nor is one whose
external id is already there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db.models import Max, Model, Prefetch
from django.utils.text import slugify

from learning.models import Choice, Concept, Question, Subject, Topic
from learning.services import ChoiceInput

from .report import ImportReport

Fingerprint = tuple


def _unique_slug(model: type[Model], name: str, fallback: str) -> str:
    base = slugify(name)[:120].strip("-") or fallback
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _words(text: str) -> str:
    return " ".join(text.split())


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def fingerprint(
    *,
    kind: str,
    title: str,
    prompt: str,
    explanation: str,
    choices: Sequence[ChoiceInput],
    numeric_answer: Decimal | None,
    tolerance: Decimal | None,
) -> Fingerprint:
    """What makes two questions copies of each other: kind, title, prompt, explanation, and
    each answer's text, feedback and what it earns (spacing aside).

    Fractions are compared as Moodle reads them (a weightless answer is 100 % when correct,
    0 % when not), so a Pathwise question and its re-imported export match. Two questions
    that differ in anything a learner sees (a feedback, a title) are both kept.
    """
    if kind == Question.Kind.MULTIPLE and any(c.is_correct and c.weight is None for c in choices):
        choices = _rule_weights(list(choices))
    answers = []
    for c in choices:
        weight = c.weight if c.weight is not None else float(c.is_correct)
        answers.append((_words(c.text), f"{weight:.6f}", _plain(c.tolerance), _words(c.feedback)))
    return (
        kind,
        _words(title),
        _words(prompt),
        _words(explanation),
        tuple(answers),
        _plain(numeric_answer),
        _plain(tolerance) if kind == Question.Kind.NUMERIC else None,
    )


def question_fingerprint(question: Question) -> Fingerprint:
    choices = [
        ChoiceInput(c.text, c.is_correct, c.feedback, c.weight, c.tolerance)
        for c in question.choices.all()
    ]
    return fingerprint(
        kind=question.kind,
        title=question.title,
        prompt=question.prompt,
        explanation=question.explanation,
        choices=choices,
        numeric_answer=question.numeric_answer,
        tolerance=question.tolerance,
    )


def _rule_weights(choices: list[ChoiceInput]) -> list[ChoiceInput]:
    """A Pathwise-rule multiple-choice question's grading-equivalent weights (as exported)."""
    correct = sum(c.is_correct for c in choices)
    wrong = len(choices) - correct
    return [
        ChoiceInput(
            c.text, c.is_correct, c.feedback, (1 / correct) if c.is_correct else (-1 / wrong)
        )
        for c in choices
    ]


def _has_children(path: tuple[str, ...], paths: set[tuple[str, ...]]) -> bool:
    return any(len(other) > len(path) and other[: len(path)] == path for other in paths)


class Placer:
    """Finds (or creates) the concept of each category path; knows each concept's questions."""

    def __init__(
        self,
        *,
        subject: Subject | None,
        concept: Concept | None,
        create_categories: bool,
        report: ImportReport,
        categories: Iterable[tuple[str, ...]] = (),
    ) -> None:
        self.subject = subject
        self.concept = concept
        self.create_categories = create_categories
        self.report = report
        self.paths = {tuple(name[:120] for name in path) for path in categories if path}
        self.concepts: dict[tuple[str, ...], Concept] = {}
        self.orders: dict[int, int] = {}
        self.contents: dict[int, dict[Fingerprint, Question]] = {}

    def concept_for(self, category: tuple[str, ...]) -> Concept | None:
        if not self.create_categories or not category:
            return self.concept
        names = tuple(name[:120] for name in category)
        if names not in self.concepts:
            self.concepts[names] = self._concept(names)
        return self.concepts[names]

    def _concept(self, names: tuple[str, ...]) -> Concept:
        # A category with sub-categories (or alone at the top) is a topic as well.
        is_topic = len(names) == 1 or _has_children(names, self.paths)
        topic_names = names if is_topic else names[:-1]
        concept_name = names[-1]
        parent: Topic | None = None
        path: list[str] = []
        for name in topic_names:
            path.append(name)
            topic = Topic.objects.filter(subject=self.subject, name=name).first()
            if topic is None:
                topic = Topic.objects.create(
                    subject=self.subject,
                    parent=parent,
                    name=name,
                    slug=_unique_slug(Topic, name, "topic"),
                )
                self.report.created_topics.append(" › ".join(path))
            parent = topic
        concept = Concept.objects.filter(topic=parent, name=concept_name).first()
        if concept is None:
            concept = Concept.objects.create(
                topic=parent, name=concept_name, slug=_unique_slug(Concept, concept_name, "concept")
            )
            self.report.created_concepts.append(" › ".join([*path, concept_name]))
        return concept

    def next_order(self, concept: Concept) -> int:
        if concept.pk not in self.orders:
            highest = concept.questions.aggregate(highest=Max("order"))["highest"]
            self.orders[concept.pk] = -1 if highest is None else highest
        self.orders[concept.pk] += 1
        return self.orders[concept.pk]

    def _contents(self, concept: Concept) -> dict[Fingerprint, Question]:
        """The concept's questions by content: two queries per concept, whatever its size."""
        if concept.pk not in self.contents:
            questions = concept.questions.prefetch_related(
                Prefetch("choices", queryset=Choice.objects.order_by("order", "pk"))
            )
            self.contents[concept.pk] = {}
            for question in questions:
                self.contents[concept.pk].setdefault(question_fingerprint(question), question)
        return self.contents[concept.pk]

    def duplicate_of(self, concept: Concept, key: Fingerprint) -> Question | None:
        return self._contents(concept).get(key)

    def remember(self, concept: Concept, key: Fingerprint, question: Question) -> None:
        self._contents(concept).setdefault(key, question)
