import zoneinfo
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    EMAIL_TAKEN,
    JOIN_CODE_LENGTH,
    StudentProfile,
    User,
    default_learner_timezone,
    normalise_join_code,
)
from accounts.services import classroom_get_by_code


class JoinCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "Eight letters and digits, for example ABCD-2345.")
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        code = normalise_join_code(value)
        if len(code) != JOIN_CODE_LENGTH:
            raise ValidationError(
                gettext("A join code has %(n)d letters and digits."), params={"n": JOIN_CODE_LENGTH}
            )
        return code


def clean_unique_email(value: str, *, user: User | None = None) -> str:
    """The normalised address, or a form error when another account already has it.

    Addresses are unique case-insensitively (a database constraint as well). The error
    tells a visitor that the address has an account, as the username check does: an
    address that can receive password resets must belong to one account only. The reset
    page itself stays silent about who has an account.
    """
    email = User.objects.normalize_email((value or "").strip())
    if email:
        others = User.objects.filter(email__iexact=email)
        if user is not None:
            others = others.exclude(pk=user.pk)
        if others.exists():
            raise ValidationError(EMAIL_TAKEN, code="email_taken")
    return email


class SignupForm(UserCreationForm):
    join_code = JoinCodeField(required=False, label=_("Class join code (optional)"))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Optional: children may have no address (a teacher resets their password).
        self.fields["email"].required = False
        self.fields["email"].help_text = gettext(
            "Optional. We send a link to confirm it; once confirmed, it can receive a "
            "password reset."
        )

    def clean_email(self):
        return clean_unique_email(self.cleaned_data.get("email", ""))

    def clean_join_code(self):
        code = self.cleaned_data["join_code"]
        if code:
            classroom_get_by_code(code=code)
        return code


EXAM_DATE_HORIZON_DAYS = 730  # the study plan reaches two years ahead at most


def _language_choices() -> list[tuple[str, str]]:
    # Each language in its own name (settings.LANGUAGES), as a switcher shows them.
    return [("", _("Same as my browser")), *settings.LANGUAGES]


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        choices=[],
        help_text=_("Used to decide when your day starts and ends (streaks, daily goals)."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=_language_choices,
        required=False,
        help_text=_("The language of Pathwise's pages. Questions keep their own language."),
    )

    class Meta:
        model = StudentProfile
        fields = ("grade", "goal", "exam_date", "minutes_per_day", "timezone")
        widgets = {"exam_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["language"].initial = user.language
        self.fields["timezone"].choices = [
            (tz, tz) for tz in sorted(zoneinfo.available_timezones())
        ]

    def clean_exam_date(self):
        day = self.cleaned_data["exam_date"]
        if day is not None and not (
            timezone.localdate() - timedelta(days=366)
            <= day
            <= timezone.localdate() + timedelta(days=EXAM_DATE_HORIZON_DAYS)
        ):
            raise forms.ValidationError(
                gettext("Choose an exam date within the next two years (or leave it empty).")
            )
        return day


def _timezone_choices() -> list[tuple[str, str]]:
    return [(tz, tz) for tz in sorted(zoneinfo.available_timezones())]


class ClassroomForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Class name"))
    timezone = forms.ChoiceField(
        choices=_timezone_choices,
        initial=default_learner_timezone,
        required=False,
        help_text=_("The class's clock: assignment open and due dates are read in it."),
    )

    def clean_timezone(self) -> str:
        return self.cleaned_data["timezone"] or default_learner_timezone()


class ClassGroupForm(forms.Form):
    name = forms.CharField(max_length=80, label=_("Group name"))


class GroupMembershipForm(forms.Form):
    """Who is in which group: one set of ticks per group, over the class's students."""

    def __init__(self, *args, groups, students, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(s.pk, s.display_name) for s in students]
        self.groups = list(groups)
        for group in self.groups:
            self.fields[f"group-{group.pk}"] = forms.TypedMultipleChoiceField(
                choices=choices,
                coerce=int,
                required=False,
                label=group.name,
                widget=forms.CheckboxSelectMultiple,
            )

    def memberships(self) -> dict[int, set[int]]:
        return {g.pk: set(self.cleaned_data[f"group-{g.pk}"]) for g in self.groups}


class JoinClassroomForm(forms.Form):
    code = JoinCodeField(label=_("Join code"))


class EmailForm(forms.Form):
    email = forms.EmailField(
        required=False,
        label=_("Email address"),
        help_text=_("Leave empty to have none. A new address is confirmed by a link we send."),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self):
        return clean_unique_email(self.cleaned_data.get("email", ""), user=self.user)
