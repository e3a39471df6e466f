from django.urls import path

from progress.plans import views as plan_views

app_name = "plans"

urlpatterns = [
    path("", plan_views.my_plan, name="my_plan"),
    path("generate/", plan_views.plan_generate, name="generate"),
    path("goal/", plan_views.goal_set, name="goal"),
    path("plan.ics", plan_views.plan_ics, name="ics"),
    path("calendar/", plan_views.calendar_page, name="calendar"),
    path("calendar/off/", plan_views.calendar_revoke, name="calendar_revoke"),
    path("feed/<str:token>.ics", plan_views.calendar_feed, name="feed"),
]
