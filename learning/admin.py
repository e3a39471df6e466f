"""The authoring tool: teachers write curriculum here.

Every save is validated whole before anything is written: a question must be
answerable for its kind (checked across the question form and its choice inline),
and prerequisite inlines refuse cycles with the path they would close.

Question banks come in through "Import questions" on the question list (upload, preview
as a dry run, confirm) and go out through the "Export selected questions" actions.
"""

import base64
import zlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from learning import exporting, importing, services
from learning.forms import QuestionImportForm
from learning.models import (
    Activity,
    ActivityQuestion,
    Choice,
    Concept,
    ConceptPrerequisite,
    Question,
    Subject,
    Topic,
    TopicPrerequisite,
)


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


# --- subjects and topics ------------------------------------------------------------


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "language", "order", "topic_count")
    list_editable = ("order",)
    list_filter = ("language",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("order", "name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Subject]:
        return super().get_queryset(request).annotate(_topic_count=Count("topics"))

    @admin.display(description="topics", ordering="_topic_count")
    def topic_count(self, obj: Subject) -> int:
        return obj._topic_count


class TopicPrerequisiteInline(admin.TabularInline):
    """Topics to learn before this one; a cycle is refused with the path it would close."""

    model = TopicPrerequisite
    fk_name = "topic"
    autocomplete_fields = ("prerequisite",)
    extra = 1
    verbose_name = "prerequisite"
    verbose_name_plural = "prerequisites (learn these topics first)"


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "subject", "parent", "order", "exam_weightage", "estimated_hours")
    list_filter = ("subject",)
    list_select_related = ("subject", "parent")
    search_fields = ("name", "slug", "subject__name")
    autocomplete_fields = ("subject", "parent")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (TopicPrerequisiteInline,)
    fieldsets = (
        (None, {"fields": ("subject", "parent", "name", "slug", "description", "order")}),
        ("Planning", {"fields": ("exam_weightage", "estimated_hours")}),
    )


# --- concepts -----------------------------------------------------------------------


class ConceptPrerequisiteInline(admin.TabularInline):
    model = ConceptPrerequisite
    fk_name = "concept"
    autocomplete_fields = ("prerequisite",)
    extra = 1
    verbose_name = "prerequisite"
    verbose_name_plural = "prerequisites (learn these concepts first)"


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    list_display = ("name", "topic", "subject", "order", "question_count")
    list_filter = ("topic__subject", "topic")
    list_select_related = ("topic__subject",)
    search_fields = ("name", "slug", "topic__name")
    autocomplete_fields = ("topic",)
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("topic__subject__order", "topic__order", "order", "name")  # annotated: explicit
    inlines = (ConceptPrerequisiteInline,)
    fields = ("topic", "name", "slug", "explanation", "order")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Concept]:
        return super().get_queryset(request).annotate(_question_count=Count("questions"))

    @admin.display(description="subject", ordering="topic__subject__name")
    def subject(self, obj: Concept) -> Subject:
        return obj.topic.subject

    @admin.display(description="questions", ordering="_question_count")
    def question_count(self, obj: Concept) -> int:
        return obj._question_count


# --- questions ----------------------------------------------------------------------


class AnswerableChoiceFormSet(BaseInlineFormSet):
    """Refuse the whole save when the question with these choices cannot be answered.

    By the time the admin validates inline formsets the parent form has cleaned its
    data into ``self.instance`` (kind, numeric answer, tolerance), so the would-be
    question is that instance plus the choices that are kept.
    """

    def _kept_choices(self) -> list[Choice]:
        kept = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or (self.can_delete and self._should_delete_form(form)):
                continue  # an untouched blank row, or a row ticked for deletion
            kept.append(
                Choice(
                    pk=form.instance.pk,
                    text=data.get("text", ""),
                    is_correct=data.get("is_correct", False),
                    feedback=data.get("feedback", ""),
                    weight=data.get("weight"),
                    order=data.get("order") or 0,
                )
            )
        return kept

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return  # fix the rows first; their errors are already on the page
        errors = self.instance.answerability_errors(self._kept_choices())
        if errors:
            raise ValidationError(errors)


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = AnswerableChoiceFormSet
    fields = ("order", "text", "is_correct", "feedback", "weight")
    extra = 2
    verbose_name_plural = (
        "choices (short text: the accepted answers, ticked correct, and any anticipated "
        "wrong answers; numeric: none; weight: optional fraction of the mark, -1 to 1)"
    )


