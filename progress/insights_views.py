"""Progress pages: the student's own, a teacher's view of one student, and its CSV."""

import csv
import itertools

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.selectors import student_get_for_teacher
from core.db import replica_reads
from progress import insights, plan_selectors


@replica_reads
def my_progress(request: HttpRequest) -> HttpResponse:
    if not request.user.is_student:
        raise Http404("Students only.")
    context = insights.student_progress(learner=request.user, now=timezone.now())
    return render(request, "progress/progress_page.html", context)


@replica_reads
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    student = student_get_for_teacher(teacher=request.user, pk=pk)
    context = insights.student_progress(learner=student, now=timezone.now())
    attempts = insights.student_attempts(learner=student, data=request.GET)
    page = Paginator(attempts.qs, insights.ATTEMPTS_PER_PAGE).get_page(request.GET.get("page"))
    tz = insights.learner_timezone(student)
    context |= {
        "student": student,
        "filter": attempts,
        "page": page,
        "attempt_rows": [insights.attempt_row(a, tz=tz) for a in page],
    } | plan_selectors.plan_summary(learner=student, now=timezone.now())
    return render(request, "progress/student_detail.html", context)


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


@replica_reads
def student_attempts_csv(request: HttpRequest, pk: int) -> HttpResponse:
    student = student_get_for_teacher(teacher=request.user, pk=pk)
    attempts = insights.student_attempts(learner=student, data=request.GET)
    if not attempts.is_valid():
        return HttpResponse(attempts.errors.as_text(), status=400, content_type="text/plain")
    tz = insights.learner_timezone(student)
    writer = csv.writer(_Echo())
    rows = (
        writer.writerow(insights.attempt_row(attempt, tz=tz).as_csv())
        for attempt in attempts.qs.iterator(chunk_size=2000)
    )
    response = StreamingHttpResponse(
        itertools.chain([writer.writerow(insights.AttemptRow.CSV_HEADER)], rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="attempts-{student.pk}.csv"'
    return response
