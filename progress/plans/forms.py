from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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
        label=gettext_lazy("Rest days (no study)"),
    )

    def clean_rest_weekdays(self) -> list[int]:
        days = self.cleaned_data["rest_weekdays"]
        if len(set(days)) == 7:
            raise forms.ValidationError(_("Leave at least one day of the week for study."))
        return days


class GoalForm(forms.Form):
    subject = IdModelChoiceField(queryset=Subject.objects.all(), label=gettext_lazy("Subject"))
    topics = IdModelMultipleChoiceField(
        queryset=Topic.objects.select_related("subject").order_by(
            "subject__order", "subject__name", "order", "name"
        ),
        required=False,
        # The page's script shows only the chosen subject's topics.
        widget=DependentCheckboxes(parent_field="subject", parent_of=lambda t: t.subject_id),
        label=gettext_lazy("Topics (leave empty for the whole subject)"),
    )

    def clean(self):
        data = super().clean()
        subject, topics = data.get("subject"), data.get("topics") or []
        strays = [t.name for t in topics if subject and t.subject_id != subject.pk]
        if strays:
            self.add_error(
                "topics",
                ngettext(
                    "%(topics)s is not in %(subject)s: choose topics of the chosen subject.",
                    "%(topics)s are not in %(subject)s: choose topics of the chosen subject.",
                    len(strays),
                )
                % {"topics": ", ".join(strays), "subject": subject.name},
            )
        return data
