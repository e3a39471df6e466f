"""Student actions on assignments: start one (the right practice or activity), dismiss
notices. The list itself is the first block of the student's dashboard."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.access import student_required
from core import clock
from progress.assignments import notices, selectors, services


@require_POST
@student_required
def assignment_start(request: HttpRequest, pk: int) -> HttpResponse:
    now = clock.now()
    assignment = selectors.assignment_get_for_student(user=request.user, pk=pk, now=now)
    try:
        session = services.assignment_start(assignment=assignment, learner=request.user, now=now)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("progress:dashboard")
    return redirect(session)


@require_POST
@student_required
def notices_seen(request: HttpRequest) -> HttpResponse:
    notices.notices_mark_seen(learner=request.user, now=clock.now())
    return redirect("progress:dashboard")
