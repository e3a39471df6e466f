from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from learning.models import Activity, Concept, Question, Subject, Topic
from progress import mastery


class MasteryParameters(models.Model):
    """Per-concept model parameters; a concept without a row uses the defaults."""

    concept = models.OneToOneField(
        Concept, on_delete=models.CASCADE, related_name="mastery_parameters"
    )
    prior = models.FloatField(
        default=mastery.DEFAULT_PARAMS.prior,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Chance a student already knows the concept before practising it.",
    )
    learn = models.FloatField(
        default=mastery.DEFAULT_PARAMS.learn,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Chance of learning the concept from one practice question.",
    )
    slip = models.FloatField(
        default=mastery.DEFAULT_PARAMS.slip,
        validators=[MinValueValidator(0), MaxValueValidator(0.49)],
        help_text="Chance a student who knows it still answers wrong.",
    )
    guess = models.FloatField(
        default=mastery.DEFAULT_PARAMS.guess,
        validators=[MinValueValidator(0), MaxValueValidator(0.49)],
        help_text="Chance a student who does not know it answers right anyway.",
    )
    forget = models.FloatField(
        default=mastery.DEFAULT_PARAMS.forget,
        validators=[MinValueValidator(0), MaxValueValidator(0.5)],
        help_text="Chance of forgetting between two practice questions.",
    )
    fitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    fitted_on_attempts = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name_plural = "mastery parameters"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slip__lt=0.5, guess__lt=0.5), name="params_identifiable"
            ),
        ]

    def __str__(self) -> str:
        return f"Mastery parameters for {self.concept}"

    def as_params(self) -> mastery.BKTParams:
        return params_from(self)


def params_from(row: "MasteryParameters | None") -> mastery.BKTParams:
    if row is None:
        return mastery.DEFAULT_PARAMS
    return mastery.BKTParams(
        prior=row.prior,
        learn=row.learn,
        slip=row.slip,
        guess=row.guess,
        forget=row.forget,
        gap_forget=mastery.DEFAULT_PARAMS.gap_forget,
    )


class PracticeSession(models.Model):
    class Scope(models.TextChoices):
        CONCEPT = "concept", "Concept"
        TOPIC = "topic", "Topic"
        REVIEW = "review", "Review"
        ACTIVITY = "activity", "Activity"

    class Mode(models.TextChoices):
        PRACTICE = "practice", "Practice"
        REVIEW = "review", "Review"
        QUIZ = "quiz", "Quiz"
        TEST = "test", "Test"
        CHALLENGE = "challenge", "Challenge"

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        ABANDONED = "abandoned", "Abandoned"

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
    score = models.FloatField(validators=[MinValueValidator(0), MaxValueValidator(1)])
    is_correct = models.BooleanField()
    time_taken_seconds = models.FloatField(default=0)
    hints_used = models.PositiveSmallIntegerField(default=0)
    confidence = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    question_snapshot = models.JSONField(
        help_text="The question as shown: prompt, choices, correct answer."
    )
    feedback = models.JSONField(default=list)
    # The mastery update as it happened, so "why this number" replays it exactly.
    mastery_before = models.FloatField(null=True, blank=True)
    mastery_decayed = models.FloatField(null=True, blank=True)
    mastery_after = models.FloatField()
    gap_steps = models.PositiveIntegerField(default=0)
    elapsed_days = models.FloatField(null=True, blank=True)
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


