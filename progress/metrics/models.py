"""What a learner has done: stats, goal, metrics over time, daily activity, events."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from learning.models import Concept, Subject, Topic


class LearnerStats(models.Model):
    """One row per learner, kept current inside the answer transaction."""

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stats"
    )
    total_attempts = models.PositiveIntegerField(default=0)
    correct_attempts = models.PositiveIntegerField(default=0)
    score_total = models.FloatField(default=0.0)
    seconds_total = models.FloatField(default=0.0)
    hints_total = models.PositiveIntegerField(default=0)
    sessions_started = models.PositiveIntegerField(default=0)
    sessions_completed = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    last_active_date = models.DateField(
        null=True, blank=True, help_text=_("Learner's local date of the last answer.")
    )
    current_streak = models.PositiveIntegerField(default=0)
    longest_streak = models.PositiveIntegerField(default=0)
    total_points = models.IntegerField(default=0)
    concepts_mastered = models.PositiveIntegerField(default=0)
    concepts_in_progress = models.PositiveIntegerField(default=0)
    concepts_review_needed = models.PositiveIntegerField(default=0)
    reviews_on_time = models.PositiveIntegerField(default=0)
    recent_results = models.JSONField(
        default=list, blank=True, help_text=_("Correctness of the latest answers, oldest first.")
    )

    class Meta:
        verbose_name_plural = _("learner stats")

    def __str__(self) -> str:
        return f"Stats of {self.learner}"

    @property
    def accuracy(self) -> float | None:
        return self.correct_attempts / self.total_attempts if self.total_attempts else None


class LearnerGoal(models.Model):
    """What the learner is working towards: a subject, optionally narrowed to topics."""

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_goal"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    topics = models.ManyToManyField(Topic, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"{self.learner}: {self.subject}"


class Dimension(models.TextChoices):
    OVERALL = "overall", _("Overall")
    SUBJECT = "subject", _("Subject")
    TOPIC = "topic", _("Topic")
    GOAL = "goal", _("Goal")


class Metric(models.TextChoices):
    MASTERY = "mastery", _("Mastery")
    PRACTICE_COUNT = "practice_count", _("Questions answered")
    ACCURACY = "accuracy", _("Accuracy")
    TIME_SPENT = "time_spent", _("Time spent (seconds)")
    CURRENT_STREAK = "current_streak", _("Current streak (days)")


class ProgressMetric(models.Model):
    """Current value of one metric for one learner along one dimension (upserted)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress_metrics"
    )
    dimension = models.CharField(max_length=16, choices=Dimension)
    key = models.CharField(
        max_length=64, blank=True, help_text=_("Subject/topic id; empty for overall.")
    )
    metric = models.CharField(max_length=24, choices=Metric)
    value = models.FloatField()
    # Raw counters behind ratio metrics, so accuracy can be updated without a scan.
    numerator = models.FloatField(default=0)
    denominator = models.FloatField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "dimension", "key", "metric"], name="progress_metric_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} {self.dimension}:{self.key} {self.metric}={self.value:.3f}"


class ProgressSnapshot(models.Model):
    """A metric's value at the end of a learner's local day. Never overwritten."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress_snapshots"
    )
    date = models.DateField()
    dimension = models.CharField(max_length=16, choices=Dimension)
    key = models.CharField(max_length=64, blank=True)
    metric = models.CharField(max_length=24, choices=Metric)
    value = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "dimension", "key", "metric", "date"],
                name="progress_snapshot_unique",
            ),
        ]
        indexes = [models.Index(fields=["learner", "date"], name="snapshot_learner_date")]

    def __str__(self) -> str:
        return f"{self.learner} {self.date} {self.dimension}:{self.key} {self.metric}"


class DailyActivity(models.Model):
    """What a learner did on one local day (in their own timezone)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daily_activity"
    )
    date = models.DateField()
    attempts = models.PositiveIntegerField(default=0)
    correct = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name_plural = _("daily activity")
        constraints = [
            models.UniqueConstraint(fields=["learner", "date"], name="daily_activity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} on {self.date}: {self.attempts}"


class LearningEvent(models.Model):
    """Append-only engagement log."""

    class Kind(models.TextChoices):
        SESSION_STARTED = "session_started", _("Session started")
        SESSION_COMPLETED = "session_completed", _("Session completed")
        HINT_SHOWN = "hint_shown", _("Hint shown")
        CONCEPT_MASTERED = "concept_mastered", _("Concept mastered")
        REVIEW_DUE = "review_due", _("Review due")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_events"
    )
    kind = models.CharField(max_length=24, choices=Kind)
    concept = models.ForeignKey(
        Concept, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session = models.ForeignKey(
        "progress.PracticeSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["learner", "created_at"], name="event_learner_time")]

    def __str__(self) -> str:
        return f"{self.learner} {self.kind} at {self.created_at:%Y-%m-%d %H:%M}"
