from django.urls import path

from achievements import views

app_name = "achievements"

urlpatterns = [
    path("", views.badge_list, name="badge_list"),
    path("seen/", views.badges_seen, name="badges_seen"),
    path("<slug:slug>/credential.json", views.credential, name="credential"),
    path("<slug:slug>/image/", views.badge_image, name="badge_image"),
]
