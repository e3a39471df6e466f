"""The site's error pages (issue 15): in the site's look, with a way home, used when DEBUG
is off (as in production and in these tests)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings

from core import errors

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_a_wrong_url_is_the_sites_404_page_with_a_link_home(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We cannot find that page" in html
    assert 'class="site-header"' in html  # the site's look, not a bare "Not Found"
    assert 'href="/" id="home-link"' in html


@override_settings(DEBUG=False)
def test_a_signed_in_student_gets_their_own_way_back(login, student):
    response = login(student).get("/practice/sessions/999999/")
    assert response.status_code == 404
    assert "Your dashboard" in response.content.decode()


@pytest.mark.parametrize(
    ("handler", "code", "words"),
    [
        (errors.bad_request, 400, "was not right"),
        (errors.permission_denied, 403, "You cannot open this page"),
        (errors.page_not_found, 404, "We cannot find that page"),
    ],
)
def test_each_handler_answers_its_status_in_the_sites_look(
    rf: RequestFactory, handler, code, words
):
    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    response = handler(request, Exception("boom"))
    assert response.status_code == code
    html = response.content.decode()
    assert words in html and 'id="home-link"' in html


def test_the_500_page_needs_no_request_context(rf: RequestFactory):
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html and 'id="home-link"' in html


def test_the_handlers_are_wired():
    from config import urls

    assert urls.handler404 == "core.errors.page_not_found"
    assert urls.handler500 == "core.errors.server_error"


def test_favicon_ico_is_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
