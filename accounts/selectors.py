"""Reads for accounts, shaped for the pages that show them."""

from django.db.models import QuerySet

from accounts.models import Classroom, User


def classroom_roster(*, classroom: Classroom) -> QuerySet[User]:
    # Guests never sit in a class (they cannot join); filtered here too as a safety net.
    return (
        classroom.students.filter(is_guest=False)
        .select_related("profile")
        .order_by("last_name", "first_name", "username")
    )


def classrooms_for_student(*, student: User) -> QuerySet[Classroom]:
    return student.classrooms.prefetch_related("teachers").order_by("name")
