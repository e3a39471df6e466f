"""What a learner knows: per-concept mastery rows and each concept's fitted parameters."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from learning.models import Concept
from progress.mastery import bkt, status


class MasteryParameters(models.Model):
    """Per-concept model parameters; a concept without a row uses the defaults."""

    concept = models.OneToOneField(
        Concept, on_delete=models.CASCADE, related_name="mastery_parameters"
    )
    prior = models.FloatField(
        default=bkt.DEFAULT_PARAMS.prior,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Chance a student already knows the concept before practising it."),
    )
    learn = models.FloatField(
        default=bkt.DEFAULT_PARAMS.learn,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Chance of learning the concept from one practice question."),
    )
    slip = models.FloatField(
        default=bkt.DEFAULT_PARAMS.slip,
        validators=[MinValueValidator(0), MaxValueValidator(0.49)],
        help_text=_("Chance a student who knows it still answers wrong."),
    )
    guess = models.FloatField(
        default=bkt.DEFAULT_PARAMS.guess,
        validators=[MinValueValidator(0), MaxValueValidator(0.49)],
        help_text=_("Chance a student who does not know it answers right anyway."),
    )
    forget = models.FloatField(
        default=bkt.DEFAULT_PARAMS.forget,
        validators=[MinValueValidator(0), MaxValueValidator(0.5)],
        help_text=_("Chance of forgetting between two practice questions."),
    )
    fitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    fitted_on_attempts = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name_plural = _("mastery parameters")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slip__lt=0.5, guess__lt=0.5), name="params_identifiable"
            ),
        ]

    def __str__(self) -> str:
        return f"Mastery parameters for {self.concept}"

    def as_params(self) -> bkt.BKTParams:
        return params_from(self)


def params_from(row: "MasteryParameters | None") -> bkt.BKTParams:
    if row is None:
        return bkt.DEFAULT_PARAMS
    return bkt.BKTParams(
        prior=row.prior,
        learn=row.learn,
        slip=row.slip,
        guess=row.guess,
        forget=row.forget,
        gap_forget=bkt.DEFAULT_PARAMS.gap_forget,
    )


class ConceptMastery(models.Model):
    # Codes and labels come from progress.mastery.status, the one place the words live.
    class Status(models.TextChoices):
        NOT_STARTED = status.STATUS_NOT_STARTED, status.LABELS[status.STATUS_NOT_STARTED]
        IN_PROGRESS = status.STATUS_IN_PROGRESS, status.LABELS[status.STATUS_IN_PROGRESS]
        MASTERED = status.STATUS_MASTERED, status.LABELS[status.STATUS_MASTERED]
        REVIEW_NEEDED = status.STATUS_REVIEW_NEEDED, status.LABELS[status.STATUS_REVIEW_NEEDED]

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="concept_mastery"
    )
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="mastery")
    # The displayed estimate (no forgetting within a sitting; see progress.mastery.bkt).
    p_known = models.FloatField(validators=[MinValueValidator(0), MaxValueValidator(1)])
    # The status right after the last answer. Time moves a mastered concept to "review
    # needed" without an answer: pages ask progress.mastery.selectors.status_now.
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
        default=0, help_text=_("Wrong answers in a row on this concept, up to the latest.")
    )
    p_chain = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_(
            "The prediction chain's P(known), with per-attempt forgetting: predicts the "
            "next answer, never shown as the estimate."
        ),
    )
    evidence = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            "Per question: when last answered and whether ever right on a fresh try "
            "without hints; the latest fresh answers' scores (progress.mastery.evidence)."
        ),
    )

    class Meta:
        verbose_name_plural = _("concept mastery")
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
