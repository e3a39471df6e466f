import zoneinfo

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError

from accounts.models import (
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


def _timezone_choices() -> list[tuple[str, str]]:
    return [(tz, tz) for tz in sorted(zoneinfo.available_timezones())]


class ClassroomForm(forms.Form):
    name = forms.CharField(max_length=120, label="Class name")
    timezone = forms.ChoiceField(
        choices=_timezone_choices,
        initial=default_learner_timezone,
        required=False,
        help_text="The class's clock: assignment open and due dates are read in it.",
    )

    def clean_timezone(self) -> str:
        return self.cleaned_data["timezone"] or default_learner_timezone()


class ClassGroupForm(forms.Form):
    name = forms.CharField(max_length=80, label="Group name")


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
    code = JoinCodeField(label="Join code")
