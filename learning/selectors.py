"""Reads for curriculum pages: each shaped for one page, with a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from learning import versioning
from learning.models import Activity, Concept, Question, Subject, Topic


def _published_question_count(concept_ref: str = "pk") -> Coalesce:
    counts = (
        Question.objects.published()
        .filter(concept=OuterRef(concept_ref))
        .order_by()
        .values("concept")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


# Curriculum order: subjects, then topics, then concepts, each by their order then name.
CURRICULUM_ORDER = (
    "topic__subject__order",
    "topic__subject__name",
    "topic__order",
    "topic__name",
    "order",
    "name",
    "pk",
)


def practicable_concepts() -> QuerySet[Concept]:
    """The concepts a learner can practise (at least one published question), in curriculum
    order, with topic and subject joined: the one definition behind every page, roll-up,
    plan and report (one query)."""
    return (
        Concept.objects.filter(Exists(Question.objects.published().filter(concept=OuterRef("pk"))))
        .select_related("topic__subject")
        .order_by(*CURRICULUM_ORDER)
    )


def practicable_concept_list(*, content_token: str | None) -> tuple[Concept, ...]:
    """:func:`practicable_concepts` as a tuple kept per process under the content version
    (``learning.versioning``; no query while it stands). Shared between requests: callers
    must not change the objects."""
    return versioning.cached(
        "learning.practicable_concept_list", content_token, lambda: tuple(practicable_concepts())
    )


def subjects_for_listing() -> QuerySet[Subject]:
    """Subjects with how many topics and concepts each holds (one query)."""
    return Subject.objects.annotate(
        topic_count=Count("topics", distinct=True),
        concept_count=Count("topics__concepts", distinct=True),
    ).order_by("order", "name")


@dataclass
class TopicNode:
    topic: Topic
    children: list["TopicNode"] = field(default_factory=list)


def subject_get(*, slug: str) -> Subject:
    return get_object_or_404(Subject, slug=slug)


def subject_topic_tree(*, subject: Subject) -> list[TopicNode]:
    """The subject's topics as a tree, built from one query."""
    topics = list(
        Topic.objects.filter(subject=subject)
        .annotate(concept_count=Count("concepts"))
        .order_by("order", "name")
    )
    nodes = {t.pk: TopicNode(t) for t in topics}
    roots: list[TopicNode] = []
    for topic in topics:
        parent = nodes.get(topic.parent_id)
        (parent.children if parent else roots).append(nodes[topic.pk])
    return roots


def topic_get_for_page(*, slug: str) -> Topic:
    """A topic with its subject, parent, concepts, prerequisites and sub-topics loaded."""
    queryset = Topic.objects.select_related("subject", "parent").prefetch_related(
        Prefetch(
            "concepts",
            queryset=Concept.objects.annotate(
                published_questions=_published_question_count()
            ).order_by("order", "name"),
        ),
        Prefetch("prerequisites", queryset=Topic.objects.order_by("name")),
        Prefetch("dependents", queryset=Topic.objects.order_by("name")),
        Prefetch("children", queryset=Topic.objects.order_by("order", "name")),
    )
    return get_object_or_404(queryset, slug=slug)


def concept_get_for_page(*, slug: str) -> Concept:
    """A concept with its topic, subject, prerequisites and published activities loaded."""
    queryset = (
        Concept.objects.select_related("topic__subject")
        .annotate(published_questions=_published_question_count())
        .prefetch_related(
            Prefetch("prerequisites", queryset=Concept.objects.order_by("name")),
            Prefetch(
                "activities",
                queryset=Activity.objects.filter(status=Activity.Status.PUBLISHED).annotate(
                    question_count=Count(
                        "items", filter=Q(items__question__status=Question.Status.PUBLISHED)
                    )
                ),
            ),
        )
    )
    return get_object_or_404(queryset, slug=slug)
