from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from core.languages import canonical_language_tag, validate_language_tag
from learning import grading, graph

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
        help_text=f"The language this subject's content is written in. {LANGUAGE_HELP}",
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
        help_text="The broader topic this one belongs to (leave empty for a top-level topic).",
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True)
    exam_weightage = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(100)],
        help_text="Share of the exam (0-100) this topic is worth; 0 means not weighted.",
    )
    estimated_hours = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Study time a typical student needs to master this topic.",
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
                raise ValidationError({"parent": "A topic cannot be its own parent."})
            if self.parent.subject_id != self.subject_id:
                raise ValidationError(
                    {"parent": "The parent topic must belong to the same subject."}
                )
            ancestor, seen = self.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if self.pk is not None and ancestor.pk == self.pk:
                    raise ValidationError(
                        {"parent": "That parent would put this topic inside itself."}
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
                "A %(kind)s cannot be a prerequisite of itself.",
                params={"kind": self.kind_label},
                code="self_prerequisite",
            )
        names = " → ".join(self._edge_label(pk) for pk in path)
        raise ValidationError(
            "This prerequisite would create a cycle: %(names)s. Prerequisites must "
            "never loop back on themselves.",
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
                violation_error_message="A topic cannot be a prerequisite of itself.",
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
        blank=True, help_text="Shown to the student before they practise this concept."
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
                violation_error_message="A concept cannot be a prerequisite of itself.",
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
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class QuestionQuerySet(models.QuerySet):
    def published(self) -> "QuestionQuerySet":
        return self.filter(status=PublishStatus.PUBLISHED)


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        TRUE_FALSE = "true_false", "True / false"
        NUMERIC = "numeric", "Numeric"
        SHORT_TEXT = "short_text", "Short text"

    class PromptFormat(models.TextChoices):
        HTML = "html", "HTML"
        MARKDOWN = "markdown", "Markdown"
        PLAIN = "plain", "Plain text (HTML tags, if any, are kept)"
        MOODLE = "moodle", "Moodle auto-format"

    Status = PublishStatus

    concept = models.ForeignKey(Concept, on_delete=models.PROTECT, related_name="questions")
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.SINGLE)
    title = models.CharField(
        max_length=200, blank=True, help_text="Optional short name shown to authors only."
    )
    prompt = models.TextField()
    explanation = models.TextField(
        blank=True, help_text="Shown after the student answers: why the answer is right."
    )
    hint_1 = models.TextField(blank=True)
    hint_2 = models.TextField(blank=True)
    hint_3 = models.TextField(blank=True)
    difficulty = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 (easiest) to 5 (hardest).",
    )
    status = models.CharField(max_length=16, choices=PublishStatus, default=PublishStatus.DRAFT)
    numeric_answer = models.DecimalField(
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="Numeric questions: the correct value.",
    )
    tolerance = models.DecimalField(
        max_digits=20,
        decimal_places=6,
        default=Decimal("0"),
        help_text="Numeric questions: answers within ± this amount count as correct.",
    )
    order = models.PositiveIntegerField(default=0)
    prompt_format = models.CharField(
        max_length=16,
        choices=PromptFormat,
        default=PromptFormat.PLAIN,
        help_text="How the prompt, explanation, hints and feedback are written.",
    )
    external_id = models.CharField(
        max_length=100,
        blank=True,
        help_text="The question's id in the bank it was imported from (Moodle idnumber).",
    )
    tags = models.JSONField(default=list, blank=True, help_text="A list of tag names.")
    language = models.CharField(
        max_length=35,
        blank=True,
        validators=[validate_language_tag],
        help_text="Only for a question written in another language than its subject; "
        f"blank means the subject's. {LANGUAGE_HELP}",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["concept", "order", "pk"]
        indexes = [models.Index(fields=["concept", "status"], name="question_concept_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(difficulty__gte=1, difficulty__lte=5),
                name="question_difficulty_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(tolerance__gte=0), name="question_tolerance_non_negative"
            ),
        ]

    def __str__(self) -> str:
        label = self.title or self.prompt
        return label if len(label) <= 80 else f"{label[:77]}..."

    def get_absolute_url(self) -> str:
        return self.concept.get_absolute_url()

    @property
    def hints(self) -> list[str]:
        return [h for h in (self.hint_1, self.hint_2, self.hint_3) if h.strip()]

    def clean(self) -> None:
        super().clean()
        self.language = canonical_language_tag(self.language) or self.language

    @property
    def content_language(self) -> str:
        """The language the question is written in: its own, else its subject's (load
        ``concept__topic__subject`` with the question to avoid three queries)."""
        return self.language or self.concept.topic.subject.language

    @property
    def uses_choices(self) -> bool:
        return self.kind != self.Kind.NUMERIC

    def to_spec(self, choices: "list[Choice] | None" = None) -> grading.QuestionSpec:
        """The pure description of this question that grading works on."""
        if choices is None:
            choices = list(self.choices.all())
        return grading.QuestionSpec(
            kind=self.kind,
            choices=tuple(
                grading.ChoiceSpec(
                    id=c.pk or -(i + 1),
                    text=c.text,
                    is_correct=c.is_correct,
                    feedback=c.feedback,
                    weight=c.weight,
                )
                for i, c in enumerate(choices)
            ),
            numeric_answer=self.numeric_answer,
            tolerance=self.tolerance if self.tolerance is not None else Decimal(0),
        )

    def answerability_errors(self, choices: "list[Choice] | None" = None) -> list[str]:
        return grading.validate_question(self.to_spec(choices))


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=500)
    is_correct = models.BooleanField(default=False)
    feedback = models.TextField(
        blank=True, help_text="Shown when the student picks (or types) this answer."
    )
    weight = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-1), MaxValueValidator(1)],
        help_text="Fraction of the mark, -1 to 1 (Moodle/GIFT). A multiple-choice question "
        "whose every choice has a weight is graded by adding the picked weights.",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        # question_id, not question: ordering by the relation would join the question's
        # own ordering (concept, topic, subject) into every list of choices.
        ordering = ["question_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__isnull=True) | models.Q(weight__gte=-1, weight__lte=1),
                name="choice_weight_minus_1_to_1",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Activity(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", "Practice"
        QUIZ = "quiz", "Quiz"
        TEST = "test", "Test"
        CHALLENGE = "challenge", "Challenge"

    Status = PublishStatus

    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=180, unique=True)
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.PRACTICE)
    description = models.TextField(blank=True)
    concept = models.ForeignKey(
        Concept, on_delete=models.PROTECT, null=True, blank=True, related_name="activities"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="activities"
    )
    questions = models.ManyToManyField(
        Question, through="ActivityQuestion", related_name="activities"
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for no time limit."
    )
    pass_mark = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Percentage needed to pass (quizzes and tests).",
    )
    status = models.CharField(max_length=16, choices=PublishStatus, default=PublishStatus.DRAFT)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(concept__isnull=False, topic__isnull=True)
                    | models.Q(concept__isnull=True, topic__isnull=False)
                ),
                name="activity_concept_xor_topic",
                violation_error_message="An activity belongs to exactly one concept or topic.",
            ),
            models.CheckConstraint(
                condition=models.Q(pass_mark__isnull=True) | models.Q(pass_mark__lte=100),
                name="activity_pass_mark_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        target = self.concept or self.topic
        return target.get_absolute_url()

    def clean(self) -> None:
        if self.kind in (self.Kind.QUIZ, self.Kind.TEST) and self.pass_mark is None:
            raise ValidationError({"pass_mark": "Quizzes and tests need a pass mark."})


class ActivityQuestion(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["activity_id", "order", "pk"]  # no join to the activity's ordering
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "question"], name="activity_question_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.question}"


class ContentVersion(models.Model):
    """A single row whose token changes with every change to the curriculum's shape.

    See :mod:`learning.versioning`: per-process caches of derived curriculum data are keyed
    by this token, read in the same transaction as the data they serve.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"curriculum version {self.token[:8]} ({self.changed_at:%Y-%m-%d %H:%M})"
