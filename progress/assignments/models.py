"""Assignments: work a teacher sets for a class, groups or chosen students, by a due date.

What a student has done for an assignment is never stored as a number here: it is derived
from their answers and mastery (``progress.assignments.work``), so editing or archiving an
assignment cannot change anything a student did, and ``recompute_progress`` has nothing
new to agree with. The one record an assignment adds to a learner's history is
:class:`AssignmentSession`: "this practice session was started from that assignment",
with a snapshot of what was assigned at that moment. It is never rewritten or deleted by
the application (an assignment is archived, not deleted; the link protects it).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import ClassGroup, Classroom
from learning.models import Activity, Concept, Topic
from progress.practice.models import PracticeSession

MAX_TARGET = 200


class Assignment(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Practice concepts or a topic")
        ACTIVITY = "activity", _("A quiz or test")
        REVIEW = "review", _("A review of due concepts")

    class Goal(models.TextChoices):
        MASTERED = "mastered", _("Until mastered")
        CORRECT = "correct", _("A number of correct answers")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Deleted (kept as a record)")

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(max_length=160)
    instructions = models.TextField(blank=True, max_length=2000)
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.PRACTICE)
    # Practice: concepts (one or more) or one topic, until mastered or N correct answers.
    goal = models.CharField(max_length=16, choices=Goal, default=Goal.MASTERED)
    target_count = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TARGET)],
        help_text=_("Correct answers needed (practice with a number of correct answers)."),
    )
    concepts = models.ManyToManyField(Concept, blank=True, related_name="+")
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opens_at = models.DateTimeField()
    due_at = models.DateTimeField()
    late_counts = models.BooleanField(
        _("late work counts"), default=True, help_text=_("Work finished after the due date counts.")
    )
    email_students = models.BooleanField(
        _("also e-mail students"),
        default=False,
        help_text=_(
            "Besides the notice on their dashboard, e-mail the new assignment and the "
            "reminder the day before it is due."
        ),
    )
    # Who it is for: the whole class, or the chosen groups and students (resolved when read,
    # so a student who joins the class or a group later gets it too).
    whole_class = models.BooleanField(default=True)
    groups = models.ManyToManyField(ClassGroup, through="AssignmentGroup", blank=True)
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assignments_received"
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.ACTIVE)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_at__gt=models.F("opens_at")),
                name="assignment_due_after_open",
            ),
            models.CheckConstraint(
                condition=models.Q(target_count__gte=1, target_count__lte=MAX_TARGET),
                name="assignment_target_range",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="activity", activity__isnull=False, topic__isnull=True)
                    | models.Q(kind="practice", activity__isnull=True)
                    | models.Q(kind="review", activity__isnull=True, topic__isnull=True)
                ),
                name="assignment_kind_target",
            ),
        ]
        indexes = [
            models.Index(fields=["classroom", "status", "due_at"], name="assignment_class_due"),
            models.Index(fields=["status", "due_at"], name="assignment_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.classroom})"

    def get_absolute_url(self) -> str:
        return reverse("assignments:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class AssignmentGroup(models.Model):
    """An assignment's group. PROTECT: a group that work was assigned to is kept, so the
    record of who the work was for never changes (accounts refuses the delete)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(ClassGroup, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "group"], name="assignment_group_once")
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} → {self.group}"


class AssignmentSession(models.Model):
    """A practice session started from an assignment: how answers point at what was
    assigned. Written once when the session starts; ``assigned`` snapshots the assignment
    then (title, what to do, due date), so later edits never change what it records."""

    session = models.OneToOneField(
        PracticeSession, on_delete=models.CASCADE, related_name="assignment_link"
    )
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="links")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=160)
    assigned = models.JSONField(default=dict)
    started_at = models.DateTimeField()

    class Meta:
        ordering = ["started_at", "pk"]
        indexes = [
            models.Index(fields=["assignment", "learner"], name="assignment_link_learner"),
            models.Index(fields=["learner", "assignment"], name="assignment_link_by_learner"),
        ]

    def __str__(self) -> str:
        return f"Session {self.session_id} for {self.title}"

    def get_absolute_url(self) -> str:
        return self.session.get_absolute_url()


class AssignmentNotice(models.Model):
    """An in-app notice (and, when asked for, an e-mail) about an assignment, to one
    learner. The unique constraint is what makes each notice happen once, however many
    times and by however many workers the notice task runs."""

    class Kind(models.TextChoices):
        NEW = "new", _("New assignment")
        REMINDER = "reminder", _("Due tomorrow")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="notices")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignment_notices"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    created_at = models.DateTimeField()
    seen_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "learner", "kind"], name="assignment_notice_once"
            )
        ]
        indexes = [models.Index(fields=["learner", "seen_at"], name="assignment_notice_unseen")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.assignment_id} for {self.learner}"

    def get_absolute_url(self) -> str:
        return reverse("progress:dashboard")
