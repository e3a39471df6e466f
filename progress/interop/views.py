"""Export pages: request an export, list past ones, download (owner only), retry; and the
public privacy page, which lists what the personal export holds."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.access import classrooms_for_teacher
from accounts.models import Classroom, User
from core.forms import IdModelChoiceField
from progress.interop.exports import services as export_services
from progress.interop.exports.access import export_get_for_user, exports_for_user, kinds_for_user
from progress.interop.exports.personal import personal_tables_described
from progress.interop.lrs.outbox import lrs_enabled
from progress.interop.models import ExportJob


class ExportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What to export"))
    format = forms.ChoiceField(choices=ExportJob.Format.choices)
    classroom = IdModelChoiceField(
        queryset=Classroom.objects.none(),
        required=False,
        help_text=gettext_lazy("For a class export."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = kinds_for_user(user=user)
        self.fields["kind"].choices = [c for c in ExportJob.Kind.choices if c[0] in allowed]
        if ExportJob.Kind.CLASS in allowed:
            self.fields["classroom"].queryset = classrooms_for_teacher(teacher=user)
        else:
            del self.fields["classroom"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ExportJob.Kind.CLASS and not data.get("classroom"):
            self.add_error("classroom", _("Choose the class to export."))
        return data

    def filters(self) -> dict:
        classroom = self.cleaned_data.get("classroom")
        if self.cleaned_data["kind"] == ExportJob.Kind.CLASS and classroom is not None:
            return {"classroom": classroom.pk}
        return {}


@never_cache
def export_list(request: HttpRequest) -> HttpResponse:
    form = ExportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            export_services.export_request(
                user=request.user,
                kind=form.cleaned_data["kind"],
                fmt=form.cleaned_data["format"],
                filters=form.filters(),
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your export is being prepared. It will appear below."))
            return redirect("exports:list")
    jobs = exports_for_user(user=request.user)
    return render(request, "progress/exports.html", {"form": form, "jobs": jobs})


@require_POST
def export_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = export_get_for_user(user=request.user, pk=pk)
    try:
        export_services.export_retry(job=job, now=timezone.now())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The export is queued again."))
    return redirect("exports:list")


def export_file_response(job: ExportJob) -> FileResponse:
    """The job's file as an attachment; 404 when it is not ready, expired or missing."""
    path = job.path if job.is_downloadable else None
    if path is None or not path.is_file():
        raise Http404("This export is not available.")
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=job.download_name)  # noqa: SIM115
    response["Cache-Control"] = "private, no-store"
    return response


def export_download(request: HttpRequest, pk: int) -> FileResponse:
    return export_file_response(export_get_for_user(user=request.user, pk=pk))


@login_not_required
@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """What Pathwise keeps about a learner: the personal export's own table list (no query)."""
    context = {
        "tables": personal_tables_described(),
        "guest_days": settings.PATHWISE_GUEST_RETENTION_DAYS,
        "export_hours": settings.PATHWISE_EXPORT_TTL_HOURS,
        "lrs_enabled": lrs_enabled(),
        "lrs_keep_days": settings.PATHWISE_LRS_KEEP_SENT_DAYS,
    }
    return render(request, "progress/privacy.html", context)
