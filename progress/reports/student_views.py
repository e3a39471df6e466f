"""The student's own pages: the dashboard (their home) and the progress page."""

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.access import student_required
from accounts.selectors import classrooms_for_student
from core import clock
from core.db import replica_reads
from progress.assignments.selectors import learner_board
from progress.reports import page_cache
from progress.reports.dashboard import dashboard_mastery, open_session_of, student_dashboard
from progress.reports.student_progress import student_progress


@student_required
@replica_reads
def my_progress(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    state = page_cache.learner_state(request.user)

    def body() -> tuple[str, datetime | None]:
        context = student_progress(
            learner=request.user, now=now, known=(state.zone, state.stats, state.content_token)
        )
        rows = [i.row for sc in context["subjects"] for i in sc.concepts]
        html = render_to_string("progress/_progress_body.html", context, request=request)
        return html, page_cache.review_changes_at(rows, now=now)

    context = {
        "body": page_cache.cached_part("progress_body", state=state, now=now, build=body),
        "today": now.astimezone(state.zone).date(),
    }
    return render(request, "progress/progress_page.html", context)


@student_required
@replica_reads
def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    state = page_cache.learner_state(request.user)
    if state.version:  # the mastery overview kept per learner state (reports.page_cache)

        def overview() -> tuple[dict, datetime | None]:
            mastery = dashboard_mastery(
                learner=request.user, now=now, content_token=state.content_token
            )
            return mastery, mastery["changes_at"]

        mastery = page_cache.cached_part("dashboard", state=state, now=now, build=overview)
        context = mastery | {
            "open_session": open_session_of(learner=request.user),
            "stats": state.stats,
        }
    else:
        context = student_dashboard(learner=request.user, now=now)
    context["classrooms"] = classrooms_for_student(student=request.user)
    context["assignment_board"] = learner_board(learner=request.user, now=clock.now())
    return render(request, "progress/dashboard.html", context)
