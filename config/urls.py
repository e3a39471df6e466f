from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.cache import never_cache

from accounts import password_reset, throttling
from achievements.credentials import views as credential_views
from learning import views as learning_views
from progress.interop import views as interop_views
from progress.reports.urls import insights_patterns, teach_patterns

admin.site.login_form = throttling.ThrottledAdminAuthenticationForm

urlpatterns = [
    path("", learning_views.home, name="home"),
    path("", include("core.urls")),
    # The Open Badges issuer's did:web document (docs/achievements.md): public keys only.
    path(".well-known/did.json", credential_views.did_document, name="did_document"),
    # Django's auth views keep their global names ("login", "password_reset", ...); these
    # two are rate limited (accounts/throttling.py) and shadow the stock ones below.
    path("accounts/login/", throttling.ThrottledLoginView.as_view(), name="login"),
    path(
        "accounts/password_reset/",
        password_reset.ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    # Form pages are never cached (core/caching.py): Django's view lacks never_cache.
    path(
        "accounts/password_change/",
        never_cache(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("accounts.urls")),
    path("learn/", include("learning.urls")),
    path("practice/", include("progress.urls")),
    path("progress/", include(insights_patterns)),
    path("teach/", include(teach_patterns)),
    path("badges/", include("achievements.urls")),
    path("plan/", include("progress.plans.urls")),
    path("assignments/", include("progress.assignments.urls")),
    path("exports/", include("progress.interop.urls")),
    path("privacy/", interop_views.privacy, name="privacy"),
    path("api/v1/", include("progress.interop.api_urls")),
    # The admin's login, refused with 429 + Retry-After like the site's (accounts/throttling).
    path("admin/login/", throttling.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# The site's own error pages (production, DEBUG off): core/errors.py.
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
