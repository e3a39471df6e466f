"""A class's groups and settings: create, rename and delete groups, tick who is in which,
and change the class's name and clock. Teachers of the class only (404 for anyone else)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import class_groups, services
from accounts.access import class_group_get_for_user, classroom_get_for_user, teacher_required
from accounts.forms import ClassGroupForm, ClassroomForm, GroupMembershipForm
from accounts.models import ClassGroup, Classroom
from accounts.selectors import classroom_roster


def _page(request, classroom: Classroom, *, create=None, members=None, status=200):
    groups = list(class_groups.class_groups_of(classroom=classroom))
    roster = list(classroom_roster(classroom=classroom))
    through = ClassGroup.members.through.objects.filter(classgroup__classroom=classroom)
    initial = {f"group-{g.pk}": [] for g in groups}
    for group_id, user_id in through.values_list("classgroup_id", "user_id"):
        initial[f"group-{group_id}"].append(user_id)
    members = members or GroupMembershipForm(groups=groups, students=roster, initial=initial)
    ticked = {g.pk: _ticked(members[f"group-{g.pk}"].value()) for g in groups}
    context = {
        "classroom": classroom,
        "groups": groups,
        "roster": roster,
        "create_form": create or ClassGroupForm(),
        "members_form": members,
        "rows": [
            {
                "student": s,
                "cells": [(g, s.pk in ticked[g.pk]) for g in groups],
            }
            for s in roster
        ],
    }
    return render(request, "accounts/class_groups.html", context, status=status)


def _ticked(values) -> set[int]:
    """The student ids ticked in one group's column (as posted, or as stored)."""
    out = set()
    for value in values or []:
        try:
            out.add(int(value))
        except (TypeError, ValueError):
            continue
    return out


@teacher_required
def class_group_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The groups page; POST creates a group."""
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        return _page(request, classroom)
    form = ClassGroupForm(request.POST)
    if form.is_valid():
        try:
            group = class_groups.class_group_create(
                classroom=classroom, name=form.cleaned_data["name"], now=timezone.now()
            )
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(
                request,
                _("Group %(name)s created: tick its students below.") % {"name": group.name},
            )
            return redirect("accounts:class_groups", pk=classroom.pk)
    return _page(request, classroom, create=form, status=400)


@require_POST
@teacher_required
def class_group_members(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    groups = list(class_groups.class_groups_of(classroom=classroom))
    form = GroupMembershipForm(
        request.POST, groups=groups, students=list(classroom_roster(classroom=classroom))
    )
    if form.is_valid():
        try:
            class_groups.class_group_memberships_set(
                classroom=classroom, memberships=form.memberships()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Groups saved."))
            return redirect("accounts:class_groups", pk=classroom.pk)
    return _page(request, classroom, members=form, status=400)


@require_POST
@teacher_required
def class_group_rename(request: HttpRequest, pk: int) -> HttpResponse:
    group = class_group_get_for_user(user=request.user, pk=pk)
    form = ClassGroupForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(" ".join(form.errors.get("name", ["Give the group a name."])))
        class_groups.class_group_rename(group=group, name=form.cleaned_data["name"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Group renamed to %(name)s.") % {"name": group.name})
    return redirect("accounts:class_groups", pk=group.classroom_id)


@require_POST
@teacher_required
def class_group_delete(request: HttpRequest, pk: int) -> HttpResponse:
    group = class_group_get_for_user(user=request.user, pk=pk)
    try:
        class_groups.class_group_delete(group=group)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Group %(name)s deleted; its students stay in the class.") % {"name": group.name},
        )
    return redirect("accounts:class_groups", pk=group.classroom_id)


@teacher_required
def classroom_edit(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    initial = {"name": classroom.name, "timezone": classroom.timezone}
    form = ClassroomForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.classroom_update(
            classroom=classroom,
            name=form.cleaned_data["name"],
            timezone_name=form.cleaned_data["timezone"],
        )
        messages.success(request, _("Class saved."))
        return redirect(classroom)
    context = {"form": form, "classroom": classroom}
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/classroom_form.html", context, status=status)
