"""Writes for accounts: one function per use case, each in one transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Classroom, StudentProfile, generate_join_code, normalise_join_code

User = get_user_model()


@transaction.atomic
def student_register(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    join_code: str = "",
) -> User:
    """Create a student account with its profile, joining a class when a code is given."""
    classroom = classroom_get_by_code(code=join_code) if join_code else None
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=User.Role.STUDENT,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    StudentProfile.objects.create(user=user)
    if classroom is not None:
        classroom.students.add(user)
    return user


def student_profile_ensure(*, user: User) -> StudentProfile:
    profile, _ = StudentProfile.objects.get_or_create(user=user)
    return profile


def classroom_get_by_code(*, code: str) -> Classroom:
    normalised = normalise_join_code(code)
    try:
        return Classroom.objects.get(join_code=normalised)
    except Classroom.DoesNotExist:
        raise ValidationError(
            "No class has that join code. Check the code with your teacher.",
            code="unknown_join_code",
        ) from None


@transaction.atomic
def classroom_join(*, student: User, code: str) -> Classroom:
    if student.role != User.Role.STUDENT:
        raise ValidationError("Only student accounts can join a class.", code="not_student")
    classroom = classroom_get_by_code(code=code)
    classroom.students.add(student)
    return classroom


@transaction.atomic
def classroom_create(*, teacher: User, name: str) -> Classroom:
    classroom = Classroom(name=name.strip())
    classroom.full_clean(exclude=["join_code"])
    for _ in range(10):
        classroom.join_code = generate_join_code()
        try:
            with transaction.atomic():
                classroom.save()
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - 31^8 codes make ten collisions in a row unrealistic
        raise ValidationError("Could not allocate a join code; please try again.")
    classroom.teachers.add(teacher)
    return classroom


@transaction.atomic
def classroom_regenerate_code(*, classroom: Classroom) -> Classroom:
    """Give the class a fresh join code; the old one stops working at once."""
    for _ in range(10):
        new_code = generate_join_code()
        if not Classroom.objects.filter(join_code=new_code).exists():
            classroom.join_code = new_code
            classroom.save(update_fields=["join_code"])
            return classroom
    raise ValidationError("Could not allocate a join code; please try again.")  # pragma: no cover


@transaction.atomic
def classroom_remove_student(*, classroom: Classroom, student: User) -> None:
    classroom.students.remove(student)
