"""URLs of the progress pages (namespace ``insights``) and the class pages (``teach``)."""

from django.urls import path

from progress.reports import student_views, teacher_views

insights_patterns = (
    [
        path("", student_views.my_progress, name="my_progress"),
        path("students/<int:pk>/", teacher_views.student_detail, name="student_detail"),
        path(
            "students/<int:pk>/attempts.csv",
            teacher_views.student_attempts_csv,
            name="student_attempts_csv",
        ),
    ],
    "insights",
)

teach_patterns = (
    [
        path("classes/<int:pk>/", teacher_views.class_dashboard, name="class_dashboard"),
        path("classes/<int:pk>/grid.csv", teacher_views.class_grid_csv, name="class_grid_csv"),
        path("classes/<int:pk>/items/", teacher_views.item_analysis, name="item_analysis"),
    ],
    "teach",
)
