"""Activities (quizzes, tests, practice sets) and the curriculum's version stamp."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learning.models.curriculum import Concept, PublishStatus, Topic
from learning.models.questions import Question


class Activity(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", gettext_lazy("Practice")
        QUIZ = "quiz", gettext_lazy("Quiz")
        TEST = "test", gettext_lazy("Test")
        CHALLENGE = "challenge", gettext_lazy("Challenge")

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
        null=True, blank=True, help_text=gettext_lazy("Leave empty for no time limit.")
    )
    pass_mark = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=gettext_lazy("Percentage needed to pass (quizzes and tests)."),
    )
    status = models.CharField(max_length=16, choices=PublishStatus, default=PublishStatus.DRAFT)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = gettext_lazy("activities")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(concept__isnull=False, topic__isnull=True)
                    | models.Q(concept__isnull=True, topic__isnull=False)
                ),
                name="activity_concept_xor_topic",
                violation_error_message=gettext_lazy(
                    "An activity belongs to exactly one concept or topic."
                ),
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
            raise ValidationError({"pass_mark": _("Quizzes and tests need a pass mark.")})


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
