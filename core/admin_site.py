"""The project's admin site: Django's, with three protections applied to every ModelAdmin.

1. **Delete pages name no learner** (finding 1). Django's delete confirmation (and the
   "Delete selected" action) lists every related and every protected object by its
   ``str()``: "Attempt: Sam Student (student) answered 12: 1.0" for every learner who ever
   answered a question, shown to any content editor who opens the page. Here only the
   objects being deleted are named; everything related, deleted along or protected, is
   counted ("1,234 attempts"). The rule needs no knowledge of which models hold learner
   data, so a model added later is covered too. A ModelAdmin can set
   ``delete_protected_hint`` (e.g. "unpublish it instead"), shown when deletion is refused.
2. **Filter and search values with NUL characters are refused with 400** (finding 8):
   PostgreSQL cannot hold a NUL in a text value, so ``?status=%00`` raised inside the
   database driver and answered 500. Every admin view is wrapped by ``admin_view``.

``PathwiseAdminConfig`` (in ``core.apps``) makes this the default ``admin.site``, so every
``@admin.register`` in every app (and Django's own auth and django-tasks-db admins) gets
the mixin below without importing anything from here.
"""

from collections import Counter
from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, quote
from django.db import router
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

NUL_REFUSED = (
    "A filter or search value contains a NUL character (%00), which no record can match. "
    "Remove it from the address and try again."
)


def _counted(model, count: int) -> str:
    name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
    return f"{count:,} {name}"


def _root_link(obj, admin_site) -> str:
    opts = obj._meta
    try:
        url = reverse(
            f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", None, (quote(obj.pk),)
        )
    except NoReverseMatch:
        return f"{capfirst(opts.verbose_name)}: {obj}"
    return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)


def deletion_summary(objs, request: HttpRequest, admin_site) -> tuple[list, dict, set, list]:
    """What ``ModelAdmin.get_deleted_objects`` returns, naming only ``objs`` themselves.

    The same four values as Django's (the list shown, the per-model counts, the missing
    permissions, the protected objects) from the same collector, so what may be deleted
    and what is refused is exactly Django's decision; only the wording changes.
    """
    roots = list(objs)
    if not roots:
        return [], {}, set(), []
    model = type(roots[0])
    collector = NestedObjects(using=router.db_for_write(model), origin=objs)
    collector.collect(objs)

    perms_needed = set()
    for related_model, related in collector.model_objs.items():
        if admin_site.is_registered(related_model):
            model_admin = admin_site.get_model_admin(related_model)
            if not all(model_admin.has_delete_permission(request, o) for o in related):
                perms_needed.add(related_model._meta.verbose_name)

    root_pks = {o.pk for o in roots}
    along = [
        _counted(related_model, len(related) - (len(root_pks) if related_model is model else 0))
        for related_model, related in collector.model_objs.items()
        if len(related) > (len(root_pks) if related_model is model else 0)
    ]
    to_delete: list = [_root_link(o, admin_site) for o in roots]
    if along:
        to_delete += ["Along with:", along]

    protected_counts = Counter(type(o) for o in collector.protected)
    if protected_counts:
        # Deletion is refused because learner records refer to the object: say that, not
        # that the user lacks a permission (history is undeletable for everyone).
        perms_needed = set()
    protected = [
        _counted(m, n) for m, n in sorted(protected_counts.items(), key=lambda i: str(i[0]._meta))
    ]
    model_count = {m._meta.verbose_name_plural: len(o) for m, o in collector.model_objs.items()}
    return to_delete, model_count, perms_needed, protected


class LearnerPrivacyAdminMixin:
    """Mixed into every registered ModelAdmin by :class:`PathwiseAdminSite`."""

    # No class attributes here: this class comes first in the MRO and would shadow the
    # ModelAdmin's own (``delete_protected_hint`` is read from the ModelAdmin).

    def get_deleted_objects(self, objs, request: HttpRequest):
        summary = deletion_summary(objs, request, self.admin_site)
        hint = getattr(self, "delete_protected_hint", "")
        if summary[3] and hint:
            messages.warning(request, hint)
        return summary


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    return any(
        "\x00" in key or any("\x00" in v for v in request.GET.getlist(key)) for key in request.GET
    )


class PathwiseAdminSite(admin.AdminSite):
    site_header = "Pathwise authoring"
    site_title = "Pathwise admin"
    index_title = "Curriculum, classes and learners"

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, LearnerPrivacyAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (LearnerPrivacyAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def admin_view(self, view, cacheable: bool = False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if _has_nul(request):
                return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain")
            return inner(request, *args, **kwargs)

        return guarded
