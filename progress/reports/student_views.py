"""The student's own pages: the dashboard (their home) and the progress page."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.selectors import classrooms_for_student
from core.db import replica_reads
from progress.reports.dashboard import student_dashboard
from progress.reports.student_progress import student_progress


@replica_reads
def my_progress(request: HttpRequest) -> HttpResponse:
    if not request.user.is_student:
        raise Http404("Students only.")
    context = student_progress(learner=request.user, now=timezone.now())
    return render(request, "progress/progress_page.html", context)


@replica_reads
def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.is_student:
        return redirect("home")
    context = student_dashboard(learner=request.user, now=timezone.now())
    context["classrooms"] = classrooms_for_student(student=request.user)
    return render(request, "progress/dashboard.html", context)
