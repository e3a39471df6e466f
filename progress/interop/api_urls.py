from django.urls import path

from progress.interop import api

app_name = "api"

urlpatterns = [
    path("exports/", api.export_list, name="export_list"),
    path("exports/<int:pk>/download", api.export_download, name="export_download"),
    path("statements/", api.statement_list, name="statement_list"),
    path("attempts/batch", api.attempts_batch, name="attempts_batch"),
]
