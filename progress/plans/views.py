"""The student's study plan: the page, (re)generation, the goal, the calendar file and the
calendar subscription (its page, and the secret feed calendar apps read without a login)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.access import student_required
from progress.plans import selectors as plan_selectors
from progress.plans import services as plan_services
from progress.plans.calendar import ics_calendar
from progress.plans.forms import GoalForm, PlanForm


def _plan_page(
    request: HttpRequest,
    *,
    plan_form: PlanForm | None = None,
    goal_form: GoalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The plan page; a refused form comes back bound, with what the student chose and the
    error next to the field (not a flash at the top over a reset form)."""
    context = plan_selectors.plan_page(learner=request.user, now=timezone.now())
    plan, goal = context["plan"], context["goal"]
    context["plan_form"] = plan_form or PlanForm(
        initial={"rest_weekdays": plan.rest_weekdays if plan else []}
    )
    context["goal_form"] = goal_form or GoalForm(
        initial={"subject": goal.subject_id, "topics": list(goal.topics.all())} if goal else None
    )
    return render(request, "progress/plan_page.html", context, status=status)


@never_cache
@student_required
def my_plan(request: HttpRequest) -> HttpResponse:
    return _plan_page(request)


@require_POST
@student_required
def plan_generate(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            plan_services.plan_generate(
                learner=request.user,
                now=timezone.now(),
                rest_weekdays=form.cleaned_data["rest_weekdays"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your plan is ready."))
            return redirect("plans:my_plan")
    return _plan_page(request, plan_form=form, status=400)


@require_POST
@student_required
def goal_set(request: HttpRequest) -> HttpResponse:
    form = GoalForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, goal_form=form, status=400)
    plan_services.learner_goal_set(
        learner=request.user,
        subject=form.cleaned_data["subject"],
        topics=form.cleaned_data["topics"],
        now=timezone.now(),
    )
    messages.success(request, _("Goal saved."))
    return redirect("plans:my_plan")


@student_required
def plan_ics(request: HttpRequest) -> HttpResponse:
    body = plan_selectors.plan_calendar(learner=request.user, now=timezone.now())
    if body is None:
        raise Http404("No study plan yet.")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pathwise-study-plan.ics"'
    return response


# How often a subscribed calendar app is asked to fetch the feed again.
FEED_REFRESH = timedelta(hours=1)


# The new address travels from the POST to the page that shows it in the session, and is
# taken out of it there: shown once, and reloading that page cannot make another one.
NEW_FEED_SESSION_KEY = "plans.new_calendar_feed"


@student_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The subscription: its state, and the new address right after it was made."""
    if request.method == "POST":  # make a new address (the old one, if any, stops)
        created = plan_services.calendar_feed_create(learner=request.user, now=timezone.now())
        request.session[NEW_FEED_SESSION_KEY] = created.raw
        return redirect("plans:calendar")
    raw = request.session.pop(NEW_FEED_SESSION_KEY, None)
    feed = plan_selectors.calendar_feed_get(learner=request.user)
    context = {"feed": feed, "feed_url": None, "webcal_url": None}
    if raw and feed is not None:
        url = request.build_absolute_uri(reverse("plans:feed", args=[raw]))
        context |= {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}
    response = render(request, "progress/plan_calendar.html", context)
    add_never_cache_headers(response)  # the page may carry a secret shown once
    return response


@require_POST
@student_required
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if plan_services.calendar_feed_revoke(learner=request.user):
        messages.success(
            request, _("Calendar subscription turned off: its address no longer works.")
        )
    return redirect("plans:calendar")


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The study plan for calendar apps: the token is the only credential (404 otherwise)."""
    feed = plan_selectors.calendar_feed_for_token(raw=token)
    if feed is None or not feed.learner.is_student:
        raise Http404("No such calendar.")
    now = timezone.now()
    body = plan_selectors.plan_calendar(learner=feed.learner, now=now, refresh=FEED_REFRESH)
    if body is None:  # no plan yet: an empty calendar, so the subscription stays valid
        body = ics_calendar(days=[], now=now, name="Pathwise study plan", refresh=FEED_REFRESH)
    plan_services.calendar_feed_fetched(feed=feed, now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="pathwise-study-plan.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, max_age=300)
    return response
