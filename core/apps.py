from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = "Pathwise core helpers"

    def ready(self) -> None:
        from core import checks  # noqa: F401  (registers the deploy checks)


class PathwiseAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the project's site as ``admin.site`` (core/admin_site.py)."""

    default = False  # "core" itself is CoreConfig; this one is named in INSTALLED_APPS

    default_site = "core.admin_site.PathwiseAdminSite"
