"""Teacher pages: a class's assignments, setting and editing one, its status per student
(with a CSV), deleting (archiving) it, and one-click practice from "needs help".

A teacher reaches only the classes they teach (``accounts.access``); anyone else gets a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import classroom_get_for_user, teacher_required
from core import clock
from core.db import replica_reads
from core.spreadsheet import csv_download
from learning.selectors import practicable_concepts
from progress.assignments import dates, selectors, services, teacher_selectors
from progress.assignments.exports import status_csv_rows
from progress.assignments.forms import (
    AssignmentForm,
    QuickPracticeForm,
    StatusFilterForm,
    initial_from,
)


@teacher_required
@replica_reads
def class_assignments(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    now = clock.now()
    context = {
        "classroom": classroom,
        "overviews": teacher_selectors.class_assignments(classroom=classroom, now=now),
        "archived": teacher_selectors.class_assignments(
            classroom=classroom, now=now, archived=True
        ),
    }
    return render(request, "progress/assignment_list.html", context)


@teacher_required
def assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    now = clock.now()
    form = AssignmentForm(request.POST or None, classroom=classroom, now=now)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_create(
                classroom=classroom, teacher=request.user, spec=form.spec(), now=now
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Assigned “%(title)s”.") % {"title": assignment.title})
            return redirect(assignment)
    status = 400 if request.method == "POST" else 200
    context = {"classroom": classroom, "form": form, "assignment": None}
    return render(request, "progress/assignment_form.html", context, status=status)


@teacher_required
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get_for_teacher(user=request.user, pk=pk)
    if not assignment.is_active:
        raise Http404("A deleted assignment cannot be edited.")
    now = clock.now()
    form = AssignmentForm(
        request.POST or None,
        classroom=assignment.classroom,
        now=now,
        initial=initial_from(assignment),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_update(assignment=assignment, spec=form.spec(), now=now)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Assignment saved. Answers already given are unchanged."))
            return redirect(assignment)
    status = 400 if request.method == "POST" else 200
    context = {"classroom": assignment.classroom, "form": form, "assignment": assignment}
    return render(request, "progress/assignment_form.html", context, status=status)


def _group_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("group", "")
    return int(raw) if raw.isdigit() and len(raw) < 18 else None


@teacher_required
@replica_reads
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get_for_teacher(user=request.user, pk=pk)
    table = teacher_selectors.assignment_status(
        assignment=assignment, group_id=_group_param(request), now=clock.now()
    )
    form = StatusFilterForm(request.GET or None, groups=table.groups)
    context = {"table": table, "filter": form, "assignment": assignment}
    return render(request, "progress/assignment_detail.html", context)


@teacher_required
@replica_reads
def assignment_status_csv(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get_for_teacher(user=request.user, pk=pk)
    table = teacher_selectors.assignment_status(
        assignment=assignment, group_id=_group_param(request), now=clock.now()
    )
    return csv_download(status_csv_rows(table=table), filename=f"assignment-{assignment.pk}.csv")


@require_POST
@teacher_required
def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get_for_teacher(user=request.user, pk=pk)
    services.assignment_archive(assignment=assignment, now=clock.now())
    messages.success(
        request,
        _(
            "Deleted “%(title)s”. Students no longer see it; their answers and progress "
            "are unchanged."
        )
        % {"title": assignment.title},
    )
    return redirect("assignments:class_list", pk=assignment.classroom_id)


@require_POST
@teacher_required
def quick_practice(request: HttpRequest, pk: int) -> HttpResponse:
    """One click from a "needs help" reason: practice on its concept for that student."""
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    form = QuickPracticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That button is out of date: reload the page and try again."))
        return redirect("teach:class_dashboard", pk=classroom.pk)
    data = form.cleaned_data
    back = data["back"] or redirect("teach:class_dashboard", pk=classroom.pk).url
    student = classroom.students.filter(pk=data["student"], is_guest=False).first()
    concept = get_object_or_404(practicable_concepts(), pk=data["concept"]) if student else None
    if student is None:
        raise Http404("No such student in this class.")
    try:
        assignment = services.assignment_quick_practice(
            classroom=classroom,
            teacher=request.user,
            student=student,
            concept=concept,
            now=clock.now(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(
        request,
        _("Assigned %(display_name)s practice on %(name)s until mastered, due %(value)s.")
        % {
            "display_name": student.display_name,
            "name": concept.name,
            "value": dates.label(assignment.due_at, classroom.timezone),
        },
    )
    return redirect(back)
