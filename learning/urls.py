from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("", views.subject_list, name="subject_list"),
    path("subjects/<slug:slug>/", views.subject_detail, name="subject_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("concepts/<slug:slug>/", views.concept_detail, name="concept_detail"),
]
