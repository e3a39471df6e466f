"""The question admin: authoring, bulk actions, and question-bank import and export."""

import base64
import zlib

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from learning import exporting, importing, services
from learning.admin.question_forms import ChoiceInline, QuestionAdminForm
from learning.forms import QuestionImportForm
from learning.models import (
    Concept,
    Question,
    Subject,
    Topic,
)

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


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    delete_protected_hint = (
        "This question has recorded answers and cannot be deleted; unpublish it instead "
        "(it leaves practice, and learners keep their history)."
    )
    list_display = (
        "__str__",
        "concept",
        "topic",
        "subject",
        "kind",
        "difficulty",
        "status",
        "updated_at",
    )
    list_display_links = ("__str__",)
    list_filter = (
        ("concept__topic__subject", admin.RelatedOnlyFieldListFilter),
        ("concept__topic", admin.RelatedOnlyFieldListFilter),
        "kind",
        "status",
        "difficulty",
    )
    list_select_related = ("concept__topic__subject",)
    search_fields = ("prompt", "title", "concept__name", "external_id")
    autocomplete_fields = ("concept",)
    ordering = ("concept__topic__subject__order", "concept__topic__order", "concept", "order")
    list_per_page = 50
    form = QuestionAdminForm
    inlines = (ChoiceInline,)
    actions = ("publish", "unpublish", "duplicate", "export_gift", "export_xml", "export_json")
    fieldsets = (
        (
            "Question",
            {
                "fields": (
                    "concept",
                    "kind",
                    "title",
                    "prompt_format",
                    "prompt",
                    "explanation",
                    "language",
                )
            },
        ),
        (
            "Answer",
            {
                "fields": ("numeric_answer", "tolerance", "case_sensitive"),
                "description": "Numeric questions: the correct value and its tolerance (with "
                "answer rows below, the first full-credit row; left empty, it is filled in "
                "from the rows). Choice questions are answered by ticking the correct "
                "choices below.",
            },
        ),
        ("Hints", {"fields": ("hint_1", "hint_2", "hint_3")}),
        ("Publishing", {"fields": ("status", "difficulty", "order")}),
        (
            "Question bank",
            {
                "fields": ("external_id", "tags"),
                "description": "Kept from an imported file and written back on export.",
                "classes": ("collapse",),
            },
        ),
    )

    @admin.display(description=gettext_lazy("topic"), ordering="concept__topic__name")
    def topic(self, obj: Question) -> Topic:
        return obj.concept.topic

    @admin.display(description=gettext_lazy("subject"), ordering="concept__topic__subject__name")
    def subject(self, obj: Question) -> Subject:
        return obj.concept.topic.subject

    @admin.action(description=gettext_lazy("Publish selected questions"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        result = services.question_bulk_publish(questions=queryset)
        n_published, n_already = len(result.published), len(result.already_published)
        if result.published:
            self.message_user(
                request,
                ngettext("Published %(n)d question.", "Published %(n)d questions.", n_published)
                % {"n": n_published},
                messages.SUCCESS,
            )
        if result.already_published:
            self.message_user(
                request,
                ngettext(
                    "%(n)d question was already published.",
                    "%(n)d questions were already published.",
                    n_already,
                )
                % {"n": n_already},
                messages.INFO,
            )
        for question, errors in result.refused.items():
            self.message_user(
                request,
                _("Not published, “%(question)s” cannot be answered: %(errors)s")
                % {"question": question, "errors": " ".join(errors)},
                messages.ERROR,
            )

    @admin.action(description=gettext_lazy("Unpublish selected questions"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        changed = services.question_bulk_unpublish(questions=queryset)
        self.message_user(
            request,
            ngettext(
                "Unpublished %(n)d question; students no longer see it.",
                "Unpublished %(n)d questions; students no longer see them.",
                changed,
            )
            % {"n": changed},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Duplicate selected questions (as drafts)"), permissions=["add"]
    )
    def duplicate(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        copies = [
            services.question_duplicate(question=q) for q in queryset.prefetch_related("choices")
        ]
        self.message_user(
            request,
            ngettext("Created %(n)d draft copy.", "Created %(n)d draft copies.", len(copies))
            % {"n": len(copies)},
            messages.SUCCESS,
        )

    # --- export ---------------------------------------------------------------------

    def _export(
        self, request: HttpRequest, queryset: QuerySet[Question], fmt: str
    ) -> HttpResponse | None:
        """The file, and (shown on the next page) what the format leaves different."""
        try:
            report = exporting.questions_export_report(queryset=queryset, fmt=fmt)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        for note in report.notes:
            self.message_user(
                request, _("Export note: %(note)s") % {"note": note}, messages.WARNING
            )
        response = HttpResponse(report.text, content_type=exporting.CONTENT_TYPES[fmt])
        extension = exporting.FILE_EXTENSIONS[fmt]
        response["Content-Disposition"] = f'attachment; filename="questions.{extension}"'
        return response

    @admin.action(
        description=gettext_lazy("Export selected questions as GIFT"), permissions=["view"]
    )
    def export_gift(self, request: HttpRequest, queryset: QuerySet[Question]):
        return self._export(request, queryset, "gift")

    @admin.action(
        description=gettext_lazy("Export selected questions as Moodle XML"), permissions=["view"]
    )
    def export_xml(self, request: HttpRequest, queryset: QuerySet[Question]):
        return self._export(request, queryset, "xml")

    @admin.action(
        description=gettext_lazy("Export selected questions as Pathwise JSON"), permissions=["view"]
    )
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
                _(
                    "There is no previewed file to import (it was imported already, or the "
                    "preview expired). Upload the file again."
                ),
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
                ngettext(
                    "%(n)d question was not imported: %(list)s",
                    "%(n)d questions were not imported: %(list)s",
                    len(report.skipped),
                )
                % {
                    "n": len(report.skipped),
                    "list": "; ".join(f"{s.source_ref} ({s.qtype})" for s in report.skipped),
                },
                messages.WARNING,
            )
        return redirect("admin:learning_question_changelist")
