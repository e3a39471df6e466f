from django.urls import path

from achievements import views
from achievements.credentials import views as public

app_name = "achievements"

urlpatterns = [
    path("", views.badge_list, name="badge_list"),
    path("seen/", views.badges_seen, name="badges_seen"),
    path("<slug:slug>/credential.json", views.credential, name="credential"),
    path("<slug:slug>/image/", views.badge_image, name="badge_image"),
    # Public (no login): Open Badges ids resolve, keys and status lists are published.
    path("achievements/<uuid:public_id>/", public.achievement, name="achievement"),
    path("achievements/<uuid:public_id>/image", public.achievement_image, name="achievement_image"),
    path("credentials/<uuid:pk>/", public.credential_detail, name="credential_detail"),
    path("status/<int:list_no>", public.status_list, name="status_list"),
    path("verify/", public.verify, name="verify"),
    path("verify.json", public.verify_json, name="verify_json"),
]
