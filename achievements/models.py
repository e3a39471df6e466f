import uuid
from dataclasses import replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from achievements import glyphs, rules
from achievements.images import validate_badge_image
from learning.models import Subject, Topic

hex_colour = RegexValidator(
    r"^#[0-9A-Fa-f]{6}$", "Enter a colour as # and six hex digits, e.g. #1F5FBF."
)


class Badge(models.Model):
    class Category(models.TextChoices):
        STREAK = "streak", _("Streak")
        PRACTICE = "practice", _("Practice")
        MASTERY = "mastery", _("Mastery")
        ACCURACY = "accuracy", _("Accuracy")
        SPECIAL = "special", _("Special")

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=90, unique=True)
    description = models.TextField(
        blank=True, help_text=_("Optional flavour text; the rule's own wording is always shown.")
    )
    category = models.CharField(max_length=16, choices=Category, default=Category.PRACTICE)
    rule_kind = models.CharField(
        _("rule"),
        max_length=32,
        choices=rules.RULE_CHOICES,
        help_text=_("What the learner must do; “Rules” below lists each rule's parameters."),
    )
    threshold = models.PositiveIntegerField(
        default=1, help_text=_("N: the rule's target (days, questions, concepts, percent...).")
    )
    second_parameter = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "M: only for rules that take one: how many latest answers count (accuracy), "
            "the fewest questions (perfect session)."
        ),
    )
    subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Limit a mastery rule to one subject."),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Limit a mastery rule to one topic (its own concepts)."),
    )
    points = models.PositiveIntegerField(default=10)
    glyph = models.CharField(
        max_length=20,
        choices=glyphs.GLYPH_CHOICES,
        blank=True,
        help_text=_("The symbol drawn on the badge, in its colour (works without an emoji font)."),
    )
    # Kept for badges made before glyphs (and code that still passes an emoji): never shown;
    # a badge without a glyph gets the one its emoji maps to (glyphs.EMOJI_GLYPHS).
    icon = models.CharField(
        _("old emoji icon"),
        max_length=16,
        blank=True,
        help_text=_("No longer shown; kept from before glyphs."),
    )
    image = models.FileField(
        upload_to="badges/",
        blank=True,
        validators=[FileExtensionValidator(["png", "svg"]), validate_badge_image],
        help_text=_("Instead of the glyph: a PNG or SVG of at most 200 KB (no scripts)."),
    )
    colour = models.CharField(max_length=7, default="#1F5FBF", validators=[hex_colour])
    hidden = models.BooleanField(
        default=False, help_text=_("Shown to students as a mystery until they earn it.")
    )
    repeatable = models.BooleanField(
        default=False, help_text=_("Earned again each time the rule is met anew.")
    )
    active = models.BooleanField(default=True)
    display_order = models.PositiveIntegerField(default=0)
    # The badge's public identifier: the Open Badges achievement id (a stable, unguessable
    # URL that resolves without login, even for hidden badges and after a slug changes).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subject__isnull=True) | models.Q(topic__isnull=True),
                name="badge_one_scope",
                violation_error_message=_("Choose a subject or a topic, not both."),
            ),
        ]
        indexes = [models.Index(fields=["active", "rule_kind"], name="badge_active_rule")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("achievements:badge_list") + f"#badge-{self.slug}"

    def get_public_url(self) -> str:
        """The public page of the badge (the Open Badges achievement id's path)."""
        return reverse("achievements:achievement", args=[self.public_id])

    @property
    def glyph_name(self) -> str:
        """The glyph shown: the chosen one, else the old emoji's, else the star."""
        return self.glyph or glyphs.glyph_for_emoji(self.icon)

    @property
    def rule(self) -> rules.Rule:
        return rules.RULES[self.rule_kind]

    @property
    def params(self) -> rules.BadgeParams:
        """The rule's parameters (no query: scope names are left out)."""
        return rules.BadgeParams(
            threshold=self.threshold,
            second=self.second_parameter,
            subject_id=self.subject_id,
            topic_id=self.topic_id,
        )

    @property
    def criteria(self) -> str:
        """The rule in plain words, as students read it (select_related subject, topic)."""
        if self.rule_kind not in rules.RULES:
            return ""
        scope = self.topic.name if self.topic_id else self.subject.name if self.subject_id else ""
        return self.rule.describe(replace(self.params, scope_name=scope))

    def clean(self) -> None:
        errors = rules.params_errors(
            self.rule_kind,
            rules.BadgeParams(threshold=self.threshold, second=self.second_parameter),
            repeatable=self.repeatable,
            has_subject=self.subject_id is not None,
            has_topic=self.topic_id is not None,
        )
        if errors:
            raise ValidationError(errors)


class LearnerBadge(models.Model):
    """A badge a learner earned. ``seen_at`` is empty until the learner has been told."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges"
    )
    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="learner_badges")
    # The rule's progress when last earned (the criterion as it stood then).
    progress_current = models.PositiveIntegerField(default=0)
    progress_target = models.PositiveIntegerField(default=1)
    earned_at = models.DateTimeField(help_text=_("When it was (last) earned."))
    times_earned = models.PositiveIntegerField(default=1)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-earned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "badge"], name="learner_badge_unique"),
        ]
        indexes = [models.Index(fields=["learner", "seen_at"], name="learner_badge_unseen")]

    def __str__(self) -> str:
        return f"{self.learner} earned {self.badge}"

    def get_absolute_url(self) -> str:
        return reverse("achievements:credential", args=[self.badge.slug])


class PointsEntry(models.Model):
    """Append-only points ledger; ``LearnerStats.total_points`` is the sum of a learner's rows."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="points_entries"
    )
    amount = models.IntegerField()
    reason = models.CharField(max_length=200)
    badge = models.ForeignKey(
        Badge, on_delete=models.SET_NULL, null=True, blank=True, related_name="points_entries"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = _("points entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["learner", "created_at"], name="points_learner_time")]

    def __str__(self) -> str:
        return f"{self.learner}: {self.amount:+d} ({self.reason})"

    def get_absolute_url(self) -> str:
        return reverse("achievements:badge_list")


class BadgeCredential(models.Model):
    """The Open Badges credential issued for one award, and its revocation.

    Issued (signed) on the learner's first download and stored as signed, so every later
    download is the same document. ``id`` is the credential's public id; (``status_list``,
    ``status_index``) is its bit in the published Bitstring Status List. A row outlives its
    award (``learner_badge`` set to NULL): the bit then reads "revoked", because the issuer
    no longer stands behind an award it deleted. A revocation made before any download is a
    row without a document, so the credential can never be issued.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    learner_badge = models.OneToOneField(
        LearnerBadge,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credential",
    )
    badge = models.ForeignKey(
        Badge, on_delete=models.SET_NULL, null=True, blank=True, related_name="credentials"
    )
    status_list = models.PositiveIntegerField(default=1)
    status_index = models.PositiveIntegerField()
    document = models.JSONField(null=True, blank=True, help_text=_("The credential as signed."))
    issued_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="credential_status_slot_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revocation_reason=""),
                name="credential_revocation_has_reason",
                violation_error_message=_("A revocation needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"Credential {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("achievements:credential_detail", args=[self.pk])

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None or self.learner_badge_id is None
