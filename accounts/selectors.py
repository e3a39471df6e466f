"""Reads for accounts, shaped for the pages that show them."""

from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Classroom, User


def classrooms_for_teacher(*, teacher: User) -> QuerySet[Classroom]:
    qs = Classroom.objects.annotate(student_count=Count("students", distinct=True))
    if teacher.is_superuser:
        return qs
    return qs.filter(teachers=teacher)


def classroom_get_for_user(*, user: User, pk: int) -> Classroom:
    """The classroom if ``user`` teaches it (superusers see all); 404 otherwise."""
    return get_object_or_404(classrooms_for_teacher(teacher=user), pk=pk)


def classroom_roster(*, classroom: Classroom) -> QuerySet[User]:
    # Guests never sit in a class (they cannot join); filtered here too as a safety net.
    return (
        classroom.students.filter(is_guest=False)
        .select_related("profile")
        .order_by("last_name", "first_name", "username")
    )


def classrooms_for_student(*, student: User) -> QuerySet[Classroom]:
    return student.classrooms.prefetch_related("teachers").order_by("name")


def students_for_teacher(*, teacher: User) -> QuerySet[User]:
    """Students in any class the teacher teaches (all students for superusers); never guests."""
    students = User.objects.filter(role=User.Role.STUDENT, is_guest=False)
    if teacher.is_superuser:
        return students
    return students.filter(classrooms__teachers=teacher).distinct()


def student_get_for_teacher(*, teacher: User, pk: int) -> User:
    """A student the teacher may see (in one of their classes); 404 otherwise."""
    if not (teacher.is_teacher or teacher.is_superuser):
        raise Http404("Teachers only.")
    return get_object_or_404(students_for_teacher(teacher=teacher).select_related("profile"), pk=pk)
