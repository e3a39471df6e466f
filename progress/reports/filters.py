"""Filters for the teacher's class reports (django-filter).

``ClassGridFilter`` narrows the curriculum (the grid's columns, the items analysed) by
subject or topic, and carries the student sort. Sorting by overall mastery needs the
roll-up, which is computed in Python, so the sort is applied by the selector to the rows
it builds (``sort_key``); the filter only validates the choice.
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import IdModelChoiceField
from core.widgets import DependentSelect
from learning.models import Concept, Subject, Topic

SORT_CHOICES = [
    ("name", gettext_lazy("Name (A–Z)")),
    ("-name", gettext_lazy("Name (Z–A)")),
    ("mastery", gettext_lazy("Overall mastery (lowest first)")),
    ("-mastery", gettext_lazy("Overall mastery (highest first)")),
    ("-last_active", gettext_lazy("Last active (most recent first)")),
    ("last_active", gettext_lazy("Last active (longest ago first)")),
]
DEFAULT_SORT = "name"


class IdModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model choice filter that refuses impossible ids with a form error (core.forms)."""

    field_class = IdModelChoiceField


class ClassGridForm(forms.Form):
    """Refuses a topic from another subject than the one chosen (the grid would otherwise
    show "Mastery in Fractions" over Science columns, dashes for everyone)."""

    def clean(self):
        data = super().clean()
        subject, topic = data.get("subject"), data.get("topic")
        if subject and topic and topic.subject_id != subject.pk:
            self.add_error(
                "topic",
                _("%(name)s is not a topic of %(name2)s.")
                % {"name": topic.name, "name2": subject.name},
            )
        return data


class ClassGridFilter(django_filters.FilterSet):
    subject = IdModelChoiceFilter(
        field_name="topic__subject",
        queryset=Subject.objects.order_by("order", "name"),
        empty_label=gettext_lazy("All subjects"),
        label=gettext_lazy("Subject"),
    )
    topic = IdModelChoiceFilter(
        queryset=Topic.objects.select_related("subject").order_by(
            "subject__order", "subject__name", "order", "name"
        ),
        method="filter_topic",
        empty_label=gettext_lazy("All topics"),
        label=gettext_lazy("Topic"),
        widget=DependentSelect(parent_field="subject", parent_of=lambda t: t.subject_id),
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES,
        method="filter_sort",
        empty_label=None,
        label=gettext_lazy("Sort students by"),
    )

    class Meta:
        model = Concept
        fields = ["subject", "topic"]
        form = ClassGridForm

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        # Show "Subject › Topic" so same-named topics in two subjects stay apart.
        self.form.fields["topic"].label_from_instance = lambda t: f"{t.subject} › {t.name}"

    def filter_topic(self, queryset: QuerySet, name: str, value: Topic | None) -> QuerySet:
        """A topic includes its subtopics (topics nest two levels deep at most)."""
        if value is None:
            return queryset
        return queryset.filter(
            Q(topic=value) | Q(topic__parent=value) | Q(topic__parent__parent=value)
        )

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # applied to the computed rows by the selector

    @property
    def sort_key(self) -> str:
        if self.is_bound and self.form.is_valid():
            return self.form.cleaned_data.get("sort") or DEFAULT_SORT
        return DEFAULT_SORT
