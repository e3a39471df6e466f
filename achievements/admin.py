"""Badge authoring (rules explained, glyphs, dry run, backfill) and credential revocation."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from achievements import glyphs, rules, selectors, services
from achievements.credentials import services as credential_services
from achievements.forms import RevokeForm
from achievements.models import Badge, BadgeCredential, LearnerBadge, PointsEntry


class GlyphRadioSelect(forms.RadioSelect):
    """The glyph choice, each option drawn as the badge will show it."""

    option_template_name = "achievements/widgets/glyph_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["glyph_svg"] = mark_safe(glyphs.svg(value, colour="#1F5FBF", size=32))  # noqa: S308
        return option


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
    readonly_fields = ("criteria_preview", "rules_reference", "would_earn_now", "icon")
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
        ("Reward and look", {"fields": ("points", "glyph", "colour", "image", "icon")}),
        ("Visibility", {"fields": ("active", "hidden", "display_order", "would_earn_now")}),
    )

    class Media:
        css = {"all": ["achievements/admin.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "glyph":
            return forms.ChoiceField(
                label=_("Glyph"),
                choices=[
                    ("", _("Automatic: from the old emoji, else the star")),
                    *glyphs.GLYPH_CHOICES,
                ],
                required=False,
                widget=GlyphRadioSelect(),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("what students read"))
    def criteria_preview(self, obj: Badge) -> str:
        if obj.pk is None or obj.rule_kind not in rules.RULES:
            return "Save the badge to see its wording."
        return obj.criteria

    @admin.display(description=gettext_lazy("rules and their parameters"))
    def rules_reference(self, obj: Badge) -> str:
        # Each rule once: its name, then its help (N = threshold, M = second parameter).
        return format_html(
            "<p>N is the threshold and M the second parameter.</p><ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: {}</li>",
                ((rule.label, rule.parameter_help()) for rule in rules.RULES.values()),
            ),
        )

    @admin.display(description=gettext_lazy("dry run"))
    def would_earn_now(self, obj: Badge) -> str:
        if obj.pk is None:
            return _("Save the badge to see who would earn it.")
        count = selectors.badge_dry_run(badge=obj)
        return ngettext(
            "%(n)d learner would earn this now.", "%(n)d learners would earn this now.", count
        ) % {"n": count}

    @admin.action(
        description=gettext_lazy("Dry run: how many learners would earn the selected badges now")
    )
    def dry_run(self, request: HttpRequest, queryset: QuerySet[Badge]) -> None:
        for badge in queryset:
            count = selectors.badge_dry_run(badge=badge)
            message = ngettext(
                "%(badge)s: %(n)d learner would earn this now.",
                "%(badge)s: %(n)d learners would earn this now.",
                count,
            )
            self.message_user(request, message % {"badge": badge, "n": count})

    @admin.action(
        description=gettext_lazy("Award now (backfill) to everyone who already qualifies")
    )
    def award_now(self, request: HttpRequest, queryset: QuerySet[Badge]) -> None:
        for result in services.badges_backfill(badges=list(queryset)):
            self.message_user(
                request,
                ngettext(
                    "%(badge)s: awarded to %(n)d learner.",
                    "%(badge)s: awarded to %(n)d learners.",
                    result.learners,
                )
                % {"badge": result.badge, "n": result.learners},
                messages.SUCCESS,
            )
        skipped = queryset.filter(active=False).count()
        if skipped:
            self.message_user(
                request,
                ngettext("%(n)d inactive badge skipped.", "%(n)d inactive badges skipped.", skipped)
                % {"n": skipped},
                messages.WARNING,
            )


@admin.register(LearnerBadge)
class LearnerBadgeAdmin(admin.ModelAdmin):
    list_display = ("learner", "badge", "times_earned", "earned_at", "seen_at", "open_badge")
    list_filter = ("badge",)
    list_select_related = ("learner", "badge", "credential")
    search_fields = ("learner__username", "badge__name")
    date_hierarchy = "earned_at"
    # Awards are written by the services (with their points); the admin only reads them.
    readonly_fields = [f.name for f in LearnerBadge._meta.fields]
    actions = ("revoke_credentials",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("achievements.change_learnerbadge")

    @admin.display(description=gettext_lazy("Open Badge"))
    def open_badge(self, obj: LearnerBadge) -> str:
        credential = getattr(obj, "credential", None)
        if credential is None:
            return "not downloaded"
        if credential.revoked_at:
            return f"revoked: {credential.revocation_reason}"
        return "issued"

    @admin.action(
        description=gettext_lazy("Revoke the Open Badge credential of the selected awards…"),
        permissions=["revoke"],
    )
    def revoke_credentials(self, request: HttpRequest, queryset: QuerySet[LearnerBadge]):
        """Asks for a reason first (shown to verifiers), then revokes; see docs."""
        form = RevokeForm(request.POST if request.POST.get("post") == "yes" else None)
        if form.is_bound and form.is_valid():
            try:
                count = credential_services.awards_revoke(
                    learner_badges=list(queryset),
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                    now=timezone.now(),
                )
            except ValidationError as error:
                form.add_error("reason", error)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "Revoked %(n)d credential; verifiers now see the reason.",
                        "Revoked %(n)d credentials; verifiers now see the reason.",
                        count,
                    )
                    % {"n": count},
                    messages.SUCCESS,
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Revoke Open Badge credentials",
            "awards": queryset.select_related("learner", "badge"),
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/achievements/learnerbadge/revoke_credentials.html", context
        )


@admin.register(BadgeCredential)
class BadgeCredentialAdmin(admin.ModelAdmin):
    """Issued credentials and revocations, read only: deleting one would un-revoke it."""

    list_display = ("id", "badge", "issued_at", "revoked_at", "revocation_reason")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "badge")
    list_select_related = ("badge",)
    search_fields = ("id", "revocation_reason")
    readonly_fields = [f.name for f in BadgeCredential._meta.fields]
    exclude = ("document",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
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
