"""The question admin's question-bank tools: "Export selected questions" and "Import questions".

Import is upload -> preview (a dry run, nothing written) -> confirm; the uploaded file
waits in the session between the two, compressed. Both sides call the services in
``learning.importing`` and ``learning.exporting``; this module only wires them into the
admin (``QuestionAdmin`` mixes it in).
"""

import base64
import zlib

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from learning import exporting, importing
from learning.forms import QuestionImportForm
from learning.models import Concept, Question, Subject


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


IMPORT_SESSION_KEY = "learning.question_import"
"""Session key holding the uploaded file between the preview and the confirmation."""


def _import_payload(form: QuestionImportForm) -> dict:
    upload = form.cleaned_data["file"]
    data = b"".join(upload.chunks())
    concept, subject = form.cleaned_data["concept"], form.cleaned_data["subject"]
    return {
        "data": base64.b64encode(zlib.compress(data)).decode("ascii"),
        "filename": upload.name,
        "fmt": form.cleaned_data["format"] or None,
        "concept": concept.pk if concept else None,
        "subject": subject.pk if subject else None,
        "create_categories": form.cleaned_data["create_categories"],
        "publish": form.cleaned_data["publish"],
    }


def _import_arguments(payload: dict) -> dict:
    concept = Concept.objects.filter(pk=payload["concept"]).first() if payload["concept"] else None
    subject = Subject.objects.filter(pk=payload["subject"]).first() if payload["subject"] else None
    return {
        "data": zlib.decompress(base64.b64decode(payload["data"])),
        "filename": payload["filename"],
        "fmt": payload["fmt"],
        "concept": concept,
        "subject": subject,
        "create_categories": payload["create_categories"],
        "publish": payload["publish"],
    }


class QuestionBankAdminMixin:
    """Export actions and the import views for the question ModelAdmin."""

    # --- export ---------------------------------------------------------------------

    def _export(
        self, request: HttpRequest, queryset: QuerySet[Question], fmt: str
    ) -> HttpResponse | None:
        try:
            text = exporting.questions_export(queryset=queryset, fmt=fmt)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        response = HttpResponse(text, content_type=exporting.CONTENT_TYPES[fmt])
        extension = exporting.FILE_EXTENSIONS[fmt]
        response["Content-Disposition"] = f'attachment; filename="questions.{extension}"'
        return response

    @admin.action(description="Export selected questions as GIFT", permissions=["view"])
    def export_gift(self, request: HttpRequest, queryset: QuerySet[Question]):
        return self._export(request, queryset, "gift")

    @admin.action(description="Export selected questions as Moodle XML", permissions=["view"])
    def export_xml(self, request: HttpRequest, queryset: QuerySet[Question]):
        return self._export(request, queryset, "xml")

    @admin.action(description="Export selected questions as Pathwise JSON", permissions=["view"])
    def export_json(self, request: HttpRequest, queryset: QuerySet[Question]):
        return self._export(request, queryset, "json")

    # --- import: upload -> preview (a dry run) -> confirm ------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="learning_question_import"),
            path(
                "import/confirm/",
                view(self.import_confirm_view),
                name="learning_question_import_confirm",
            ),
            *super().get_urls(),
        ]

    def _page(self, request: HttpRequest, template: str, **context) -> TemplateResponse:
        context = {**self.admin_site.each_context(request), "opts": self.opts, **context}
        return TemplateResponse(request, f"admin/learning/question/{template}", context)

    def import_view(self, request: HttpRequest) -> TemplateResponse:
        """Upload a file; a valid one is imported as a dry run and previewed."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = QuestionImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            payload = _import_payload(form)
            try:
                report = importing.questions_import(**_import_arguments(payload), dry_run=True)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session[IMPORT_SESSION_KEY] = payload
                return self._page(
                    request, "import_preview.html", title="Preview import", report=report
                )
        return self._page(request, "import_form.html", title="Import questions", form=form)

    def import_confirm_view(self, request: HttpRequest) -> HttpResponse:
        """Import the previewed file for real, then go back to the question list."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        payload = request.session.pop(IMPORT_SESSION_KEY, None) if request.POST else None
        if payload is None:
            self.message_user(
                request,
                "There is no previewed file to import (it was imported already, or the "
                "preview expired). Upload the file again.",
                messages.ERROR,
            )
            return redirect("admin:learning_question_import")
        try:
            report = importing.questions_import(**_import_arguments(payload))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect("admin:learning_question_import")
        self.message_user(request, report.summary(), messages.SUCCESS)
        if report.skipped:
            self.message_user(
                request,
                f"{_plural(len(report.skipped), 'question was', 'questions were')} not "
                "imported: " + "; ".join(f"{s.source_ref} ({s.qtype})" for s in report.skipped),
                messages.WARNING,
            )
        return redirect("admin:learning_question_changelist")
