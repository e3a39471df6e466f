from django.urls import path

from progress.interop import views as export_views

app_name = "exports"

urlpatterns = [
    path("", export_views.export_list, name="list"),
    path("<int:pk>/download/", export_views.export_download, name="download"),
    path("<int:pk>/retry/", export_views.export_retry, name="retry"),
]
