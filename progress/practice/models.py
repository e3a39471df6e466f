"""Practice: sessions and the append-only log of answers (attempts)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from learning.models import Activity, Concept, Question, Topic


class PracticeSession(models.Model):
    class Scope(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        TOPIC = "topic", _("Topic")
        REVIEW = "review", _("Review")
        ACTIVITY = "activity", _("Activity")

    class Mode(models.TextChoices):
        PRACTICE = "practice", _("Practice")
        REVIEW = "review", _("Review")
        QUIZ = "quiz", _("Quiz")
        TEST = "test", _("Test")
        CHALLENGE = "challenge", _("Challenge")

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        ABANDONED = "abandoned", _("Abandoned")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_sessions"
    )
    scope = models.CharField(max_length=16, choices=Scope)
    mode = models.CharField(max_length=16, choices=Mode, default=Mode.PRACTICE)
    concept = models.ForeignKey(
        Concept, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    # The question currently on screen and when it was served: time taken is measured
    # on the server between serving and answering.
    current_question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    served_at = models.DateTimeField(null=True, blank=True)
    # Hints revealed for the current question, counted on the server (a hidden form field
    # would let a student claim they used none).
    hints_shown = models.PositiveSmallIntegerField(default=0)
    target_questions = models.PositiveSmallIntegerField(default=10)
    question_count = models.PositiveIntegerField(default=0)
    correct_count = models.PositiveIntegerField(default=0)
    score_total = models.FloatField(default=0.0)
    seconds_total = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["learner", "status", "-started_at"], name="session_learner")
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} session {self.pk} of {self.learner}"

    def get_absolute_url(self) -> str:
        return reverse("progress:session_question", args=[self.pk])

    @property
    def score_percent(self) -> int:
        return round(100 * self.score_total / self.question_count) if self.question_count else 0

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def defers_feedback(self) -> bool:
        """Quizzes and tests reveal answers only when the whole activity is submitted."""
        return self.mode in (self.Mode.QUIZ, self.Mode.TEST)


class Attempt(models.Model):
    """One answer. Append-only: never updated or deleted by the application."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="attempts")
    concept = models.ForeignKey(Concept, on_delete=models.PROTECT, related_name="attempts")
    session = models.ForeignKey(
        PracticeSession, on_delete=models.CASCADE, null=True, blank=True, related_name="attempts"
    )
    client_token = models.UUIDField()
    response = models.JSONField()
    response_text = models.CharField(max_length=1000)
    # The learner's interface language when answering ("es"): numbers were read with its
    # decimal mark (3,5 in es), so grading again reads them the same way. Blank: before
    # answers kept it, read as the default language (learning.number_locale).
    response_locale = models.CharField(max_length=16, blank=True, default="")
    score = models.FloatField(validators=[MinValueValidator(0), MaxValueValidator(1)])
    is_correct = models.BooleanField()
    time_taken_seconds = models.FloatField(default=0)
    hints_used = models.PositiveSmallIntegerField(default=0)
    confidence = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    question_snapshot = models.JSONField(
        help_text=_("The question as shown: prompt, choices, correct answer.")
    )
    feedback = models.JSONField(default=list)
    # The mastery update as it happened, so "why this number" replays it exactly.
    mastery_before = models.FloatField(null=True, blank=True)
    mastery_decayed = models.FloatField(null=True, blank=True)
    mastery_after = models.FloatField()
    gap_steps = models.PositiveIntegerField(default=0)
    elapsed_days = models.FloatField(null=True, blank=True)
    # What the answer told the model: 1 full evidence, 0 practice (the same question again
    # within a sitting of seeing its answer; progress.mastery.evidence).
    evidence = models.FloatField(
        default=1.0, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    created_at = models.DateTimeField(db_index=False)
    # The learner's local date when answering (their timezone at that moment): streaks and
    # daily activity are replayed from it exactly, even after a timezone change.
    local_date = models.DateField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "client_token"], name="attempt_token_unique_per_learner"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1), name="attempt_score_0_1"
            ),
        ]
        indexes = [
            models.Index(
                fields=["learner", "concept", "created_at"], name="attempt_learner_concept"
            ),
            models.Index(fields=["learner", "created_at"], name="attempt_learner_time"),
            models.Index(fields=["question", "created_at"], name="attempt_question_time"),
            models.Index(fields=["session", "created_at"], name="attempt_session_time"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} answered {self.question_id}: {self.score:.2f}"
