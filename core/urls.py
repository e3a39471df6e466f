from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # Browsers (and the admin's pages, which do not carry our <link rel="icon">) ask for
    # /favicon.ico: send them to the site's SVG icon instead of a 404.
    path("favicon.ico", views.favicon, name="favicon"),
]
