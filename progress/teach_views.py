"""Teacher pages for one class: the mastery dashboard, its CSV, and item analysis.

Teachers see only the classes they teach (superusers see all); anyone else gets a 404.
"""

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.selectors import classroom_get_for_user
from accounts.views import teacher_required
from core.db import replica_reads
from progress import plan_selectors, reports


@teacher_required
@replica_reads
def class_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    grid = reports.class_mastery_grid(classroom=classroom, filters=request.GET)
    needs_help = reports.class_needs_help(classroom=classroom, now=timezone.now())
    context = {
        "classroom": classroom,
        "grid": grid,
        "needs_help": needs_help,
        "query": request.GET.urlencode(),
        "readiness": plan_selectors.class_readiness(students=[row.student for row in grid.rows]),
    }
    return render(request, "progress/class_dashboard.html", context)


@teacher_required
@replica_reads
def class_grid_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The grid as on screen (same selector, same filters and sort) as a spreadsheet."""
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    grid = reports.class_mastery_grid(classroom=classroom, filters=request.GET)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="class-{classroom.pk}-mastery.csv"'
    writer = csv.writer(response)
    for line in reports.grid_csv_rows(grid=grid):
        writer.writerow(line)
    return response


@teacher_required
@replica_reads
def item_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    report = reports.item_analysis(teacher=request.user, classroom=classroom, filters=request.GET)
    context = {"classroom": classroom, "report": report, "query": request.GET.urlencode()}
    return render(request, "progress/item_analysis.html", context)
