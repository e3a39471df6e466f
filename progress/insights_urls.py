from django.urls import path

from progress import insights_views

app_name = "insights"

urlpatterns = [
    path("", insights_views.my_progress, name="my_progress"),
    path("students/<int:pk>/", insights_views.student_detail, name="student_detail"),
    path(
        "students/<int:pk>/attempts.csv",
        insights_views.student_attempts_csv,
        name="student_attempts_csv",
    ),
]
