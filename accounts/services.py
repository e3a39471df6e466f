"""Writes for accounts: one function per use case, each in one transaction."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import (
    EMAIL_TAKEN,
    Classroom,
    StudentProfile,
    generate_join_code,
    normalise_join_code,
)
from accounts.signals import guest_claimed
from accounts.verification import VerificationClaim

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
    guest: User | None = None,
    site_url: str = "",
) -> User:
    """Create a student account with its profile, joining a class when a code is given.

    With ``guest`` (signing up from a guest session) the guest's progress moves onto the new
    account in the same transaction: the account exists with all of it, or not at all.
    With an email address and ``site_url`` (where links point), the worker mails a
    verification link after the commit.
    """
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
    _save_with_unique_email(user)
    StudentProfile.objects.create(user=user)
    if classroom is not None:
        classroom.students.add(user)
    if guest is not None:
        guest_claim(guest=guest, user=user)
    if user.email and site_url:
        email_verification_request(user=user, site_url=site_url)
    return user


def _save_with_unique_email(user: User) -> None:
    """Save; two sign-ups racing for one address get the form's message, not a 500."""
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        taken = User.objects.filter(email__iexact=user.email).exclude(pk=user.pk).exists()
        if user.email and taken:
            raise ValidationError({"email": EMAIL_TAKEN}, code="email_taken") from exc
        raise


# Email addresses ---------------------------------------------------------------------------


def email_verification_request(*, user: User, site_url: str) -> None:
    """Have the worker mail ``user`` a verification link, once this transaction commits."""
    from accounts.tasks import email_verification_send_task  # the tasks import services

    kwargs = {"user_id": user.pk, "email": user.email, "site_url": site_url}
    transaction.on_commit(lambda: email_verification_send_task.enqueue(**kwargs))


@transaction.atomic
def user_email_change(*, user: User, email: str, site_url: str) -> User:
    """Set (or, with "", remove) the account's address; a new address needs verifying."""
    email = User.objects.normalize_email(email.strip())
    if email.casefold() == user.email.casefold():
        return user
    previous, user.email = user.email, email
    try:
        user.full_clean(exclude=["password"])
        _save_with_unique_email(user)
    except ValidationError:
        user.email = previous  # the caller's object stays as the database has it
        raise
    if email:
        email_verification_request(user=user, site_url=site_url)
    return user


@transaction.atomic
def email_verify(*, claim: VerificationClaim) -> User:
    """Mark the address a verification link was sent to as verified (idempotent)."""
    user = User.objects.select_for_update().filter(pk=claim.user_id, is_active=True).first()
    if user is None or not user.email or user.email.casefold() != claim.email:
        raise ValidationError(
            gettext(
                "This link is for an address that is no longer on the account. Ask for a new "
                "link from your account's email page."
            ),
            code="stale_link",
        )
    if not user.email_is_verified:
        user.verified_email = user.email
        user.save(update_fields=["verified_email"])
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
            gettext("No class has that join code. Check the code with your teacher."),
            code="unknown_join_code",
        ) from None


@transaction.atomic
def classroom_join(*, student: User, code: str) -> Classroom:
    if student.role != User.Role.STUDENT:
        raise ValidationError(
            gettext("Only student accounts can join a class."), code="not_student"
        )
    if student.is_guest:
        raise ValidationError(
            gettext("Sign up (it keeps your progress) to join a class."), code="guest_cannot_join"
        )
    classroom = classroom_get_by_code(code=code)
    classroom.students.add(student)
    return classroom


@transaction.atomic
def classroom_create(*, teacher: User, name: str, timezone_name: str = "") -> Classroom:
    classroom = Classroom(name=name.strip())
    if timezone_name:
        classroom.timezone = timezone_name
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
        raise ValidationError(gettext("Could not allocate a join code; please try again."))
    classroom.teachers.add(teacher)
    return classroom


