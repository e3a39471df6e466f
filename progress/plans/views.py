"""The student's study plan: the page, (re)generation, the goal, and the calendar file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.access import student_required
from progress.plans import selectors as plan_selectors
from progress.plans import services as plan_services
from progress.plans.forms import GoalForm, PlanForm


@never_cache
@student_required
def my_plan(request: HttpRequest) -> HttpResponse:
    context = plan_selectors.plan_page(learner=request.user, now=timezone.now())
    plan = context["plan"]
    goal = context["goal"]
    context["plan_form"] = PlanForm(initial={"rest_weekdays": plan.rest_weekdays if plan else []})
    context["goal_form"] = GoalForm(
        initial={"subject": goal.subject_id, "topics": list(goal.topics.all())} if goal else None
    )
    return render(request, "progress/plan_page.html", context)


@require_POST
@student_required
def plan_generate(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("plans:my_plan")
    try:
        plan_services.plan_generate(
            learner=request.user,
            now=timezone.now(),
            rest_weekdays=form.cleaned_data["rest_weekdays"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Your plan is ready.")
    return redirect("plans:my_plan")


@require_POST
@student_required
def goal_set(request: HttpRequest) -> HttpResponse:
    form = GoalForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("plans:my_plan")
    plan_services.learner_goal_set(
        learner=request.user,
        subject=form.cleaned_data["subject"],
        topics=form.cleaned_data["topics"],
        now=timezone.now(),
    )
    messages.success(request, "Goal saved.")
    return redirect("plans:my_plan")


@student_required
def plan_ics(request: HttpRequest) -> HttpResponse:
    body = plan_selectors.plan_calendar(learner=request.user, now=timezone.now())
    if body is None:
        raise Http404("No study plan yet.")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pathwise-study-plan.ics"'
    return response
