"""The interface language (accounts.languages): browser preference for visitors, a saved
choice for signed-in users (profile page, footer switcher), English by default."""

import pytest
from django.urls import reverse

from accounts.languages import user_language_set
from accounts.models import User

pytestmark = pytest.mark.django_db

SWITCH = "accounts:set_language"


def test_english_is_the_default(client):
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en"


def test_a_visitor_gets_their_browser_language(client):
    response = client.get(reverse("login"), headers={"accept-language": "es-ES,es;q=0.9"})
    assert response["Content-Language"] == "es"
    assert "Accept-Language" in response["Vary"]


def test_an_unoffered_browser_language_falls_back_to_english(client):
    response = client.get(reverse("login"), headers={"accept-language": "de-DE"})
    assert response["Content-Language"] == "en"


def test_a_saved_language_wins_over_the_browser(login, student):
    user_language_set(user=student, language="es")
    client = login(student)
    response = client.get(reverse("accounts:profile"), headers={"accept-language": "en"})
    assert response["Content-Language"] == "es"


def test_a_blank_language_follows_the_browser(login, student):
    client = login(student)
    response = client.get(reverse("accounts:profile"), headers={"accept-language": "es"})
    assert response["Content-Language"] == "es"


def test_the_switcher_sets_the_cookie_for_a_visitor(client):
    response = client.post(reverse(SWITCH), {"language": "es", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies["django_language"].value == "es"
    assert client.get(reverse("login"))["Content-Language"] == "es"


def test_the_switcher_saves_a_signed_in_users_choice(login, teacher):
    client = login(teacher)
    response = client.post(reverse(SWITCH), {"language": "es", "next": "/"})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.language == "es"
    # A fresh browser (no cookie) still gets the saved language.
    client.cookies.clear()
    client.force_login(teacher)
    assert client.get("/", headers={"accept-language": "en"})["Content-Language"] == "es"


def test_the_switcher_ignores_an_unknown_language(login, student):
    client = login(student)
    response = client.post(reverse(SWITCH), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.language == ""


def test_the_switcher_refuses_get_and_needs_csrf(client, student):
    assert client.get(reverse(SWITCH)).status_code == 405
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse(SWITCH), {"language": "es"}).status_code == 403


def test_the_switcher_is_in_every_pages_footer(client):
    body = client.get(reverse("login")).content.decode()
    assert f'action="{reverse(SWITCH)}"' in body
    assert '<option value="es" lang="es">Español</option>' in body


def test_the_profile_form_saves_the_language(login, student):
    client = login(student)
    response = client.post(
        reverse("accounts:profile"),
        {"minutes_per_day": 30, "timezone": "Europe/Madrid", "language": "es"},
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.language == "es"
    page = client.get(reverse("accounts:profile"))
    assert page["Content-Language"] == "es"
    assert '<option value="es" selected>' in page.content.decode()


def test_the_profile_form_refuses_an_unknown_language(login, student):
    client = login(student)
    response = client.post(
        reverse("accounts:profile"),
        {"minutes_per_day": 30, "timezone": "Europe/Madrid", "language": "klingon"},
    )
    assert response.status_code == 200
    assert User.objects.get(pk=student.pk).language == ""


def test_the_service_validates(student):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        user_language_set(user=student, language="fr")
    assert user_language_set(user=student, language="").language == ""


def test_a_date_field_keeps_the_iso_value_a_date_input_needs_in_spanish(login, student):
    """<input type="date"> only takes 2027-06-01; Spanish formats would write 01/06/2027."""
    import datetime

    user_language_set(user=student, language="es")
    profile = student.profile
    profile.exam_date = datetime.date.today() + datetime.timedelta(days=30)
    profile.save()
    page = login(student).get(reverse("accounts:profile")).content.decode()
    assert f'value="{profile.exam_date.isoformat()}"' in page
