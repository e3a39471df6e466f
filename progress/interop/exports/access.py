"""Who may export what: the same rules as the pages."""

from django.db.models import QuerySet
from django.http import Http404

from accounts.access import classroom_get_for_user, is_teacher_like, owned_or_404
from accounts.models import User
from progress.interop.models import ExportJob


def kinds_for_user(*, user: User) -> list[str]:
    kinds = [ExportJob.Kind.MY_DATA]
    if is_teacher_like(user):
        kinds.append(ExportJob.Kind.CLASS)
    if user.is_superuser:
        kinds.append(ExportJob.Kind.EVERYTHING)
    return kinds


def export_learners(*, user: User, kind: str, filters: dict) -> QuerySet[User]:
    """The learners an export of ``kind`` by ``user`` covers; Http404 when not allowed."""
    if kind not in kinds_for_user(user=user):
        raise Http404("No such export.")
    if kind == ExportJob.Kind.MY_DATA:
        return User.objects.filter(pk=user.pk)
    if kind == ExportJob.Kind.CLASS:
        classroom_id = filters.get("classroom")
        if not isinstance(classroom_id, int):
            raise Http404("No such class.")
        classroom = classroom_get_for_user(user=user, pk=classroom_id)
        return User.objects.filter(classrooms=classroom)
    return User.objects.all()


def export_get_for_user(*, user: User, pk: int) -> ExportJob:
    """The user's own export job; 404 for anyone else's (admins included)."""
    return owned_or_404(ExportJob.objects.all(), user=user, pk=pk, owner="owner")


def exports_for_user(*, user: User, limit: int = 50) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(owner=user).order_by("-created_at", "-pk")[:limit]
