"""The shared form rendering (templates/form_fields.html): help and errors are linked to
their input, and a help text that is a list (the password rules) is not lost in an empty
element (issue 15: sign-up's aria-describedby pointed at an empty span)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _described(html: str, field: str) -> str:
    box = re.search(rf'<input[^>]*id="id_{field}"[^>]*>', html)[0]
    ids = re.search(r'aria-describedby="([^"]+)"', box)[1].split()
    texts = []
    for i in ids:
        found = re.search(rf'<(div|ul)[^>]*id="{i}"[^>]*>(.*?)</\1>', html, re.S)
        assert found, f"{field}: aria-describedby names {i}, which is not on the page"
        texts.append(re.sub(r"<[^>]+>", " ", found[2]))
    return " ".join(" ".join(texts).split())


def test_signup_announces_the_password_rules(client):
    html = client.get(reverse("accounts:signup")).content.decode()
    rules = _described(html, "password1")
    assert "at least 8 characters" in rules and "entirely numeric" in rules


def test_an_error_is_next_to_its_field_and_linked_to_it_with_the_input_kept(client):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "newbie", "password1": "123", "password2": "123", "join_code": ""},
    )
    html = response.content.decode()
    assert 'value="newbie"' in html  # what was typed stays
    described = _described(html, "password2")
    assert "too short" in described or "too common" in described or "numeric" in described
