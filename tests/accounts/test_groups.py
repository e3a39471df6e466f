"""Groups inside a class, and the class's clock: teachers of the class only."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.class_groups import (
    class_group_create,
    class_group_delete,
    class_group_memberships_set,
    class_group_rename,
)
from accounts.models import ClassGroup, Classroom
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(classroom, other_student):
    classroom.students.add(other_student)
    return classroom


def test_a_student_can_be_in_several_groups_and_only_class_students_can(roster, student):
    now = timezone.now()
    a = class_group_create(classroom=roster, name="Needs support", now=now)
    b = class_group_create(classroom=roster, name="  Extension  ", now=now)
    assert b.name == "Extension"
    class_group_memberships_set(
        classroom=roster, memberships={a.pk: {student.pk}, b.pk: {student.pk}}
    )
    assert set(student.class_groups.values_list("name", flat=True)) == {
        "Needs support",
        "Extension",
    }
    stranger = factories.StudentFactory()
    with pytest.raises(ValidationError, match="Only students of this class"):
        class_group_memberships_set(classroom=roster, memberships={a.pk: {stranger.pk}})
    assert a.members.get() == student  # unchanged
    with pytest.raises(ValidationError, match="already has a group called extension"):
        class_group_create(classroom=roster, name="extension", now=now)
    with pytest.raises(ValidationError, match="Give the group a name"):
        class_group_rename(group=a, name="   ")
    class_group_delete(group=b)
    assert list(roster.groups.all()) == [a] and student in roster.students.all()


def test_the_groups_page_creates_groups_and_moves_students_between_them(
    login, teacher, roster, student, other_student
):
    client = login(teacher)
    url = reverse("accounts:class_groups", args=[roster.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "Needs support"}).status_code == 302
    assert client.post(url, {"name": "Extension"}).status_code == 302
    support, extension = (
        ClassGroup.objects.get(name="Needs support"),
        ClassGroup.objects.get(name="Extension"),
    )
    members = reverse("accounts:class_group_members", args=[roster.pk])
    client.post(
        members, {f"group-{support.pk}": [student.pk], f"group-{extension.pk}": [other_student.pk]}
    )
    assert list(support.members.all()) == [student] and list(extension.members.all()) == [
        other_student
    ]
    # Move Sam from support to extension.
    client.post(members, {f"group-{extension.pk}": [student.pk, other_student.pk]})
    assert not support.members.exists() and extension.members.count() == 2
    page = client.get(url).content.decode()
    box = f'value="{student.pk}" id="m-{extension.pk}-{student.pk}" checked'
    assert box in page
    # A tampered post (a student of another class) is refused and changes nothing.
    stranger = factories.StudentFactory()
    response = client.post(members, {f"group-{support.pk}": [stranger.pk]})
    assert response.status_code == 400 and not support.members.exists()
    duplicate = client.post(url, {"name": "extension"})
    assert duplicate.status_code == 400 and "already has a group" in duplicate.content.decode()
    client.post(reverse("accounts:class_group_rename", args=[support.pk]), {"name": "Catch-up"})
    support.refresh_from_db()
    assert support.name == "Catch-up"
    client.post(reverse("accounts:class_group_delete", args=[support.pk]))
    assert not ClassGroup.objects.filter(pk=support.pk).exists()


def test_other_teachers_and_students_get_404(login, roster, other_teacher, student):
    group = class_group_create(classroom=roster, name="G", now=timezone.now())
    for user in (other_teacher, student):
        client = login(user)
        assert client.get(reverse("accounts:class_groups", args=[roster.pk])).status_code == 404
        assert (
            client.post(reverse("accounts:class_group_delete", args=[group.pk])).status_code == 404
        )
        assert client.get(reverse("accounts:classroom_edit", args=[roster.pk])).status_code == 404
    assert ClassGroup.objects.filter(pk=group.pk).exists()


def test_a_class_has_a_clock_set_on_create_and_edit(login, teacher):
    client = login(teacher)
    client.post(reverse("accounts:classroom_create"), {"name": "9A", "timezone": "Asia/Kolkata"})
    classroom = Classroom.objects.get(name="9A")
    assert classroom.timezone == "Asia/Kolkata"
    edit = reverse("accounts:classroom_edit", args=[classroom.pk])
    client.post(edit, {"name": "9A maths", "timezone": "America/New_York"})
    classroom.refresh_from_db()
    assert (classroom.name, classroom.timezone) == ("9A maths", "America/New_York")
    response = client.post(edit, {"name": "9A", "timezone": "Mars/Olympus"})
    assert response.status_code == 400
    classroom.refresh_from_db()
    assert classroom.timezone == "America/New_York"
