"""The authoring tool: teachers write curriculum here.

Every save is validated whole before anything is written: a question must be
answerable for its kind (checked across the question form and its choice inline),
and prerequisite inlines refuse cycles with the path they would close.

Question banks come in through "Import questions" on the question list (upload, preview
as a dry run, confirm) and go out through the "Export selected questions" actions.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from learning import services
from learning.admin_bank import QuestionBankAdminMixin
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
    delete_protected_hint = (
        "Learners' answers, mastery and goals refer to this subject, so it cannot be "
        "deleted; unpublish its questions instead."
    )
    list_display = ("name", "slug", "order", "topic_count")
    list_editable = ("order",)
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
    delete_protected_hint = (
        "Learners' answers and mastery refer to this topic, so it cannot be deleted; "
        "unpublish its questions instead."
    )
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
    delete_protected_hint = (
        "Learners' answers and mastery refer to this concept, so it cannot be deleted; "
        "unpublish its questions instead."
    )
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


@admin.register(Question)
class QuestionAdmin(QuestionBankAdminMixin, admin.ModelAdmin):
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
