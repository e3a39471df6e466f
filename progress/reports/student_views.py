"""The student's own pages: the dashboard (their home) and the progress page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import student_required
from accounts.selectors import classrooms_for_student
from core import clock
from core.db import replica_reads
from progress.assignments.selectors import learner_board
from progress.reports.dashboard import student_dashboard
from progress.reports.student_progress import student_progress


@student_required
@replica_reads
def my_progress(request: HttpRequest) -> HttpResponse:
    context = student_progress(learner=request.user, now=timezone.now())
    return render(request, "progress/progress_page.html", context)


@student_required
@replica_reads
def dashboard(request: HttpRequest) -> HttpResponse:
    context = student_dashboard(learner=request.user, now=timezone.now())
    context["classrooms"] = classrooms_for_student(student=request.user)
    context["assignment_board"] = learner_board(learner=request.user, now=clock.now())
    return render(request, "progress/dashboard.html", context)
