from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.access import classrooms_for_teacher, is_teacher_like
from learning import selectors


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """The front page: a student's is their dashboard; everyone else sees the subjects (and
    a teacher their classes)."""
    user = request.user
    if user.is_authenticated and user.is_student:
        # A student's home is their dashboard (progress owns learner state).
        return redirect("progress:dashboard")
    context = {"subjects": selectors.subjects_for_listing()}
    if is_teacher_like(user):
        context["taught"] = classrooms_for_teacher(teacher=user)
    return render(request, "accounts/home.html", context)


@login_not_required
def subject_list(request: HttpRequest) -> HttpResponse:
    subjects = selectors.subjects_for_listing()
    return render(request, "learning/subject_list.html", {"subjects": subjects})


@login_not_required
def subject_detail(request: HttpRequest, slug: str) -> HttpResponse:
    subject = selectors.subject_get(slug=slug)
    tree = selectors.subject_topic_tree(subject=subject)
    return render(request, "learning/subject_detail.html", {"subject": subject, "tree": tree})


@login_not_required
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = selectors.topic_get_for_page(slug=slug)
    return render(request, "learning/topic_detail.html", {"topic": topic})


@login_not_required
def concept_detail(request: HttpRequest, slug: str) -> HttpResponse:
    concept = selectors.concept_get_for_page(slug=slug)
    return render(request, "learning/concept_detail.html", {"concept": concept})
