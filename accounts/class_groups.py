"""Writes for groups inside a class: create, rename, delete, and who is in which group.

A group belongs to one class; only students of that class can be members, and a student
may be in several groups. Each function is one use case in one transaction; bad input
raises ``ValidationError`` with a sentence a teacher understands and changes nothing.
"""

from collections.abc import Mapping, Set
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, QuerySet
from django.utils.translation import gettext as _

from accounts.models import ClassGroup, Classroom, User

MAX_GROUPS_PER_CLASS = 50


def class_groups_of(*, classroom: Classroom) -> QuerySet[ClassGroup]:
    return ClassGroup.objects.filter(classroom=classroom).order_by("name", "pk")


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Give the group a name."), code="name")
    if len(name) > ClassGroup._meta.get_field("name").max_length:
        raise ValidationError(_("A group name has at most 80 characters."), code="name")
    return name


def _save_unique(group: ClassGroup) -> None:
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:
        raise ValidationError(
            _("This class already has a group called %(name)s."),
            params={"name": group.name},
            code="duplicate",
        ) from None


@transaction.atomic
def class_group_create(*, classroom: Classroom, name: str, now: datetime) -> ClassGroup:
    if ClassGroup.objects.filter(classroom=classroom).count() >= MAX_GROUPS_PER_CLASS:
        raise ValidationError(
            _("A class can have at most %(n)d groups."), params={"n": MAX_GROUPS_PER_CLASS}
        )
    group = ClassGroup(classroom=classroom, name=_clean_name(name), created_at=now)
    _save_unique(group)
    return group


@transaction.atomic
def class_group_rename(*, group: ClassGroup, name: str) -> ClassGroup:
    group.name = _clean_name(name)
    _save_unique(group)
    return group


@transaction.atomic
def class_group_delete(*, group: ClassGroup) -> None:
    """Delete a group (its members stay in the class). A group that work was assigned to
    is kept, so the record of who an assignment was for never changes: rename it instead."""
    try:
        group.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "Work has been assigned to %(name)s, so it is kept as a record of who the work "
                "was for. Rename it, or move its students to other groups, instead."
            ),
            params={"name": group.name},
            code="protected",
        ) from None


@transaction.atomic
def class_group_memberships_set(
    *, classroom: Classroom, memberships: Mapping[int, Set[int]]
) -> None:
    """Set the members of the class's groups at once (group id -> student ids): the
    "who is in which group" table. Groups not named keep their members."""
    groups = {g.pk: g for g in ClassGroup.objects.filter(classroom=classroom)}
    unknown = set(memberships) - set(groups)
    if unknown:
        raise ValidationError(_("Those groups are not groups of this class."), code="group")
    students = set(
        classroom.students.filter(is_guest=False, role=User.Role.STUDENT).values_list(
            "pk", flat=True
        )
    )
    chosen = set().union(*memberships.values()) if memberships else set()
    if chosen - students:
        raise ValidationError(_("Only students of this class can be in its groups."), code="member")
    through = ClassGroup.members.through
    through.objects.filter(classgroup_id__in=list(memberships)).delete()
    through.objects.bulk_create(
        through(classgroup_id=group_id, user_id=user_id)
        for group_id, user_ids in memberships.items()
        for user_id in sorted(user_ids)
    )
