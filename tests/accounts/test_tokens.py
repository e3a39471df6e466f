"""Personal API tokens: created once, stored hashed, revocable, owner only."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_token_is_shown_once_and_stored_only_as_a_hash(login, student):
    client = login(student)
    response = client.post(reverse("accounts:token_list"), {"name": "Tablet", "sync": "on"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=student)
    raw = response.context["created"].raw
    assert raw.startswith(token.prefix + "_") and len(raw) > 50
    assert raw in response.content.decode()
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    stored = " ".join(str(v) for v in ApiToken.objects.values_list().get())
    # The secret is everything after "<prefix>_" (it may itself contain "_": url-safe
    # base64), so split once at the known prefix, not at the last underscore.
    secret = raw.removeprefix(token.prefix + "_")
    assert len(secret) > 40
    assert raw not in stored and secret not in stored
    assert token.scopes == ["read", "sync"]
    # Shown once: the list page afterwards has the prefix, never the secret.
    again = client.get(reverse("accounts:token_list")).content.decode()
    assert token.prefix in again and raw not in again


def test_tokens_are_read_only_by_default(student):
    created = tokens.token_create(user=student, name="Reader", scopes=[], now=timezone.now())
    assert created.token.scopes == ["read"]
    assert created.token.has_scope("read") and not created.token.has_scope("sync")


@pytest.mark.parametrize(
    ("name", "scopes"), [("   ", []), ("ok", ["admin"]), ("ok", ["read", "write"])]
)
def test_bad_token_requests_write_nothing(student, name, scopes):
    with pytest.raises(tokens.ValidationError):
        tokens.token_create(user=student, name=name, scopes=scopes, now=timezone.now())
    assert ApiToken.objects.count() == 0


def test_token_form_rejects_blank_and_huge_names(login, student):
    client = login(student)
    assert client.post(reverse("accounts:token_list"), {"name": ""}).status_code == 200
    assert client.post(reverse("accounts:token_list"), {"name": "x" * 10_000}).status_code == 200
    assert ApiToken.objects.count() == 0


def test_active_token_limit(student):
    for i in range(tokens.MAX_ACTIVE_TOKENS):
        tokens.token_create(user=student, name=f"t{i}", scopes=[], now=timezone.now())
    with pytest.raises(tokens.ValidationError, match="Revoke one"):
        tokens.token_create(user=student, name="one more", scopes=[], now=timezone.now())


def test_revoke_is_owner_only_and_stops_the_token(login, student, other_student):
    created = tokens.token_create(user=student, name="Phone", scopes=[], now=timezone.now())
    url = reverse("accounts:token_revoke", args=[created.token.pk])
    assert login(other_student).post(url).status_code == 404
    assert tokens.token_authenticate(header=f"Bearer {created.raw}", now=timezone.now())
    client = login(student)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    created.token.refresh_from_db()
    assert created.token.revoked_at is not None
    assert tokens.token_authenticate(header=f"Bearer {created.raw}", now=timezone.now()) is None
    assert "Revoked" in client.get(reverse("accounts:token_list")).content.decode()


def test_token_pages_need_a_login(client):
    response = client.get(reverse("accounts:token_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_token_page_lists_only_own_tokens_within_a_query_budget(
    login, student, other_student, django_assert_max_num_queries
):
    tokens.token_create(user=other_student, name="Theirs", scopes=[], now=timezone.now())
    for i in range(3):
        tokens.token_create(user=student, name=f"Mine {i}", scopes=[], now=timezone.now())
    client = login(student)
    # Queries: session, user, the user's tokens.
    with django_assert_max_num_queries(3):
        page = client.get(reverse("accounts:token_list")).content.decode()
    assert page.count("Mine ") == 3 and "Theirs" not in page


@pytest.mark.parametrize(
    ("header", "parsed"),
    [
        ("Bearer pw_ab_cd", "pw_ab_cd"),
        ("bearer   pw_ab_cd  ", "pw_ab_cd"),
        ("Token pw_ab_cd", None),
        ("Bearer other", None),
        ("Bearer pw_" + "x" * 300, None),
        (None, None),
    ],
)
def test_parse_bearer(header, parsed):
    assert tokens.parse_bearer(header) == parsed


def test_last_used_is_recorded_at_most_once_a_minute(student, django_assert_num_queries):
    created = tokens.token_create(user=student, name="t", scopes=[], now=timezone.now())
    header = f"Bearer {created.raw}"
    now = timezone.now()
    with django_assert_num_queries(2):  # lookup + last_used_at
        tokens.token_authenticate(header=header, now=now)
    with django_assert_num_queries(1):  # lookup only
        tokens.token_authenticate(header=header, now=now + tokens.LAST_USED_RESOLUTION / 2)
