"""Badge authoring: rules with their parameters explained, a dry run and a backfill."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from achievements import rules, selectors, services
from achievements.models import Badge, LearnerBadge, PointsEntry


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "category",
        "rule_kind",
        "threshold",
        "points",
        "active",
        "hidden",
        "repeatable",
        "display_order",
    )
    list_editable = ("active", "display_order")
    list_filter = ("category", "rule_kind", "active", "hidden", "repeatable")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("subject", "topic")
    readonly_fields = ("criteria_preview", "rules_reference", "would_earn_now")
    actions = ("dry_run", "award_now")
    fieldsets = (
        (None, {"fields": ("name", "slug", "category", "description")}),
        (
            "Rule",
            {
                "fields": (
                    "rule_kind",
                    "threshold",
                    "second_parameter",
                    ("subject", "topic"),
                    "repeatable",
                    "criteria_preview",
                    "rules_reference",
                )
            },
        ),
        ("Reward and look", {"fields": ("points", "icon", "image", "colour")}),
        ("Visibility", {"fields": ("active", "hidden", "display_order", "would_earn_now")}),
    )

    @admin.display(description="what students read")
    def criteria_preview(self, obj: Badge) -> str:
        if obj.pk is None or obj.rule_kind not in rules.RULES:
            return "Save the badge to see its wording."
        return obj.criteria

    @admin.display(description="rules and their parameters")
    def rules_reference(self, obj: Badge) -> str:
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: {}</li>",
                ((rule.label, rule.parameter_help()) for rule in rules.RULES.values()),
            ),
        )

    @admin.display(description="dry run")
    def would_earn_now(self, obj: Badge) -> str:
        if obj.pk is None:
            return "Save the badge to see who would earn it."
        count = selectors.badge_dry_run(badge=obj)
        return f"{_plural(count, 'learner')} would earn this now."

    @admin.action(description="Dry run: how many learners would earn the selected badges now")
    def dry_run(self, request: HttpRequest, queryset: QuerySet[Badge]) -> None:
        for badge in queryset:
            count = selectors.badge_dry_run(badge=badge)
            self.message_user(request, f"{badge}: {_plural(count, 'learner')} would earn this now.")

    @admin.action(description="Award now (backfill) to everyone who already qualifies")
    def award_now(self, request: HttpRequest, queryset: QuerySet[Badge]) -> None:
        for result in services.badges_backfill(badges=list(queryset)):
            self.message_user(
                request,
                f"{result.badge}: awarded to {_plural(result.learners, 'learner')}.",
                messages.SUCCESS,
            )
        skipped = queryset.filter(active=False).count()
        if skipped:
            self.message_user(
                request, f"{_plural(skipped, 'inactive badge')} skipped.", messages.WARNING
            )


@admin.register(LearnerBadge)
class LearnerBadgeAdmin(admin.ModelAdmin):
    list_display = ("learner", "badge", "times_earned", "earned_at", "seen_at")
    list_filter = ("badge",)
    list_select_related = ("learner", "badge")
    search_fields = ("learner__username", "badge__name")
    date_hierarchy = "earned_at"
    # Awards are written by the services (with their points); the admin only reads them.
    readonly_fields = [f.name for f in LearnerBadge._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(PointsEntry)
class PointsEntryAdmin(admin.ModelAdmin):
    list_display = ("learner", "amount", "reason", "created_at")
    list_select_related = ("learner",)
    search_fields = ("learner__username", "reason")
    date_hierarchy = "created_at"

    # Append-only: the ledger is never edited by hand.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
