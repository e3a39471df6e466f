"""Who may see what: the role gates and the permission-checked fetchers, in one place.

Every view that shows or changes data tied to a person goes through this module:

- **Anonymous** visitors are sent to log in by ``LoginRequiredMiddleware`` (public pages are
  marked ``login_not_required``).
- **The wrong role** for a page (a teacher on a student's dashboard, a student on a class
  page) gets a 404, never a redirect: the answer is the same whether or not the thing
  exists, and it behaves the same on every page (``student_required``, ``teacher_required``).
- **Students** see only their own rows (:func:`owned_or_404`); **teachers** see the classes
  they teach and the students in them (:func:`classrooms_for_teacher`,
  :func:`learners_visible_to`); **superusers** see everything. Staff who only author content
  (the "Content editors" group) hold no learner permission and see no learner data.

:func:`learners_visible_to` is the one rule that answers both "may this user see this
learner" and "which learners may they see" (Kolibri's pattern), so a page and its export
can never disagree.
"""

from functools import wraps

from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.models import ClassGroup, Classroom, User


def is_teacher_like(user: User) -> bool:
    """Teachers and superusers: the people who may look at classes."""
    return bool(user.is_authenticated and (user.is_teacher or user.is_superuser))


def require_student(user: User) -> None:
    if not (user.is_authenticated and user.is_student):
        raise Http404("This page is for students.")


def require_teacher(user: User) -> None:
    if not is_teacher_like(user):
        raise Http404("This page is for teachers.")


def student_required(view):
    """Students (guests included) only; everyone else gets a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        require_student(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def teacher_required(view):
    """Teachers (and superusers) only; everyone else gets a 404, revealing nothing."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        require_teacher(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def classrooms_for_teacher(*, teacher: User) -> QuerySet[Classroom]:
    """The classes ``teacher`` teaches (every class for a superuser), with student counts."""
    qs = Classroom.objects.annotate(student_count=Count("students", distinct=True))
    if teacher.is_superuser:
        return qs
    if not teacher.is_teacher:
        return qs.none()
    return qs.filter(teachers=teacher)


def classroom_get_for_user(*, user: User, pk: int) -> Classroom:
    """The classroom if ``user`` teaches it (superusers see all); 404 otherwise."""
    return get_object_or_404(classrooms_for_teacher(teacher=user), pk=pk)


def taught_by(teacher: User, *, prefix: str = "") -> Q:
    """A filter for rows of the classes ``teacher`` teaches (``prefix`` leads from the row to
    its class, e.g. ``"classroom__"``); every class for a superuser, none for anyone else.
    The one rule behind class groups and assignments, as :func:`classrooms_for_teacher` is
    for classes."""
    if teacher.is_superuser:
        return Q()
    if not (teacher.is_authenticated and teacher.is_teacher):
        return Q(pk__in=[])
    return Q(**{f"{prefix}teachers": teacher})


def class_group_get_for_user(*, user: User, pk: int) -> ClassGroup:
    """A group of a class ``user`` teaches (superusers: any); 404 otherwise."""
    require_teacher(user)
    queryset = ClassGroup.objects.select_related("classroom").filter(
        classroom__in=Classroom.objects.filter(taught_by(user))
    )
    return get_object_or_404(queryset, pk=pk)


def learners_visible_to(*, user: User) -> QuerySet[User]:
    """The learners whose data ``user`` may see: themselves (a student), the students of the
    classes they teach (a teacher), every student (a superuser); never guests but oneself."""
    if user.is_superuser:
        return User.objects.filter(role=User.Role.STUDENT, is_guest=False)
    if user.is_teacher:
        return User.objects.filter(
            role=User.Role.STUDENT, is_guest=False, classrooms__teachers=user
        ).distinct()
    if user.is_authenticated and user.is_student:
        return User.objects.filter(pk=user.pk)
    return User.objects.none()


def student_get_for_teacher(*, teacher: User, pk: int) -> User:
    """A student the teacher may see (in one of their classes); 404 otherwise."""
    require_teacher(teacher)
    return get_object_or_404(learners_visible_to(user=teacher).select_related("profile"), pk=pk)


def owned_or_404[M: Model](
    queryset: QuerySet[M], *, user: User, pk: int, owner: str = "learner"
) -> M:
    """``user``'s own object (``owner`` names the owning field); 404 for anyone else's,
    admins included: nobody opens another person's session, attempt or export by its id."""
    return get_object_or_404(queryset, pk=pk, **{owner: user})