class ConceptMastery(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = mastery.STATUS_NOT_STARTED, "Not started"
        IN_PROGRESS = mastery.STATUS_IN_PROGRESS, "In progress"
        MASTERED = mastery.STATUS_MASTERED, "Mastered"
        REVIEW_NEEDED = mastery.STATUS_REVIEW_NEEDED, "Review needed"

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="concept_mastery"
    )
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="mastery")
    p_known = models.FloatField(validators=[MinValueValidator(0), MaxValueValidator(1)])
    status = models.CharField(max_length=16, choices=Status, default=Status.IN_PROGRESS)
    attempts = models.PositiveIntegerField(default=0)
    correct = models.PositiveIntegerField(default=0)
    was_mastered = models.BooleanField(default=False)
    mastered_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField()
    # The learner's total attempt count right after the last attempt on this concept:
    # the gap (questions elsewhere since) is total_attempts - this, in O(1).
    learner_attempt_seq = models.PositiveIntegerField(default=0)
    review_card = models.JSONField(default=dict, blank=True)
    review_due_at = models.DateTimeField(null=True, blank=True)
    wrong_streak = models.PositiveSmallIntegerField(
        default=0, help_text="Wrong answers in a row on this concept, up to the latest."
    )

    class Meta:
        verbose_name_plural = "concept mastery"
        constraints = [
            models.UniqueConstraint(fields=["learner", "concept"], name="mastery_unique"),
            models.CheckConstraint(
                condition=models.Q(p_known__gte=0, p_known__lte=1), name="mastery_p_0_1"
            ),
        ]
        indexes = [
            models.Index(fields=["learner", "review_due_at"], name="mastery_review_due"),
            models.Index(fields=["concept", "status"], name="mastery_concept_status"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.concept}: {self.p_known:.0%}"

    def get_absolute_url(self) -> str:
        return reverse("progress:mastery_explain", args=[self.concept.slug])


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
        null=True, blank=True, help_text="Learner's local date of the last answer."
    )
    current_streak = models.PositiveIntegerField(default=0)
    longest_streak = models.PositiveIntegerField(default=0)
    total_points = models.IntegerField(default=0)
    concepts_mastered = models.PositiveIntegerField(default=0)
    concepts_in_progress = models.PositiveIntegerField(default=0)
    concepts_review_needed = models.PositiveIntegerField(default=0)
    reviews_on_time = models.PositiveIntegerField(default=0)
    recent_results = models.JSONField(
        default=list, blank=True, help_text="Correctness of the latest answers, oldest first."
    )

    class Meta:
        verbose_name_plural = "learner stats"

    def __str__(self) -> str:
        return f"Stats of {self.learner}"

    @property
    def accuracy(self) -> float | None:
        return self.correct_attempts / self.total_attempts if self.total_attempts else None

    def concepts_not_started(self, total_concepts: int) -> int:
        started = self.concepts_mastered + self.concepts_in_progress + self.concepts_review_needed
        return max(0, total_concepts - started)


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
    OVERALL = "overall", "Overall"
    SUBJECT = "subject", "Subject"
    TOPIC = "topic", "Topic"
    GOAL = "goal", "Goal"


class Metric(models.TextChoices):
    MASTERY = "mastery", "Mastery"
    PRACTICE_COUNT = "practice_count", "Questions answered"
    ACCURACY = "accuracy", "Accuracy"
    TIME_SPENT = "time_spent", "Time spent (seconds)"
    CURRENT_STREAK = "current_streak", "Current streak (days)"


class ProgressMetric(models.Model):
    """Current value of one metric for one learner along one dimension (upserted)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress_metrics"
    )
    dimension = models.CharField(max_length=16, choices=Dimension)
    key = models.CharField(
        max_length=64, blank=True, help_text="Subject/topic id; empty for overall."
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
        verbose_name_plural = "daily activity"
        constraints = [
            models.UniqueConstraint(fields=["learner", "date"], name="daily_activity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} on {self.date}: {self.attempts}"


class LearningEvent(models.Model):
    """Append-only engagement log."""

    class Kind(models.TextChoices):
        SESSION_STARTED = "session_started", "Session started"
        SESSION_COMPLETED = "session_completed", "Session completed"
        HINT_SHOWN = "hint_shown", "Hint shown"
        CONCEPT_MASTERED = "concept_mastered", "Concept mastered"
        REVIEW_DUE = "review_due", "Review due"

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_events"
    )
    kind = models.CharField(max_length=24, choices=Kind)
    concept = models.ForeignKey(
        Concept, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session = models.ForeignKey(
        PracticeSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["learner", "created_at"], name="event_learner_time")]

    def __str__(self) -> str:
        return f"{self.learner} {self.kind} at {self.created_at:%Y-%m-%d %H:%M}"


from progress.models_exports import ExportJob  # noqa: E402, F401
from progress.models_planning import StudyPlan, StudyPlanItem  # noqa: E402, F401
