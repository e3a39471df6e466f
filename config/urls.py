from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts import throttling
from learning import views as learning_views
from progress.interop import views as interop_views
from progress.reports.urls import insights_patterns, teach_patterns

admin.site.site_header = "Pathwise authoring"
admin.site.site_title = "Pathwise admin"
admin.site.index_title = "Curriculum, classes and learners"
admin.site.login_form = throttling.ThrottledAdminAuthenticationForm

urlpatterns = [
    path("", learning_views.home, name="home"),
    path("", include("core.urls")),
    # Django's auth views keep their global names ("login", "password_reset", ...); these
    # two are rate limited (accounts/throttling.py) and shadow the stock ones below.
    path("accounts/login/", throttling.ThrottledLoginView.as_view(), name="login"),
    path(
        "accounts/password_reset/",
        throttling.ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("accounts.urls")),
    path("learn/", include("learning.urls")),
    path("practice/", include("progress.urls")),
    path("progress/", include(insights_patterns)),
    path("teach/", include(teach_patterns)),
    path("badges/", include("achievements.urls")),
    path("plan/", include("progress.plans.urls")),
    path("exports/", include("progress.interop.urls")),
    path("privacy/", interop_views.privacy, name="privacy"),
    path("api/v1/", include("progress.interop.api_urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
