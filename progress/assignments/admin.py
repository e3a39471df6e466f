"""Assignments in the admin, read-only for operators (``progress.admin`` imports this).

Like the rest of the progress admin: looking only. Assignments are set and edited by
teachers on their pages (the services check who may and what is valid); the links from
sessions and the notices are learner history.
"""

from django.contrib import admin

from progress.admin import ReadOnlyAdmin
from progress.assignments.models import Assignment, AssignmentNotice, AssignmentSession


class AssignmentGroupInline(admin.TabularInline):
    model = Assignment.groups.through
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("title", "classroom", "kind", "opens_at", "due_at", "status", "created_by")
    list_filter = ("status", "kind", "late_counts", "email_students")
    list_select_related = ("classroom", "created_by")
    search_fields = ("title", "classroom__name", "created_by__username")
    search_help_text = "Search by title, class name or the teacher's username."
    ordering = ("-due_at", "-pk")
    inlines = (AssignmentGroupInline,)
    fieldsets = (
        (None, {"fields": ("title", "classroom", "created_by", "status", "instructions")}),
        (
            "What",
            {"fields": ("kind", "concepts", "topic", "goal", "target_count", "activity")},
        ),
        ("When", {"fields": ("opens_at", "due_at", "late_counts", "archived_at")}),
        ("Who", {"fields": ("whole_class", "students", "email_students")}),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )


@admin.register(AssignmentSession)
class AssignmentSessionAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "learner", "title", "assignment", "session")
    list_select_related = ("learner", "assignment")
    search_fields = ("learner__username", "learner__last_name", "title")
    ordering = ("-started_at", "-pk")


@admin.register(AssignmentNotice)
class AssignmentNoticeAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "learner", "kind", "assignment", "seen_at", "emailed_at")
    list_filter = ("kind",)
    list_select_related = ("learner", "assignment")
    search_fields = ("learner__username", "assignment__title")
    ordering = ("-created_at", "-pk")
