from django.urls import path

from progress.plans import views as plan_views

app_name = "plans"

urlpatterns = [
    path("", plan_views.my_plan, name="my_plan"),
    path("generate/", plan_views.plan_generate, name="generate"),
    path("goal/", plan_views.goal_set, name="goal"),
    path("plan.ics", plan_views.plan_ics, name="ics"),
]
