import secrets
import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@cache
def _timezone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in _timezone_names():
        raise ValidationError(
            gettext(
                "%(value)s is not a time zone we know. Use a name like Europe/Paris or "
                "America/New_York."
            ),
            params={"value": value},
            code="invalid_timezone",
        )


def validate_interface_language(value: str) -> None:
    """One of ``settings.LANGUAGES`` (blank = follow the browser)."""
    if value and value not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("%(value)s is not a language Pathwise is available in."),
            params={"value": value},
            code="invalid_language",
        )


def default_learner_timezone() -> str:
    return settings.PATHWISE_DEFAULT_LEARNER_TIMEZONE


EMAIL_TAKEN = "An account with this email address already exists."


class User(AbstractUser):
    class Role(models.TextChoices):
        STUDENT = "student", _("Student")
        TEACHER = "teacher", _("Teacher")
        ADMIN = "admin", _("Administrator")

    role = models.CharField(max_length=16, choices=Role, default=Role.STUDENT)
    is_guest = models.BooleanField(
        default=False,
        help_text=_("A learner practising without an account (created by “Practise as a guest”)."),
    )

    # The interface language the user chose (profile page or the footer switcher); blank
    # follows the browser's Accept-Language. accounts.languages.UserLanguageMiddleware.
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        validators=[validate_interface_language],
        help_text=_("The language of Pathwise's pages. Empty: your browser's language."),
    )
    verified_email = models.EmailField(
        _("verified email address"),
        blank=True,
        help_text=_(
            "The address last proven by a verification link. The email address is "
            "verified (and may receive password resets) while the two are the same."
        ),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            # Optional (children may have none), but one account per address when given.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
                violation_error_message=EMAIL_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username

    @property
    def email_is_verified(self) -> bool:
        """True while the current address is the one a verification link proved."""
        return bool(self.email) and self.email.casefold() == self.verified_email.casefold()

    @property
    def is_student(self) -> bool:
        return self.role == self.Role.STUDENT

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def display_name(self) -> str:
        if self.is_guest:
            return "Guest"
        return self.get_full_name() or self.username


class StudentProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    grade = models.CharField(
        max_length=40, blank=True, help_text=_("School year or level, e.g. Grade 7.")
    )
    goal = models.CharField(
        _("goal / target exam"),
        max_length=120,
        blank=True,
        help_text=_("What you are preparing for, e.g. GCSE Mathematics."),
    )
    exam_date = models.DateField(null=True, blank=True)
    minutes_per_day = models.PositiveSmallIntegerField(
        _("available minutes per day"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(720)],
    )
    timezone = models.CharField(
        max_length=64, default=default_learner_timezone, validators=[validate_timezone]
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes_per_day__gte=5, minutes_per_day__lte=720),
                name="profile_minutes_per_day_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile")

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


# Join codes avoid characters that are easy to confuse when read aloud or copied
# from a whiteboard (0/O, 1/I/L).
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def generate_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


class Classroom(models.Model):
    name = models.CharField(max_length=120)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="taught_classrooms", blank=True
    )
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="classrooms", blank=True
    )
    join_code = models.CharField(
        max_length=JOIN_CODE_LENGTH, unique=True, default=generate_join_code, editable=False
    )
    timezone = models.CharField(
        max_length=64,
        default=default_learner_timezone,
        validators=[validate_timezone],
        help_text=_("The class's clock: assignment open and due dates are in this time zone."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:classroom_detail", args=[self.pk])

    @property
    def display_join_code(self) -> str:
        half = JOIN_CODE_LENGTH // 2
        return f"{self.join_code[:half]}-{self.join_code[half:]}"


class ClassGroup(models.Model):
    """A group of students inside one class ("needs support", "extension"): something a
    teacher can assign work to. A student may be in several groups of a class."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=80)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="class_groups", blank=True
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["classroom", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "classroom", name="class_group_unique_name_per_class"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.classroom})"

    def get_absolute_url(self) -> str:
        return reverse("accounts:class_groups", args=[self.classroom_id])


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash of the secret is stored; the secret is
    shown once, when the token is created. See ``accounts.tokens`` for the logic."""

    class Scope(models.TextChoices):
        READ = "read", _("Read your exports and statements")
        SYNC = "sync", _("Upload answers recorded offline")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80, help_text=_("What the token is for, e.g. Tablet app."))
    prefix = models.CharField(
        max_length=16, help_text=_("The public start of the token, to recognise it in the list.")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user_created")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:token_list")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes
