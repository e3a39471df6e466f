from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import guests, services, throttling
from accounts.access import (
    classroom_get_for_user,
    classrooms_for_teacher,
    student_required,
    teacher_required,
)
from accounts.forms import ClassroomForm, JoinClassroomForm, ProfileForm, SignupForm
from accounts.languages import user_language_set
from accounts.selectors import classroom_roster


@login_not_required
@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    # A guest may sign up: their progress comes along (services.guest_claim).
    if request.user.is_authenticated and not request.user.is_guest:
        return redirect("home")
    guest = request.user if request.user.is_authenticated else None
    form = SignupForm(request.POST or None)
    # The form checks the join code: unknown codes are limited as on the join page.
    if request.method == "POST" and request.POST.get("join_code", "").strip():
        if wait := throttling.join_code_wait(request):
            # Not even checked: the answer must not say whether this code exists.
            data = request.POST.copy()
            data["join_code"] = ""
            form = SignupForm(data)
            form.add_error("join_code", throttling.throttled_error(wait))
            return throttling.as_throttled(
                render(request, "accounts/signup.html", {"form": form}), wait
            )
        if any(e.code == "unknown_join_code" for e in form.errors.as_data().get("join_code", [])):
            throttling.join_code_failed(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.student_register(
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                join_code=data["join_code"],
                guest=guest,
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if guest is not None:
                messages.success(
                    request, _("Welcome to Pathwise! Everything you practised is kept.")
                )
            else:
                messages.success(
                    request, _("Welcome to Pathwise! Set your goal and exam date below.")
                )
            return redirect("accounts:profile")
    return render(request, "accounts/signup.html", {"form": form})


@login_not_required
@require_POST
def guest_start_view(request: HttpRequest) -> HttpResponse:
    """ "Practise as a guest": a guest learner, logged in, back where they clicked."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.user.is_authenticated:  # already a guest (or signed in): nothing to create
        return redirect(next_url or "home")
    if not guests.guest_creation_allowed(request):
        return render(request, "accounts/guest_limited.html", status=429)
    guest = services.guest_create()
    response = redirect(next_url or "progress:dashboard")
    # No flash message: the guest banner on every page already says it (it said it twice).
    guests.guest_start(request, response, guest=guest)
    return response


@student_required
@never_cache
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = services.student_profile_ensure(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        user_language_set(user=request.user, language=form.cleaned_data["language"])
        # The confirmation is in the language just chosen (blank: the browser's).
        translation.activate(form.cleaned_data["language"] or get_language_from_request(request))
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile_form.html", {"form": form})


@teacher_required
def classroom_list(request: HttpRequest) -> HttpResponse:
    classrooms = classrooms_for_teacher(teacher=request.user)
    return render(request, "accounts/classroom_list.html", {"classrooms": classrooms})


@teacher_required
@never_cache
def classroom_create_view(request: HttpRequest) -> HttpResponse:
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = services.classroom_create(
            teacher=request.user,
            name=form.cleaned_data["name"],
            timezone_name=form.cleaned_data["timezone"],
        )
        messages.success(
            request,
            _("Class created. Share the join code %(display_join_code)s.")
            % {"display_join_code": classroom.display_join_code},
        )
        return redirect(classroom)
    return render(request, "accounts/classroom_form.html", {"form": form})


@teacher_required
def classroom_detail(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    roster = classroom_roster(classroom=classroom)
    return render(
        request, "accounts/classroom_detail.html", {"classroom": classroom, "roster": roster}
    )


@require_POST
@teacher_required
def classroom_regenerate_code_view(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_get_for_user(user=request.user, pk=pk)
    services.classroom_regenerate_code(classroom=classroom)
    messages.success(
        request,
        _("New join code: %(display_join_code)s. The old code no longer works.")
        % {"display_join_code": classroom.display_join_code},
    )
    return redirect(classroom)


@student_required
@never_cache
def classroom_join_view(request: HttpRequest) -> HttpResponse:
    form = JoinClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Codes cannot be guessed by trying them: unknown codes are limited per user/address.
        if wait := throttling.join_code_wait(request):
            form.add_error("code", throttling.throttled_error(wait))
            return throttling.as_throttled(
                render(request, "accounts/classroom_join.html", {"form": form}), wait
            )
        try:
            classroom = services.classroom_join(
                student=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            if exc.code == "unknown_join_code":
                throttling.join_code_failed(request)
            form.add_error("code", exc)
        else:
            messages.success(request, _("You joined %(name)s.") % {"name": classroom.name})
            return redirect("home")
    return render(request, "accounts/classroom_join.html", {"form": form})
