from django.urls import path

from progress import teach_views

app_name = "teach"

urlpatterns = [
    path("classes/<int:pk>/", teach_views.class_dashboard, name="class_dashboard"),
    path("classes/<int:pk>/grid.csv", teach_views.class_grid_csv, name="class_grid_csv"),
    path("classes/<int:pk>/items/", teach_views.item_analysis, name="item_analysis"),
]