@transaction.atomic
def classroom_update(*, classroom: Classroom, name: str, timezone_name: str) -> Classroom:
    """Rename the class or change its clock. Assignments keep their instants: a due date
    set for 17:00 in the old zone is shown at the same moment in the new one."""
    classroom.name = name.strip()
    classroom.timezone = timezone_name
    classroom.full_clean(exclude=["join_code"])
    classroom.save(update_fields=["name", "timezone"])
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
    raise ValidationError(
        gettext("Could not allocate a join code; please try again.")
    )  # pragma: no cover


# Guests ------------------------------------------------------------------------------------
# A guest is an ordinary student row (so every progress and badge service treats them like
# anyone else) with is_guest=True, an unusable password and a random username that is never
# shown (display_name says "Guest"). See docs/guests.md.

GUEST_USERNAME_PREFIX = "guest-"


@transaction.atomic
def guest_create() -> User:
    """A new guest learner with a profile (the site's default timezone)."""
    user = User(
        username=GUEST_USERNAME_PREFIX + secrets.token_urlsafe(18),
        role=User.Role.STUDENT,
        is_guest=True,
        last_login=timezone.now(),
    )
    user.set_unusable_password()
    user.save()
    StudentProfile.objects.create(user=user)
    return user


@transaction.atomic
def guest_claim(*, guest: User, user: User) -> bool:
    """Move everything ``guest`` did onto the student account ``user``; delete the guest.

    One transaction: the ``guest_claimed`` receivers (progress merges attempts, sessions,
    goals, plans and rebuilds derived tables; achievements merges badges and points) run
    inside it. Claiming a guest that is already gone (a second tab, a retried login) does
    nothing and returns False.
    """
    if user.is_guest or not user.is_student:
        raise ValidationError(
            gettext("Guest progress can only move to a student account."), code="target"
        )
    if guest.pk == user.pk:
        raise ValidationError(gettext("A guest cannot claim itself."), code="same_user")
    # Lock the guest row: two concurrent claims of one guest merge it once.
    locked = User.objects.select_for_update().filter(pk=guest.pk, is_guest=True).first()
    if locked is None:
        return False
    guest_claimed.send(sender=User, guest=locked, user=user)
    locked.delete()
    return True


@transaction.atomic
def guest_end(*, guest: User) -> bool:
    """End a guest session for good: the guest and everything it practised are deleted, so
    a copied cookie logs nobody in again (a shared school computer: logging out ends it,
    and declining to keep the practice on logging in discards it). Already gone: False."""
    return User.objects.filter(pk=guest.pk, is_guest=True).delete()[0] > 0


def guests_inactive(*, days: int, now: datetime) -> QuerySet[User]:
    """Guests not seen for ``days`` days (last login, refreshed daily by GuestMiddleware)."""
    cutoff = now - timedelta(days=days)
    return User.objects.filter(is_guest=True).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )


@dataclass(frozen=True)
class PurgeResult:
    guests: int
    rows: int  # every row deleted, the guests and their data


