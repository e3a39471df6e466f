import zoneinfo
from datetime import timedelta

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import JOIN_CODE_LENGTH, StudentProfile, User, normalise_join_code
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
                "A join code has %(n)d letters and digits.", params={"n": JOIN_CODE_LENGTH}
            )
        return code


class SignupForm(UserCreationForm):
    join_code = JoinCodeField(required=False, label="Class join code (optional)")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        return User.objects.normalize_email(email)

    def clean_join_code(self):
        code = self.cleaned_data["join_code"]
        if code:
            classroom_get_by_code(code=code)
        return code


EXAM_DATE_HORIZON_DAYS = 730  # the study plan reaches two years ahead at most


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        choices=[],
        help_text="Used to decide when your day starts and ends (streaks, daily goals).",
    )

    class Meta:
        model = StudentProfile
        fields = ("grade", "goal", "exam_date", "minutes_per_day", "timezone")
        widgets = {"exam_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
                "Choose an exam date within the next two years (or leave it empty)."
            )
        return day


class ClassroomForm(forms.Form):
    name = forms.CharField(max_length=120, label="Class name")


class JoinClassroomForm(forms.Form):
    code = JoinCodeField(label="Join code")
