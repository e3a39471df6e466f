"""Teacher pages: one class (the mastery dashboard, its CSV, item analysis) and one student
(their progress, answers and the answers' CSV).

Teachers see only the classes they teach (superusers see all); anyone else gets a 404.
"""

import itertools

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import classroom_get_for_user, student_get_for_teacher, teacher_required
from accounts.localtime import zone_of
from core import clock
from core.db import replica_reads
from core.spreadsheet import csv_download
from progress.assignments import teacher_selectors as assignment_selectors
from progress.assignments.exports import class_csv_columns
from progress.plans import selectors as plan_selectors
from progress.reports import items
from progress.reports.attempts import ATTEMPTS_PER_PAGE, AttemptRow, attempt_row, student_attempts
from progress.reports.class_grid import LOW_BAND, class_mastery_grid, grid_csv_rows
from progress.reports.needs_help import class_needs_help, help_board, student_needs_help
from progress.reports.student_progress import (
    concepts_by_status,
    student_classroom,
    student_progress,
)


@teacher_required
@replica_reads
def class_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    grid = class_mastery_grid(classroom=classroom, filters=request.GET)
    needs_help = class_needs_help(classroom=classroom, now=timezone.now())
    context = {
        "classroom": classroom,
        "grid": grid,
        "needs_help": needs_help,
        "board": help_board(needs_help),
        "low_band": LOW_BAND,
        "query": request.GET.urlencode(),
    }
    readiness = plan_selectors.class_readiness(students=[row.student for row in grid.rows])
    context["readiness"] = [r for r in readiness if r["percent"] is not None]
    context["without_plan"] = [r["student"] for r in readiness if r["percent"] is None]
    return render(request, "progress/class_dashboard.html", context)


@teacher_required
@replica_reads
def class_grid_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The grid as on screen (same selector, same filters and sort) as a spreadsheet, with
    each assignment's status and progress per student after it."""
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    grid = class_mastery_grid(classroom=classroom, filters=request.GET)
    overviews = assignment_selectors.class_assignments(classroom=classroom, now=clock.now())
    return csv_download(
        grid_csv_rows(grid=grid, extra=class_csv_columns(overviews)),
        filename=f"class-{classroom.pk}-mastery.csv",
    )


@teacher_required
@replica_reads
def item_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    report = items.item_analysis(teacher=request.user, classroom=classroom, filters=request.GET)
    context = {"classroom": classroom, "report": report, "query": request.GET.urlencode()}
    return render(request, "progress/item_analysis.html", context)


@replica_reads
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One student, built for coaching: who they are and why they need help first, then
    their concepts by status, their recent answers, the charts, and badges last."""
    student = student_get_for_teacher(teacher=request.user, pk=pk)
    now = timezone.now()
    context = student_progress(learner=student, now=now)
    attempts = student_attempts(learner=student, data=request.GET)
    page = Paginator(attempts.qs, ATTEMPTS_PER_PAGE).get_page(request.GET.get("page"))
    tz = zone_of(student)
    classroom = student_classroom(teacher=request.user, student=student)
    context |= {
        "student": student,
        "classroom": classroom,
        "help": student_needs_help(classroom=classroom, student=student, now=now),
        "by_status": concepts_by_status(context["subjects"]),
        "filter": attempts,
        "page": page,
        "attempt_rows": [attempt_row(a, tz=tz) for a in page],
        "student_assignments": assignment_selectors.student_assignments(
            teacher=request.user, student=student, now=now
        ),
    } | plan_selectors.plan_summary(learner=student, now=now)
    return render(request, "progress/student_detail.html", context)


@replica_reads
def student_attempts_csv(request: HttpRequest, pk: int) -> HttpResponse:
    student = student_get_for_teacher(teacher=request.user, pk=pk)
    attempts = student_attempts(learner=student, data=request.GET)
    if not attempts.is_valid():
        return HttpResponse(attempts.errors.as_text(), status=400, content_type="text/plain")
    tz = zone_of(student)
    rows = (attempt_row(a, tz=tz).as_csv() for a in attempts.qs.iterator(chunk_size=2000))
    return csv_download(
        itertools.chain([AttemptRow.CSV_HEADER], rows), filename=f"attempts-{student.pk}.csv"
    )