def guests_purge(
    *, days: int | None = None, now: datetime | None = None, dry_run: bool = False
) -> PurgeResult:
    """Delete guests inactive for ``days`` (default PATHWISE_GUEST_RETENTION_DAYS) with
    everything they own (cascades), in chunks so a big purge never holds locks for long."""
    days = settings.PATHWISE_GUEST_RETENTION_DAYS if days is None else days
    if days < 1:
        raise ValidationError(gettext("Keep guests for at least one day."), code="days")
    queryset = guests_inactive(days=days, now=now or timezone.now())
    if dry_run:
        return PurgeResult(guests=queryset.count(), rows=0)
    guests = rows = 0
    while ids := list(queryset.order_by("pk").values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            deleted, per_model = User.objects.filter(pk__in=ids, is_guest=True).delete()
        if not deleted:  # pragma: no cover - claimed concurrently between read and delete
            break
        guests += per_model.get(User._meta.label, 0)
        rows += deleted
    return PurgeResult(guests=guests, rows=rows)


# Bulk and staff accounts ---------------------------------------------------------------
# For code that provisions people (the demo seeder, scripts); sign-up goes through
# student_register above.


@transaction.atomic
def staff_user_create(
    *,
    username: str,
    email: str,
    role: str,
    password_hash: str,
    first_name: str = "",
    last_name: str = "",
    superuser: bool = False,
) -> User:
    """A teacher or admin with access to the admin site; ``password_hash`` is already hashed."""
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        is_staff=True,
        is_superuser=superuser,
        password=password_hash,
        verified_email=email,  # provisioned by an operator: the address is known good
    )
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def student_profile_update(*, user: User, **fields) -> StudentProfile:
    """Set profile fields (grade, goal, exam_date, minutes_per_day, timezone), validated."""
    profile = student_profile_ensure(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile


@dataclass(frozen=True)
class BulkStudent:
    username: str
    first_name: str
    last_name: str
    email: str
    profile: dict  # StudentProfile fields


BULK_BATCH = 500


def _ids_by_username(usernames: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(usernames), BULK_BATCH):
        chunk = usernames[start : start + BULK_BATCH]
        ids.update(User.objects.filter(username__in=chunk).values_list("username", "pk"))
    return ids


@transaction.atomic
def students_bulk_ensure(
    *, students: list[BulkStudent], password_hash: str, classroom: Classroom | None = None
) -> tuple[dict[str, int], int]:
    """Create the students that do not exist yet (with profiles, in ``classroom``), in bulk:
    a handful of queries whatever the number. Existing accounts are left as they are (only
    their class membership is ensured). Returns ({username: id}, how many were created)."""
    usernames = [s.username for s in students]
    ids = _ids_by_username(usernames)
    new = [s for s in students if s.username not in ids]
    User.objects.bulk_create(
        [
            User(
                username=s.username,
                first_name=s.first_name,
                last_name=s.last_name,
                email=s.email,
                verified_email=s.email,  # provisioned in bulk: the address is known good
                role=User.Role.STUDENT,
                password=password_hash,
            )
            for s in new
        ],
        batch_size=BULK_BATCH,
    )
    if new:
        ids = _ids_by_username(usernames)
    with_profile: set[int] = set()
    all_ids = list(ids.values())
    for start in range(0, len(all_ids), BULK_BATCH):
        with_profile.update(
            StudentProfile.objects.filter(
                user_id__in=all_ids[start : start + BULK_BATCH]
            ).values_list("user_id", flat=True)
        )
    StudentProfile.objects.bulk_create(
        [
            StudentProfile(user_id=ids[s.username], **s.profile)
            for s in students
            if ids[s.username] not in with_profile
        ],
        batch_size=BULK_BATCH,
    )
    if classroom is not None:
        membership = Classroom.students.through
        members = set(
            membership.objects.filter(classroom=classroom).values_list("user_id", flat=True)
        )
        membership.objects.bulk_create(
            [
                membership(classroom_id=classroom.pk, user_id=pk)
                for pk in all_ids
                if pk not in members
            ],
            batch_size=BULK_BATCH,
        )
    return ids, len(new)


@transaction.atomic
def classroom_members_add(
    *, classroom: Classroom, teachers: Iterable[User] = (), students: Iterable[User] = ()
) -> None:
    """Add teachers and students to a class (already there: nothing changes)."""
    teachers, students = list(teachers), list(students)
    if any(s.is_guest or not s.is_student for s in students):
        raise ValidationError(
            gettext("Only student accounts can be members of a class."), code="role"
        )
    classroom.teachers.add(*teachers)
    classroom.students.add(*students)


@transaction.atomic
def email_set_verified(*, user: User, email: str) -> User:
    """Give an account an address already known to be the person's (provisioned by an
    operator, or the demo's), verified at once: no verification mail is sent."""
    user.email = email
    user.verified_email = email
    _save_with_unique_email(user)
    return user
