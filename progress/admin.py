"""Read-only admin pages for operators: attempts, mastery, sessions, plans, export jobs and
the LRS outbox (with its backlog, the relay's last error and two operator actions).

Everything here is derived from (or is) the learner's own history, written only by the
progress services: the admin may look, never edit, add or delete (an edit would bypass the
answer path and leave derived tables wrong; ``recompute_progress --fix`` is the repair
tool). The pages need the model's *view* permission, which the "Content editors" group does
not have, so authors never see learner data here; superusers and operators granted the view
permissions do. Lists avoid full-table counts (``show_full_result_count``) because the
attempt log grows to millions of rows.
"""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from progress.interop.lrs import relay as lrs_relay
from progress.interop.lrs.selectors import lrs_status
from progress.models import (
    Attempt,
    ConceptMastery,
    ExportJob,
    LrsStatement,
    PracticeSession,
    StudyPlan,
    StudyPlanItem,
)

LEARNER_SEARCH = (
    "learner__username",
    "learner__first_name",
    "learner__last_name",
    "learner__email",
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """View-only: no add, change or delete, in forms, actions or bulk actions."""

    show_full_result_count = False
    list_per_page = 50
    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "learner",
        "concept",
        "question_id",
        "score",
        "is_correct",
        "hints_used",
        "time_taken_seconds",
        "session_id",
    )
    list_filter = ("is_correct", ("concept", admin.RelatedOnlyFieldListFilter), "created_at")
    list_select_related = ("learner", "concept")
    search_fields = LEARNER_SEARCH
    search_help_text = "Search by the learner's username, name or e-mail."
    ordering = ("-created_at", "-pk")
    fieldsets = (
        (None, {"fields": ("learner", "question", "concept", "session", "client_token")}),
        (
            "Answer",
            {
                "fields": (
                    "response",
                    "response_text",
                    "score",
                    "is_correct",
                    "feedback",
                    "time_taken_seconds",
                    "hints_used",
                    "confidence",
                    "created_at",
                    "local_date",
                )
            },
        ),
        (
            "Mastery step",
            {
                "fields": (
                    "mastery_before",
                    "mastery_decayed",
                    "mastery_after",
                    "gap_steps",
                    "elapsed_days",
                )
            },
        ),
        ("Question as shown", {"fields": ("question_snapshot",), "classes": ("collapse",)}),
    )


@admin.register(ConceptMastery)
class ConceptMasteryAdmin(ReadOnlyAdmin):
    list_display = (
        "learner",
        "concept",
        "p_known",
        "status",
        "attempts",
        "correct",
        "last_attempt_at",
        "review_due_at",
    )
    list_filter = ("status", ("concept", admin.RelatedOnlyFieldListFilter), "last_attempt_at")
    list_select_related = ("learner", "concept")
    search_fields = LEARNER_SEARCH
    search_help_text = "Search by the learner's username, name or e-mail."
    ordering = ("learner_id", "concept_id")


@admin.register(PracticeSession)
class PracticeSessionAdmin(ReadOnlyAdmin):
    list_display = (
        "started_at",
        "learner",
        "scope",
        "mode",
        "status",
        "question_count",
        "correct_count",
        "ended_at",
    )
    list_filter = ("status", "mode", "scope", "started_at")
    list_select_related = ("learner",)
    search_fields = LEARNER_SEARCH
    search_help_text = "Search by the learner's username, name or e-mail."
    ordering = ("-started_at", "-pk")


class StudyPlanItemInline(admin.TabularInline):
    model = StudyPlanItem
    fields = ("date", "position", "kind", "concept", "minutes", "part", "parts")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StudyPlan)
class StudyPlanAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "learner",
        "status",
        "trigger",
        "exam_date",
        "readiness",
        "feasible",
    )
    list_filter = ("status", "trigger", "feasible", "created_at")
    list_select_related = ("learner",)
    search_fields = LEARNER_SEARCH
    search_help_text = "Search by the learner's username, name or e-mail."
    ordering = ("-created_at", "-pk")
    inlines = (StudyPlanItemInline,)


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "owner",
        "kind",
        "format",
        "status",
        "records",
        "size_bytes",
        "tries",
        "finished_at",
    )
    list_filter = ("status", "kind", "format", "created_at")
    list_select_related = ("owner",)
    search_fields = ("owner__username", "owner__first_name", "owner__last_name", "owner__email")
    search_help_text = "Search by the owner's username, name or e-mail."
    ordering = ("-created_at", "-pk")
    exclude = ("file_name",)  # an unguessable path: never shown, even to operators


@admin.register(LrsStatement)
class LrsStatementAdmin(ReadOnlyAdmin):
    """The outbox: what waits for the LRS, what it refused and why; the page's header shows
    the backlog and the relay's last outcome, with "Send now" (after fixing the LRS)."""

    change_list_template = "admin/progress/lrsstatement/change_list.html"
    view_on_site = False
    list_display = ("created_at", "kind", "learner", "status", "tries", "sent_at", "error")
    list_filter = ("status", "kind", "created_at")
    list_select_related = ("learner",)
    search_fields = (*LEARNER_SEARCH, "=statement_id")
    search_help_text = "Search by the learner's username, name or e-mail, or a statement id."
    ordering = ("-created_at", "-pk")
    actions = ("requeue",)
    fields = (
        "statement_id",
        "learner",
        "kind",
        "status",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "tries",
        "last_error",
        "statement_json",
    )
    readonly_fields = fields

    @admin.display(description=_("last error"))
    def error(self, obj: LrsStatement) -> str:
        return obj.last_error[:80] + ("…" if len(obj.last_error) > 80 else "")

    @admin.display(description=_("statement"))
    def statement_json(self, obj: LrsStatement) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.statement, indent=2, ensure_ascii=False))

    def has_requeue_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("progress.change_lrsstatement")

    @admin.action(
        description=_("Queue the selected refused statements again"), permissions=["requeue"]
    )
    def requeue(self, request: HttpRequest, queryset) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        count = lrs_relay.lrs_statements_requeue(ids=ids, now=timezone.now())
        self.message_user(
            request,
            gettext("%(n)d refused statement(s) queued again.") % {"n": count},
        )

    def get_urls(self):
        send = self.admin_site.admin_view(require_POST(self.send_now_view))
        return [path("send-now/", send, name="progress_lrsstatement_send_now"), *super().get_urls()]

    def send_now_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_requeue_permission(request):
            raise PermissionDenied
        if lrs_relay.lrs_send_now(now=timezone.now()):
            self.message_user(request, _("Sending now: the backlog below updates as it drains."))
        else:
            self.message_user(
                request, _("A send is already scheduled; it will run shortly."), messages.INFO
            )
        return redirect("admin:progress_lrsstatement_changelist")

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "lrs": lrs_status(now=timezone.now()),
            "can_send": self.has_requeue_permission(request),
        }
        return super().changelist_view(request, extra_context=extra_context)


# Assignments register their read-only pages from their room (they reuse ReadOnlyAdmin).

from progress.assignments import admin as _assignments_admin  # noqa: E402, F401
