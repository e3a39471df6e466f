"""The curriculum's shape: subjects, topics (a tree with a prerequisite DAG) and concepts."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.languages import canonical_language_tag, validate_language_tag
from learning import graph

LANGUAGE_HELP = "A BCP 47 language tag: en, es, fr-CA, zh-Hant."


def default_content_language() -> str:
    return settings.PATHWISE_CONTENT_LANGUAGE


class Subject(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    language = models.CharField(
        max_length=35,
        default=default_content_language,
        validators=[validate_language_tag],
        help_text=gettext_lazy(
            "The language this subject's content is written in. %(language_help)s"
        )
        % {"language_help": LANGUAGE_HELP},
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("learning:subject_detail", args=[self.slug])

    def clean(self) -> None:
        super().clean()
        self.language = canonical_language_tag(self.language) or self.language


class Topic(models.Model):
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="topics")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=gettext_lazy(
            "The broader topic this one belongs to (leave empty for a top-level topic)."
        ),
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True)
    exam_weightage = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=gettext_lazy(
            "Share of the exam (0-100) this topic is worth; 0 means not weighted."
        ),
    )
    estimated_hours = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=gettext_lazy("Study time a typical student needs to master this topic."),
    )
    order = models.PositiveIntegerField(default=0)
    prerequisites = models.ManyToManyField(
        "self",
        through="TopicPrerequisite",
        through_fields=("topic", "prerequisite"),
        symmetrical=False,
        related_name="dependents",
        blank=True,
    )

    class Meta:
        ordering = ["subject", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "name"], name="topic_unique_name"),
            models.CheckConstraint(
                condition=models.Q(exam_weightage__lte=100), name="topic_weightage_0_100"
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_hours__gte=0), name="topic_hours_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("learning:topic_detail", args=[self.slug])

    def clean(self) -> None:
        if self.parent_id is not None:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A topic cannot be its own parent.")})
            if self.parent.subject_id != self.subject_id:
                raise ValidationError(
                    {"parent": _("The parent topic must belong to the same subject.")}
                )
            ancestor, seen = self.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if self.pk is not None and ancestor.pk == self.pk:
                    raise ValidationError(
                        {"parent": _("That parent would put this topic inside itself.")}
                    )
                seen.add(ancestor.pk)
                ancestor = ancestor.parent


class PrerequisiteEdgeBase(models.Model):
    """Shared behaviour of prerequisite edges: no self-edge, no cycle."""

    class Meta:
        abstract = True

    def _edge_label(self, pk: int) -> str:
        raise NotImplementedError

    def _existing_edges(self) -> list[tuple[int, int]]:
        raise NotImplementedError

    def check_acyclic(self) -> None:
        """Raise ValidationError naming the cycle this edge would create."""
        dependent_id = self.dependent_id
        prerequisite_id = self.prerequisite_id
        if dependent_id is None or prerequisite_id is None:
            return
        path = graph.cycle_path(self._existing_edges(), (dependent_id, prerequisite_id))
        if path is None:
            return
        if len(path) == 2:
            raise ValidationError(
                _("A %(kind)s cannot be a prerequisite of itself."),
                params={"kind": self.kind_label},
                code="self_prerequisite",
            )
        names = " → ".join(self._edge_label(pk) for pk in path)
        raise ValidationError(
            _(
                "This prerequisite would create a cycle: %(names)s. Prerequisites must "
                "never loop back on themselves."
            ),
            params={"names": names},
            code="prerequisite_cycle",
        )


class TopicPrerequisite(PrerequisiteEdgeBase):
    """``topic`` depends on ``prerequisite``: learn the prerequisite first."""

    kind_label = "topic"
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="prerequisite_links")
    prerequisite = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="dependent_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "prerequisite"], name="topic_prerequisite_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(topic=models.F("prerequisite")),
                name="topic_prerequisite_not_self",
                violation_error_message=gettext_lazy("A topic cannot be a prerequisite of itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} requires {self.prerequisite}"

    @property
    def dependent_id(self) -> int | None:
        return self.topic_id

    def _existing_edges(self) -> list[tuple[int, int]]:
        qs = TopicPrerequisite.objects.exclude(pk=self.pk)
        return list(qs.values_list("topic_id", "prerequisite_id"))

    def _edge_label(self, pk: int) -> str:
        return Topic.objects.values_list("name", flat=True).get(pk=pk)

    def clean(self) -> None:
        self.check_acyclic()


class Concept(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="concepts")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    explanation = models.TextField(
        blank=True,
        help_text=gettext_lazy("Shown to the student before they practise this concept."),
    )
    order = models.PositiveIntegerField(default=0)
    prerequisites = models.ManyToManyField(
        "self",
        through="ConceptPrerequisite",
        through_fields=("concept", "prerequisite"),
        symmetrical=False,
        related_name="dependents",
        blank=True,
    )

    class Meta:
        ordering = ["topic", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "name"], name="concept_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("learning:concept_detail", args=[self.slug])


class ConceptPrerequisite(PrerequisiteEdgeBase):
    """``concept`` depends on ``prerequisite``."""

    kind_label = "concept"
    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="prerequisite_links"
    )
    prerequisite = models.ForeignKey(
        Concept, on_delete=models.PROTECT, related_name="dependent_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "prerequisite"], name="concept_prerequisite_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(concept=models.F("prerequisite")),
                name="concept_prerequisite_not_self",
                violation_error_message=gettext_lazy(
                    "A concept cannot be a prerequisite of itself."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.concept} requires {self.prerequisite}"

    @property
    def dependent_id(self) -> int | None:
        return self.concept_id

    def _existing_edges(self) -> list[tuple[int, int]]:
        qs = ConceptPrerequisite.objects.exclude(pk=self.pk)
        return list(qs.values_list("concept_id", "prerequisite_id"))

    def _edge_label(self, pk: int) -> str:
        return Concept.objects.values_list("name", flat=True).get(pk=pk)

    def clean(self) -> None:
        self.check_acyclic()


class PublishStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    PUBLISHED = "published", gettext_lazy("Published")
