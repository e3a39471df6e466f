"""The practice URLs (namespace ``progress``): the student's home, the practice loop, mastery."""

from django.urls import path

from progress.mastery import views as mastery_views
from progress.practice import views
from progress.reports import student_views

app_name = "progress"

urlpatterns = [
    path("", student_views.dashboard, name="dashboard"),
    path("start/", views.practice_start, name="practice_start"),
    path("sessions/<int:pk>/", views.session_question, name="session_question"),
    path("sessions/<int:pk>/answer/", views.session_answer, name="session_answer"),
    path("sessions/<int:pk>/hint/", views.session_hint, name="session_hint"),
    path("sessions/<int:pk>/finish/", views.session_finish, name="session_finish"),
    path("sessions/<int:pk>/summary/", views.session_summary, name="session_summary"),
    path(
        "sessions/<int:pk>/attempts/<int:attempt_pk>/",
        views.attempt_feedback,
        name="attempt_feedback",
    ),
    path("mastery/how-it-works/", mastery_views.mastery_doc, name="mastery_doc"),
    path("mastery/<slug:slug>/", mastery_views.mastery_explain, name="mastery_explain"),
]
