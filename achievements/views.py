import mimetypes

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.access import student_required
from achievements import openbadges, selectors, services


@require_GET
@student_required
def badge_list(request: HttpRequest) -> HttpResponse:
    """The student's badges: earned, in progress, mysteries, and their points."""
    board = selectors.badges_for_learner(learner=request.user)
    services.badges_mark_seen(learner=request.user)  # seeing them here counts as being told
    return render(request, "achievements/badge_list.html", {"board": board})


@require_POST
def badges_seen(request: HttpRequest) -> HttpResponse:
    """Dismiss the "new badge" announcement, back to where it was shown."""
    services.badges_mark_seen(learner=request.user)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "achievements:badge_list"
    return redirect(target)


@require_GET
def credential(request: HttpRequest, slug: str) -> HttpResponse:
    """An earned badge as an Open Badges 3.0 credential (JSON download; the owner only)."""
    learner_badge = selectors.learner_badge_get_for_user(user=request.user, slug=slug)
    body = openbadges.credential(learner_badge=learner_badge, absolute=request.build_absolute_uri)
    response = JsonResponse(body, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="pathwise-badge-{slug}.json"'
    return response


@require_GET
def badge_image(request: HttpRequest, slug: str) -> HttpResponse:
    """A badge's uploaded image, sandboxed so an SVG can never run anything."""
    badge = selectors.badge_image_get_for_user(user=request.user, slug=slug)
    content_type = mimetypes.guess_type(badge.image.name)[0] or "application/octet-stream"
    response = FileResponse(badge.image.open("rb"), content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
