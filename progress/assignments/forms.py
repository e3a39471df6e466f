"""Forms for setting assignments; dates are read on the class's clock."""

from datetime import date, datetime, time

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.localtime import local_date
from accounts.models import ClassGroup, Classroom, User
from learning.models import Activity, Concept, Topic
from learning.selectors import practicable_concepts
from progress.assignments import dates
from progress.assignments.models import MAX_TARGET, Assignment
from progress.assignments.services import AssignmentSpec

FIRST_YEAR, LAST_YEAR = 2000, 2100
AUDIENCE_CHOICES = [
    ("class", gettext_lazy("The whole class")),
    ("chosen", gettext_lazy("Chosen groups and students")),
]


def _id_like(value) -> bool:
    """A primary key as a form sends it: digits that fit a database integer (a longer one
    makes SQLite raise OverflowError before the "not a valid choice" message)."""
    return isinstance(value, str | int) and str(value).isdigit() and len(str(value)) <= 18


class SafeMultipleChoice(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if any(not _id_like(v) for v in value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "?"}
            )
        return super()._check_values(value)


class SafeChoice(forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _id_like(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ConceptChoice(SafeMultipleChoice):
    def label_from_instance(self, obj: Concept) -> str:
        return f"{obj.topic.subject.name} › {obj.topic.name} › {obj.name}"


class TopicChoice(SafeChoice):
    def label_from_instance(self, obj: Topic) -> str:
        return f"{obj.subject.name} › {obj.name}"


class GroupChoice(SafeMultipleChoice):
    def label_from_instance(self, obj: ClassGroup) -> str:
        return obj.name


class StudentChoice(SafeMultipleChoice):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


def _in_range(day: date | None) -> date | None:
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Choose a date between %(first_year)s and %(last_year)s.")
            % {"first_year": FIRST_YEAR, "last_year": LAST_YEAR}
        )
    return day


class AssignmentForm(forms.Form):
    title = forms.CharField(max_length=160)
    instructions = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Optional: what to focus on, how long to spend."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("What to do"), choices=Assignment.Kind.choices, widget=forms.RadioSelect
    )
    concepts = ConceptChoice(
        queryset=Concept.objects.none(),
        required=False,
        help_text=gettext_lazy("Practice: one or more concepts (or choose a topic below instead)."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    topic = TopicChoice(
        queryset=Topic.objects.none(), required=False, label=gettext_lazy("or a topic")
    )
    goal = forms.ChoiceField(
        label=gettext_lazy("Practice target"),
        choices=Assignment.Goal.choices,
        widget=forms.RadioSelect,
    )
    target_count = forms.IntegerField(
        label=gettext_lazy("Correct answers needed"),
        min_value=1,
        max_value=MAX_TARGET,
        initial=10,
        help_text=gettext_lazy("Only for the “number of correct answers” target."),
    )
    activity = SafeChoice(
        queryset=Activity.objects.none(), required=False, label=gettext_lazy("Quiz or test")
    )
    opens_on = forms.DateField(
        label=gettext_lazy("Opens on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="",
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    due_time = forms.TimeField(
        label=gettext_lazy("Due at"),
        initial=dates.END_OF_DAY,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    late_counts = forms.BooleanField(
        label=gettext_lazy("Late work counts"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Work finished after the due date still counts, marked late."),
    )
    email_students = forms.BooleanField(
        label=gettext_lazy("Also e-mail students"),
        required=False,
        help_text=gettext_lazy(
            "Students always see a notice on their dashboard; e-mail is off unless you tick this."
        ),
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("For"),
        choices=AUDIENCE_CHOICES,
        initial="class",
        widget=forms.RadioSelect,
    )
    groups = GroupChoice(
        queryset=ClassGroup.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    students = StudentChoice(
        queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, classroom: Classroom, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.classroom = classroom
        self.fields["concepts"].queryset = practicable_concepts()
        self.fields["topic"].queryset = (
            Topic.objects.filter(concepts__in=practicable_concepts())
            .select_related("subject")
            .distinct()
            .order_by("subject__order", "subject__name", "order", "name")
        )
        self.fields["activity"].queryset = Activity.objects.filter(
            status=Activity.Status.PUBLISHED, kind__in=[Activity.Kind.QUIZ, Activity.Kind.TEST]
        ).order_by("name")
        self.fields["groups"].queryset = ClassGroup.objects.filter(classroom=classroom).order_by(
            "name", "pk"
        )
        self.fields["students"].queryset = classroom.students.filter(is_guest=False).order_by(
            "last_name", "first_name", "username"
        )
        today = local_date(now, classroom.timezone)
        self.fields["opens_on"].initial = today
        self.fields["opens_on"].help_text = _(
            "Students see it from the start of that day (%(timezone)s)."
        ) % {"timezone": classroom.timezone}
        self.fields["due_on"].help_text = _("On the class's clock (%(timezone)s).") % {
            "timezone": classroom.timezone
        }
        self.fields["kind"].initial = Assignment.Kind.PRACTICE
        self.fields["goal"].initial = Assignment.Goal.MASTERED

    def clean_opens_on(self):
        return _in_range(self.cleaned_data["opens_on"])

    def clean_due_on(self):
        return _in_range(self.cleaned_data["due_on"])

    def spec(self) -> AssignmentSpec:
        data = self.cleaned_data
        tz = self.classroom.timezone
        opens_at = dates.at_class_time(data["opens_on"], time(0, 0), tz)
        chosen = data["audience"] == "chosen"
        return AssignmentSpec(
            title=data["title"],
            instructions=data["instructions"],
            kind=data["kind"],
            goal=data["goal"],
            target_count=data["target_count"],
            concepts=list(data["concepts"]),
            topic=data["topic"],
            activity=data["activity"],
            opens_at=opens_at,
            due_at=dates.at_class_time(data["due_on"], data["due_time"], tz),
            late_counts=data["late_counts"],
            email_students=data["email_students"],
            whole_class=not chosen,
            groups=list(data["groups"]) if chosen else [],
            students=list(data["students"]) if chosen else [],
        )


def initial_from(assignment: Assignment) -> dict:
    """The form's values for editing ``assignment`` (dates on the class's clock)."""
    tz = assignment.classroom.timezone
    due = dates.on_class_clock(assignment.due_at, tz)
    return {
        "title": assignment.title,
        "instructions": assignment.instructions,
        "kind": assignment.kind,
        "concepts": list(assignment.concepts.all()),
        "topic": assignment.topic,
        "goal": assignment.goal,
        "target_count": assignment.target_count,
        "activity": assignment.activity,
        "opens_on": dates.on_class_clock(assignment.opens_at, tz).date(),
        "due_on": due.date(),
        "due_time": due.time().replace(second=0, microsecond=0),
        "late_counts": assignment.late_counts,
        "email_students": assignment.email_students,
        "audience": "class" if assignment.whole_class else "chosen",
        "groups": list(assignment.groups.all()),
        "students": list(assignment.students.all()),
    }


class StatusFilterForm(forms.Form):
    """The status page's group filter (the groups are already loaded: no query)."""

    group = forms.TypedChoiceField(
        choices=[], coerce=int, required=False, empty_value=None, label=gettext_lazy("Group")
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "Everyone"), *((g.pk, g.name) for g in groups)]

    def group_id(self) -> int | None:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["group"]
        return None


class QuickPracticeForm(forms.Form):
    student = forms.IntegerField(min_value=1, max_value=2**62)
    concept = forms.IntegerField(min_value=1, max_value=2**62)
    back = forms.CharField(required=False, max_length=300)

    def clean_back(self):
        """Only a path on this site: never an open redirect (``//host``, ``/\\host``)."""
        back = self.cleaned_data["back"] or ""
        local = back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts=set())
        return back if local else ""
