"""Assignment URLs (namespace ``assignments``): the teacher's pages per class and per
assignment, the student's start button and notices."""

from django.urls import path

from progress.assignments import student_views, teacher_views

app_name = "assignments"

urlpatterns = [
    path("classes/<int:pk>/", teacher_views.class_assignments, name="class_list"),
    path("classes/<int:pk>/new/", teacher_views.assignment_create, name="create"),
    path("classes/<int:pk>/quick/", teacher_views.quick_practice, name="quick_practice"),
    path("<int:pk>/", teacher_views.assignment_detail, name="detail"),
    path("<int:pk>/status.csv", teacher_views.assignment_status_csv, name="status_csv"),
    path("<int:pk>/edit/", teacher_views.assignment_edit, name="edit"),
    path("<int:pk>/start/", student_views.assignment_start, name="start"),
    path("notices/seen/", student_views.notices_seen, name="notices_seen"),
    # Last: the URL matrix walks these in order, and deleting archives the assignment.
    path("<int:pk>/delete/", teacher_views.assignment_delete, name="delete"),
]
