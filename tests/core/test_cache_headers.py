"""Health checks answer plain-http probes; personal pages and forms are not cached (finding 13)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from core.caching import PrivateCacheMiddleware

pytestmark = pytest.mark.django_db


def test_health_checks_are_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # production settings; the probe speaks plain http
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    # Everything else still goes to https.
    page = client.get(reverse("learning:subject_list"))
    assert page.status_code == 301 and page["Location"].startswith("https://")
    assert client.get("/healthz/x").status_code == 301  # the exemption is exact


def test_a_signed_in_page_is_private_and_a_public_one_is_not(login, client, student):
    anonymous = client.get(reverse("learning:subject_list"))
    assert "private" not in anonymous.get("Cache-Control", "")
    page = login(student).get(reverse("learning:subject_list"))
    assert page.status_code == 200
    assert page["Cache-Control"] == "private"
    assert login(student).get(reverse("progress:dashboard"))["Cache-Control"] == "private"


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [
        ("accounts:signup", None),
        ("password_reset", None),
        ("login", None),
        ("password_change", "student"),
        ("accounts:profile", "student"),
        ("accounts:classroom_join", "student"),
        ("accounts:classroom_create", "teacher"),
        ("accounts:token_list", "student"),
    ],
)
def test_form_pages_are_never_stored(url_name, persona, request, client):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert _no_store(response), response.get("Cache-Control")


def test_a_form_shown_again_after_a_post_is_not_stored(rf, student):
    """A POST answered with a page (a form and its errors) is no-store; a redirect is not."""
    request = rf.post("/somewhere/", {"name": "typed by the user"})
    request.user = AnonymousUser()
    shown = PrivateCacheMiddleware(lambda r: HttpResponse("<form>"))(request)
    assert _no_store(shown)
    redirected = PrivateCacheMiddleware(lambda r: HttpResponseRedirect("/done/"))(request)
    assert not redirected.has_header("Cache-Control")
    get = rf.get("/somewhere/")
    get.user = student
    assert PrivateCacheMiddleware(lambda r: HttpResponse("x"))(get)["Cache-Control"] == "private"