class QuestionAdminForm(forms.ModelForm):
    """Format and tags may be left out of a POST: an omitted format keeps the current one."""

    class Meta:
        model = Question
        fields = (
            "concept",
            "kind",
            "title",
            "prompt_format",
            "prompt",
            "explanation",
            "numeric_answer",
            "tolerance",
            "hint_1",
            "hint_2",
            "hint_3",
            "status",
            "difficulty",
            "order",
            "external_id",
            "tags",
            "language",
        )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "prompt_format" in self.fields:
            self.fields["prompt_format"].required = False

    def clean_prompt_format(self) -> str:
        return self.cleaned_data.get("prompt_format") or self.instance.prompt_format

    def clean_tags(self) -> list[str]:
        tags = self.cleaned_data.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise ValidationError('Write the tags as a list of names, e.g. ["algebra", "exam"].')
        return tags


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
                "fields": ("numeric_answer", "tolerance"),
                "description": "Numeric questions only. Choice questions are answered by "
                "ticking the correct choices below.",
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

    @admin.display(description="topic", ordering="concept__topic__name")
    def topic(self, obj: Question) -> Topic:
        return obj.concept.topic

    @admin.display(description="subject", ordering="concept__topic__subject__name")
    def subject(self, obj: Question) -> Subject:
        return obj.concept.topic.subject

    @admin.action(description="Publish selected questions", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        result = services.question_bulk_publish(questions=queryset)
        if result.published:
            self.message_user(
                request,
                f"Published {_plural(len(result.published), 'question')}.",
                messages.SUCCESS,
            )
        if result.already_published:
            self.message_user(
                request,
                f"{_plural(len(result.already_published), 'question was', 'questions were')} "
                "already published.",
                messages.INFO,
            )
        for question, errors in result.refused.items():
            self.message_user(
                request,
                f"Not published, “{question}” cannot be answered: {' '.join(errors)}",
                messages.ERROR,
            )

    @admin.action(description="Unpublish selected questions", permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        changed = services.question_bulk_unpublish(questions=queryset)
        self.message_user(
            request,
            f"Unpublished {_plural(changed, 'question')}; students no longer see "
            f"{'it' if changed == 1 else 'them'}.",
            messages.SUCCESS,
        )

    @admin.action(description="Duplicate selected questions (as drafts)", permissions=["add"])
    def duplicate(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        copies = [
            services.question_duplicate(question=q) for q in queryset.prefetch_related("choices")
        ]
        self.message_user(
            request,
            f"Created {_plural(len(copies), 'draft copy', 'draft copies')}.",
            messages.SUCCESS,
        )

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


# --- activities ---------------------------------------------------------------------


class ActivityQuestionInline(admin.TabularInline):
    model = ActivityQuestion
    autocomplete_fields = ("question",)
    fields = ("order", "question")
    extra = 1


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "concept", "topic", "status", "order")
    list_filter = ("kind", "status")
    list_select_related = ("concept", "topic")
    search_fields = ("name", "slug", "concept__name", "topic__name")
    autocomplete_fields = ("concept", "topic")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (ActivityQuestionInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "description", "order")}),
        (
            "Belongs to",
            {"fields": ("concept", "topic"), "description": "Exactly one concept or one topic."},
        ),
        ("Rules", {"fields": ("time_limit_minutes", "pass_mark")}),
        ("Publishing", {"fields": ("status",)}),
    )
