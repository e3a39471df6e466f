"""One student's attempts as a teacher reads them: the filterable table and its CSV.

``student_attempts`` is the one selector behind both, so the page and the file always show
the same rows and numbers.
"""

import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import django_filters
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from accounts.localtime import zone_of
from accounts.models import User
from learning.models import Concept
from progress.models import Attempt
from progress.reports.filters import IdModelChoiceFilter

ATTEMPTS_PER_PAGE = 25

CORRECTNESS_CHOICES = (("correct", _("Correct")), ("incorrect", _("Incorrect")))
# Dates a learner's answers can have: anything else is a typo (and 9999-12-31 has no next day).
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2100, 12, 31)
_OUT_OF_RANGE = f"Choose a date between {EARLIEST_DAY:%Y} and {LATEST_DAY:%Y}."
DATE_BOUNDS = [
    MinValueValidator(EARLIEST_DAY, message=_OUT_OF_RANGE),
    MaxValueValidator(LATEST_DAY, message=_OUT_OF_RANGE),
]


class AttemptFilter(django_filters.FilterSet):
    """Filters on one student's attempts; dates are the student's local dates."""

    concept = IdModelChoiceFilter(queryset=Concept.objects.none(), empty_label=_("All concepts"))
    result = django_filters.ChoiceFilter(
        label=_("Result"), choices=CORRECTNESS_CHOICES, empty_label=_("Any"), method="filter_result"
    )
    date_from = django_filters.DateFilter(
        label=_("From"), method="filter_date_from", validators=DATE_BOUNDS
    )
    date_to = django_filters.DateFilter(
        label=_("To"), method="filter_date_to", validators=DATE_BOUNDS
    )

    class Meta:
        model = Attempt
        fields = ["concept", "result", "date_from", "date_to"]

    def __init__(self, data=None, *args, learner: User, tz: zoneinfo.ZoneInfo, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.tz = tz
        self.filters["concept"].queryset = Concept.objects.filter(
            mastery__learner=learner
        ).order_by("name", "pk")
        for name in ("date_from", "date_to"):
            self.form.fields[name].widget.input_type = "date"

    def filter_result(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_correct=value == "correct")

    def filter_date_from(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(created_at__gte=datetime.combine(value, time.min, tzinfo=self.tz))

    def filter_date_to(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        day_after = datetime.combine(value + timedelta(days=1), time.min, tzinfo=self.tz)
        return queryset.filter(created_at__lt=day_after)


@dataclass(frozen=True)
class AttemptRow:
    """One attempt as the table and the CSV show it (the same values in both)."""

    pk: int
    answered_at: str  # the student's local time
    concept: str
    question: str
    response: str
    result: str
    score: str
    seconds: str
    hints: int
    answered_local: datetime | None = None  # the page formats it (DATETIME_FORMAT)

    CSV_HEADER = (
        _("Answered at"),
        _("Concept"),
        _("Question"),
        _("Response"),
        _("Result"),
        _("Score (%)"),
        _("Time (s)"),
        _("Hints used"),
    )

    def as_csv(self) -> tuple:
        return (
            self.answered_at,
            self.concept,
            self.question,
            self.response,
            self.result,
            self.score,
            self.seconds,
            self.hints,
        )


def attempt_row(attempt: Attempt, *, tz: zoneinfo.ZoneInfo) -> AttemptRow:
    prompt = strip_tags(str(attempt.question_snapshot.get("prompt", ""))).strip()
    return AttemptRow(
        pk=attempt.pk,
        answered_at=attempt.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        concept=attempt.concept.name,
        question=prompt if len(prompt) <= 120 else prompt[:119] + "…",
        response=attempt.response_text,
        result="Correct" if attempt.is_correct else "Incorrect",
        score=f"{round(100 * attempt.score)}",
        seconds=f"{attempt.time_taken_seconds:.0f}",
        hints=attempt.hints_used,
        answered_local=attempt.created_at.astimezone(tz),
    )


def student_attempts(*, learner: User, data: Mapping) -> AttemptFilter:
    """The student's attempts, newest first, narrowed by ``data`` (the filter form's GET).

    ``.qs`` is the filtered queryset (concept joined); rows go through :func:`attempt_row`.
    """
    queryset = (
        Attempt.objects.filter(learner=learner)
        .select_related("concept")
        .only(
            "pk",
            "created_at",
            "concept__name",
            "question_snapshot",
            "response_text",
            "is_correct",
            "score",
            "time_taken_seconds",
            "hints_used",
        )
        .order_by("-created_at", "-pk")
    )
    return AttemptFilter(data, queryset=queryset, learner=learner, tz=zone_of(learner))
