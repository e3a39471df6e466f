import mimetypes

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.access import student_required
from achievements import selectors, services
from achievements.credentials import keys
from achievements.credentials import services as credential_services


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


def _unavailable(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(
        request, "achievements/credential_unavailable.html", {"message": message}, status=status
    )


@require_GET
def credential(request: HttpRequest, slug: str) -> HttpResponse:
    """An earned badge as a signed Open Badges 3.0 credential (JSON download; the owner only).

    The first download issues it (its own id, signed); later downloads return the same one.
    """
    learner_badge = selectors.learner_badge_get_for_user(user=request.user, slug=slug)
    try:
        issued = credential_services.credential_issue(
            learner_badge=learner_badge, now=timezone.now()
        )
    except credential_services.CredentialRevoked as revoked:
        message = f"This badge's credential was revoked: {revoked.credential.revocation_reason}"
        return _unavailable(request, message, status=410)
    except ValidationError as error:
        return _unavailable(request, error.messages[0], status=403)
    except keys.SigningKeyError:
        message = "Open Badge downloads are not set up on this site yet; ask its administrator."
        return _unavailable(request, message, status=503)
    response = JsonResponse(issued.document, json_dumps_params={"indent": 2, "ensure_ascii": False})
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
