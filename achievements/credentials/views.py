"""Public Open Badges endpoints: no login, nothing written, JSON for machines.

The issuer's DID document, the status lists, each badge's public page and image (the
achievement id), each credential's status page (the credential id), and verification
(a page for people, ``verify.json`` for machines).
"""

import mimetypes

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accounts.guests import client_address
from accounts.throttling import Limit, Throttle, too_many_message
from achievements import glyphs
from achievements.credentials import dataintegrity, document, keys, selectors, verification
from achievements.forms import VerifyForm

JSON_TYPES = ("application/ld+json", "application/json")
SANDBOX = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def _json(body: dict, *, status: int = 200, content_type: str = "application/json") -> JsonResponse:
    response = JsonResponse(
        body, status=status, content_type=content_type, json_dumps_params={"indent": 2}
    )
    response["Access-Control-Allow-Origin"] = "*"  # verifiers in a browser may read it
    return response


def _wants_json(request: HttpRequest) -> bool:
    return request.get_preferred_type(["text/html", *JSON_TYPES]) in JSON_TYPES


@login_not_required
@require_GET
@cache_control(public=True, max_age=300)
def did_document(request: HttpRequest) -> HttpResponse:
    """``/.well-known/did.json``: the issuer's public keys, current and retired."""
    return _json(keys.did_document(keys.published_keys()), content_type="application/did+json")


@login_not_required
@require_GET
@cache_control(public=True, max_age=60)
def status_list(request: HttpRequest, list_no: int) -> HttpResponse:
    """A signed ``BitstringStatusListCredential``: bit N set = the credential at N revoked."""
    if not 1 <= list_no <= selectors.status_lists_in_use():
        raise Http404("No such status list.")
    try:
        signing = keys.signing_key()
    except keys.SigningKeyError:
        return _json({"error": "This site has no signing key configured."}, status=503)
    now = timezone.now()
    unsigned = document.status_list_credential(
        list_no=list_no, revoked=selectors.status_list_revoked(list_no=list_no), valid_from=now
    )
    signed = dataintegrity.sign(
        unsigned,
        private_key=signing.private,
        verification_method=signing.public.verification_method,
        created=now,
        as_list=False,
    )
    return _json(signed, content_type="application/vc+ld+json")


@login_not_required
@require_GET
def achievement(request: HttpRequest, public_id) -> HttpResponse:
    """A badge's public page: what it is and what earns it (the achievement id)."""
    badge = selectors.badge_get_public(public_id=public_id)
    if _wants_json(request):
        return _json(
            {"@context": document.CONTEXT, **document.achievement(badge)},
            content_type="application/ld+json",
        )
    context = {"badge": badge, "issuer_name": settings.PATHWISE_OB_ISSUER_NAME}
    return render(request, "achievements/achievement_detail.html", context)


@login_not_required
@require_GET
@cache_control(public=True, max_age=3600)
def achievement_image(request: HttpRequest, public_id) -> HttpResponse:
    """The badge's image (upload or glyph), sandboxed so an SVG can never run anything."""
    badge = selectors.badge_get_public(public_id=public_id)
    if badge.image:
        content_type = mimetypes.guess_type(badge.image.name)[0] or "application/octet-stream"
        response = FileResponse(badge.image.open("rb"), content_type=content_type)
    else:
        svg = glyphs.svg(badge.glyph_name, colour=badge.colour, size=200, standalone=True)
        response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = SANDBOX
    return response


@login_not_required
@require_GET
def credential_detail(request: HttpRequest, pk) -> HttpResponse:
    """A credential's public status (the credential id resolves here); never its subject."""
    credential = selectors.credential_get_public(pk=pk)
    if _wants_json(request):
        return _json(
            {
                "id": document.credential_url(credential.pk),
                "issuer": keys.issuer_did(),
                "achievement": credential.document["credentialSubject"]["achievement"]["id"],
                "issued": dataintegrity.iso(credential.issued_at),
                "revoked": credential.revoked,
                "revocationReason": credential.revocation_reason or None,
            }
        )
    return render(request, "achievements/credential_detail.html", {"credential": credential})


def _throttle() -> Throttle:
    return Throttle("verify", (Limit("address", settings.PATHWISE_VERIFICATIONS_PER_MINUTE, 60),))


def _throttled(request: HttpRequest) -> int:
    """Seconds to wait before verifying again (0: go ahead, and it is counted)."""
    address = client_address(request)
    wait = _throttle().wait_seconds(address=address)
    if not wait:
        _throttle().hit(address=address)
    return wait


@login_not_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Paste or upload a credential and see whether it verifies, and why not."""
    result, status = None, 200
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        wait = _throttled(request)
        if wait:
            form.add_error(None, too_many_message(wait))
            status = 429
        elif form.is_valid():
            result = verification.verify(form.cleaned_data["credential_json"], now=timezone.now())
        else:
            status = 400
    context = {"form": form, "result": result, "did": keys.issuer_did()}
    return render(request, "achievements/verify.html", context, status=status)


@login_not_required
@csrf_exempt  # no cookies are read and nothing is written: a machine endpoint
@require_http_methods(["POST"])
def verify_json(request: HttpRequest) -> HttpResponse:
    """POST a credential (``application/json``): ``{"verified": ..., "checks": [...]}``."""
    content_type = request.content_type or ""
    if content_type not in ("application/json", "application/ld+json", "application/vc+ld+json"):
        return _json({"error": "Send the credential as application/json."}, status=415)
    wait = _throttled(request)
    if wait:
        response = _json({"error": too_many_message(wait)}, status=429)
        response["Retry-After"] = str(wait)
        return response
    raw = request.read(verification.MAX_BYTES + 1)
    if len(raw) > verification.MAX_BYTES:
        return _json({"error": "A credential is at most 64 KB."}, status=413)
    try:
        credential = verification.parse(raw)
    except verification.CredentialInputError as error:
        return _json({"error": str(error)}, status=400)
    return _json(verification.verify(credential, now=timezone.now()).as_json())
