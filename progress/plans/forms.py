from django import forms

from core.forms import IdModelChoiceField, IdModelMultipleChoiceField
from core.widgets import DependentCheckboxes
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
        queryset=Topic.objects.select_related("subject").order_by(
            "subject__order", "subject__name", "order", "name"
        ),
        required=False,
        # The page's script shows only the chosen subject's topics.
        widget=DependentCheckboxes(parent_field="subject", parent_of=lambda t: t.subject_id),
        label="Topics (leave empty for the whole subject)",
    )

    def clean(self):
        data = super().clean()
        subject, topics = data.get("subject"), data.get("topics") or []
        strays = [t.name for t in topics if subject and t.subject_id != subject.pk]
        if strays:
            self.add_error(
                "topics",
                f"{', '.join(strays)} {'is' if len(strays) == 1 else 'are'} not in "
                f"{subject.name}: choose topics of the chosen subject.",
            )
        return data
