"""Admins for the curriculum's shape: subjects, topics, concepts and activities."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from learning.models import (
    Activity,
    ActivityQuestion,
    Concept,
    ConceptPrerequisite,
    Subject,
    Topic,
    TopicPrerequisite,
)

# --- subjects and topics ------------------------------------------------------------


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    delete_protected_hint = (
        "Learners' answers, mastery and goals refer to this subject, so it cannot be "
        "deleted; unpublish its questions instead."
    )
    list_display = ("name", "slug", "language", "order", "topic_count")
    list_editable = ("order",)
    list_filter = ("language",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("order", "name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Subject]:
        return super().get_queryset(request).annotate(_topic_count=Count("topics"))

    @admin.display(description=gettext_lazy("topics"), ordering="_topic_count")
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

    @admin.display(description=gettext_lazy("subject"), ordering="topic__subject__name")
    def subject(self, obj: Concept) -> Subject:
        return obj.topic.subject

    @admin.display(description=gettext_lazy("questions"), ordering="_question_count")
    def question_count(self, obj: Concept) -> int:
        return obj._question_count


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
