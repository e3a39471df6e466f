"""The student's own pages: the dashboard (their home) and the progress page."""

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.access import student_required
from accounts.selectors import classrooms_for_student
from core import clock, kept
from core.db import replica_reads
from progress.assignments.selectors import learner_board
from progress.reports import page_cache
from progress.reports import sql as dashboard_sql
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
    """The student's home. Its body is kept per learner state and dashboard state
    (``reports.sql.dashboard_versions``) until one of them or time changes it: a repeat
    visit reads the key (2 statements) and renders only the site's frame."""
    now = clock.now()
    learner = request.user
    state = page_cache.learner_state(learner)
    vary, opens_at = "", None
    if state.version:
        versions, opens_at = dashboard_sql.dashboard_versions(learner_id=learner.pk, now=now)
        vary = kept.digest(versions, learner.display_name, learner.is_guest)

    def body() -> tuple[str, datetime | None]:
        if state.version:
            context = dashboard_mastery(learner=learner, now=now, content_token=state.content_token)
            context |= {"open_session": open_session_of(learner=learner), "stats": state.stats}
        else:
            context = student_dashboard(learner=learner, now=now)
        board = learner_board(learner=learner, now=now)
        context |= {
            "classrooms": classrooms_for_student(student=learner),
            "assignment_board": board,
            "csrf_token": kept.CSRF_PLACEHOLDER,
        }
        html = render_to_string("progress/_dashboard_body.html", context, request=request)
        moments = (context["changes_at"], board.changes_at, opens_at)
        return html, min((m for m in moments if m is not None), default=None)

    html = page_cache.cached_part("dashboard_body", state=state, now=now, build=body, vary=vary)
    return render(request, "progress/dashboard.html", {"body": kept.with_csrf(html, request)})
