from django import forms

from core.forms import IdModelChoiceField, IdModelMultipleChoiceField
from learning.models import Subject, Topic
from progress.plans.types import WEEKDAY_NAMES


class PlanForm(forms.Form):
    rest_weekdays = forms.TypedMultipleChoiceField(
        choices=list(enumerate(WEEKDAY_NAMES)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Rest days (no study)",
    )

    def clean_rest_weekdays(self) -> list[int]:
        days = self.cleaned_data["rest_weekdays"]
        if len(set(days)) == 7:
            raise forms.ValidationError("Leave at least one day of the week for study.")
        return days


class GoalForm(forms.Form):
    subject = IdModelChoiceField(queryset=Subject.objects.all(), label="Subject")
    topics = IdModelMultipleChoiceField(
        queryset=Topic.objects.select_related("subject"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Topics (leave empty for the whole subject)",
    )

    def clean(self):
        data = super().clean()
        subject, topics = data.get("subject"), data.get("topics") or []
        if subject and any(t.subject_id != subject.pk for t in topics):
            raise forms.ValidationError("Choose topics of the chosen subject.")
        return data
