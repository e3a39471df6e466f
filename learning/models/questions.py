"""Questions and their choices: what is asked, what counts, and for how much."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import canonical_language_tag, validate_language_tag
from learning import grading
from learning.models.curriculum import LANGUAGE_HELP, Concept, PublishStatus


class QuestionQuerySet(models.QuerySet):
    def published(self) -> "QuestionQuerySet":
        return self.filter(status=PublishStatus.PUBLISHED)


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True / false")
        NUMERIC = "numeric", _("Numeric")
        SHORT_TEXT = "short_text", _("Short text")

    class PromptFormat(models.TextChoices):
        HTML = "html", "HTML"
        MARKDOWN = "markdown", _("Markdown")
        PLAIN = "plain", _("Plain text (HTML tags, if any, are kept)")
        MOODLE = "moodle", _("Moodle auto-format")

    Status = PublishStatus

    concept = models.ForeignKey(Concept, on_delete=models.PROTECT, related_name="questions")
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.SINGLE)
    title = models.CharField(
        max_length=200, blank=True, help_text=_("Optional short name shown to authors only.")
    )
    prompt = models.TextField()
    explanation = models.TextField(
        blank=True, help_text=_("Shown after the student answers: why the answer is right.")
    )
    hint_1 = models.TextField(blank=True)
    hint_2 = models.TextField(blank=True)
    hint_3 = models.TextField(blank=True)
    difficulty = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (easiest) to 5 (hardest)."),
    )
    status = models.CharField(max_length=16, choices=PublishStatus, default=PublishStatus.DRAFT)
    numeric_answer = models.DecimalField(
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Numeric questions: the correct value."),
    )
    tolerance = models.DecimalField(
        max_digits=20,
        decimal_places=6,
        default=Decimal("0"),
        help_text=_("Numeric questions: answers within ± this amount count as correct."),
    )
    order = models.PositiveIntegerField(default=0)
    prompt_format = models.CharField(
        max_length=16,
        choices=PromptFormat,
        default=PromptFormat.PLAIN,
        help_text=_("How the prompt, explanation, hints and feedback are written."),
    )
    external_id = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The question's id in the bank it was imported from (Moodle idnumber)."),
    )
    tags = models.JSONField(default=list, blank=True, help_text=_("A list of tag names."))
    language = models.CharField(
        max_length=35,
        blank=True,
        validators=[validate_language_tag],
        help_text=_(
            "Only for a question written in another language than its subject; blank "
            "means the subject's. %(language_help)s"
        )
        % {"language_help": LANGUAGE_HELP},
    )
    case_sensitive = models.BooleanField(
        default=False,
        help_text=_("Short text: the answer's case must match (Moodle's “case sensitivity”)."),
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

    def to_spec(self, choices: "list[Choice] | None" = None) -> grading.QuestionSpec:
        """The pure description of this question that grading works on.

        A numeric question's choices are its answer rows (Moodle's answers, in order).
        """
        if choices is None:
            choices = list(self.choices.all())
        ids = [c.pk or -(i + 1) for i, c in enumerate(choices)]
        numeric = self.kind == self.Kind.NUMERIC
        return grading.QuestionSpec(
            kind=self.kind,
            choices=()
            if numeric
            else tuple(
                grading.ChoiceSpec(
                    id=pk,
                    text=c.text,
                    is_correct=c.is_correct,
                    feedback=c.feedback,
                    weight=c.weight,
                )
                for pk, c in zip(ids, choices, strict=True)
            ),
            numeric_answer=self.numeric_answer,
            tolerance=self.tolerance if self.tolerance is not None else Decimal(0),
            numeric_answers=tuple(
                grading.NumericAnswerSpec(
                    id=pk,
                    text=c.text,
                    is_correct=c.is_correct,
                    feedback=c.feedback,
                    weight=c.weight,
                    tolerance=c.tolerance,
                )
                for pk, c in zip(ids, choices, strict=True)
            )
            if numeric
            else (),
            case_sensitive=self.case_sensitive,
        )

    def answerability_errors(self, choices: "list[Choice] | None" = None) -> list[str]:
        return grading.validate_question(self.to_spec(choices))

    def answerability_problems(
        self, choices: "list[Choice] | None" = None
    ) -> list[grading.Problem]:
        """As :meth:`answerability_errors`, with the choice and field each one is about."""
        return grading.question_problems(self.to_spec(choices))


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(
        max_length=500,
        help_text=_("Numeric questions: the value (e.g. 3.14), or * for any number."),
    )
    is_correct = models.BooleanField(default=False)
    feedback = models.TextField(
        blank=True, help_text=_("Shown when the student picks (or types) this answer.")
    )
    weight = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-1), MaxValueValidator(1)],
        help_text=_(
            "Fraction of the mark, -1 to 1 (Moodle's grade per answer). Weights switch "
            "on Moodle's grading rules (see docs/interoperability.md)."
        ),
    )
    tolerance = models.DecimalField(
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Numeric answers: values within ± this amount match (empty means 0)."),
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
            models.CheckConstraint(
                condition=models.Q(tolerance__isnull=True) | models.Q(tolerance__gte=0),
                name="choice_tolerance_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.text
