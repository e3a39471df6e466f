"""Password guessing, reset flooding and join-code guessing are limited (accounts/throttling)."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

WRONG = {"password": "not-the-password"}


def login_post(client, username, password, address="10.0.0.1", url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_login_locks_an_account_after_repeated_failures_even_with_the_right_password(
    client, student, settings
):
    settings.PATHWISE_LOGIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(3):
        response = login_post(client, "student", "wrong")
        assert response.status_code == 200 and "Please enter a correct" in response.text
    response = login_post(client, "student", factories.PASSWORD)
    assert response.status_code == 429
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert "Too many attempts; try again in 15 minutes." in response.text
    assert "_auth_user_id" not in client.session


def test_a_stranger_cannot_lock_someone_out_from_elsewhere(client, student, settings):
    """Finding 5: the lock is on the account *from that address*, not on the account."""
    settings.PATHWISE_LOGIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(5):
        login_post(client, "student", "wrong", address="198.51.100.66")
    assert login_post(client, "student", factories.PASSWORD, address="10.9.9.9").status_code == 302


def test_a_classmate_guessing_from_the_school_address_does_not_lock_the_class(
    client, student, other_student, settings
):
    settings.PATHWISE_LOGIN_FAILURES_PER_ADDRESS = 4
    school = "192.0.2.10"
    assert login_post(client, "student", factories.PASSWORD, address=school).status_code == 302
    client.logout()
    for i in range(6):
        login_post(client, f"someone{i}", "wrong", address=school)
    # Known here (signed in from this address before): the address's limit does not apply.
    assert login_post(client, "student", factories.PASSWORD, address=school).status_code == 302
    client.logout()
    # An account never used from here is held back, like the guesser's next target.
    assert (
        login_post(client, "other_student", factories.PASSWORD, address=school).status_code == 429
    )


def test_other_accounts_are_not_locked_by_someone_elses_failures(
    client, student, other_student, settings
):
    settings.PATHWISE_LOGIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(3):
        login_post(client, "student", "wrong")
    response = login_post(client, "other_student", factories.PASSWORD, address="10.0.0.2")
    assert response.status_code == 302


def test_login_limits_one_address_guessing_across_many_accounts(client, student, settings):
    settings.PATHWISE_LOGIN_FAILURES_PER_ADDRESS = 4
    for i in range(4):
        login_post(client, f"someone{i}", "wrong")
    response = login_post(client, "student", factories.PASSWORD)
    assert response.status_code == 429 and "Too many attempts" in response.text
    # A different address is unaffected.
    assert login_post(client, "student", factories.PASSWORD, address="10.0.0.7").status_code == 302


def test_a_successful_login_clears_the_account_count_but_not_the_address(client, student, settings):
    settings.PATHWISE_LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.PATHWISE_LOGIN_FAILURES_PER_ADDRESS = 5
    login_post(client, "student", "wrong")
    login_post(client, "student", "wrong")
    assert login_post(client, "student", factories.PASSWORD).status_code == 302
    client.logout()
    login_post(client, "student", "wrong")
    login_post(client, "student", "wrong")
    assert login_post(client, "student", factories.PASSWORD).status_code == 302  # count restarted
    client.logout()
    login_post(client, "other_student", "wrong")  # the address's fifth failure
    # The address is full: accounts never signed in from it are refused...
    assert login_post(client, "nobody", factories.PASSWORD).status_code == 429
    # ...but not the one that signed in from it (a classmate cannot lock it out).
    assert login_post(client, "student", factories.PASSWORD).status_code == 302


def test_the_lock_ends_when_the_window_does(client, student, settings, monkeypatch):
    import time

    settings.PATHWISE_LOGIN_FAILURES_PER_ACCOUNT = 2
    for _ in range(2):
        login_post(client, "student", "wrong")
    assert login_post(client, "student", factories.PASSWORD).status_code == 429
    from datetime import timedelta

    from django.core.cache.backends import db as db_cache

    real, real_now = time.time, db_cache.tz_now
    # Sixteen minutes later, by the throttle's clock and the database cache's.
    monkeypatch.setattr(time, "time", lambda: real() + 16 * 60)
    monkeypatch.setattr(db_cache, "tz_now", lambda: real_now() + timedelta(minutes=16))
    assert login_post(client, "student", factories.PASSWORD).status_code == 302


def test_admin_login_is_throttled_too(client, admin_user, settings):
    settings.PATHWISE_LOGIN_FAILURES_PER_ACCOUNT = 2
    url = reverse("admin:login")
    for _ in range(2):
        login_post(client, "admin", "wrong", url=url)
    response = login_post(client, "admin", factories.PASSWORD, url=url)
    assert response.status_code == 429 and response["Retry-After"]
    assert "Too many attempts; try again in 15 minutes." in response.text
    assert "_auth_user_id" not in client.session


def test_password_reset_is_limited_per_email_and_looks_the_same_for_unknown_addresses(
    client, student, settings
):
    settings.PATHWISE_PASSWORD_RESETS_PER_EMAIL = 2
    url = reverse("password_reset")
    for email in (student.email, "nobody@example.org"):
        for _ in range(2):
            response = client.post(url, {"email": email}, REMOTE_ADDR="10.1.1.1")
            assert response.status_code == 302
            assert response["Location"] == reverse("password_reset_done")
        response = client.post(url, {"email": email.upper()}, REMOTE_ADDR="10.1.1.2")
        assert response.status_code == 429 and int(response["Retry-After"]) > 3500
        assert "Too many attempts; try again in 60 minutes." in response.text
    assert len(mail.outbox) == 2  # only the two for the real account were sent


def test_password_reset_is_limited_per_address(client, settings):
    settings.PATHWISE_PASSWORD_RESETS_PER_ADDRESS = 3
    url = reverse("password_reset")
    for i in range(3):
        assert client.post(url, {"email": f"a{i}@example.org"}).status_code == 302
    assert client.post(url, {"email": "z@example.org"}).status_code == 429


def test_join_codes_cannot_be_guessed(login, student, teacher, settings):
    settings.PATHWISE_JOIN_CODE_FAILURES_PER_USER = 3
    classroom = factories.ClassroomFactory(teachers=[teacher])
    client = login(student)
    url = reverse("accounts:classroom_join")
    for guess in ("AAAA2222", "AAAA2223", "AAAA2224"):
        response = client.post(url, {"code": guess})
        assert response.status_code == 200 and "No class has that join code" in response.text
    response = client.post(url, {"code": classroom.join_code})  # right, but too late
    assert response.status_code == 429
    assert "Too many attempts; try again in 60 minutes." in response.text
    assert not classroom.students.filter(pk=student.pk).exists()


def test_signup_join_codes_are_limited_per_address_and_say_nothing_when_locked(
    client, teacher, settings
):
    settings.PATHWISE_JOIN_CODE_FAILURES_PER_ADDRESS = 2
    classroom = factories.ClassroomFactory(teachers=[teacher])
    url = reverse("accounts:signup")
    for guess in ("BBBB3333", "BBBB3334"):
        response = client.post(url, {"username": "x", "join_code": guess})
        assert "No class has that join code" in response.text
    data = {
        "username": "newbie",
        "first_name": "New",
        "last_name": "Bie",
        "email": "newbie@example.org",
        "password1": "a-Long-enough-passw0rd",
        "password2": "a-Long-enough-passw0rd",
        "join_code": "CCCC4444",  # unknown
    }
    response = client.post(url, data)
    assert response.status_code == 429 and "Too many attempts" in response.text
    assert "No class has that join code" not in response.text
    response = client.post(url, data | {"join_code": classroom.join_code})  # valid: same answer
    assert response.status_code == 429 and "Too many attempts" in response.text
    assert not User.objects.filter(username="newbie").exists()
    # Signing up without a code is not affected.
    assert client.post(url, data | {"join_code": ""}).status_code == 302


def test_throttle_settings_refuse_nonsense():
    from tests.test_settings import PRODUCTION_ENV, run_manage

    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_LOGIN_FAILURES_PER_ACCOUNT": "0"})
    assert result.returncode != 0
    assert "DJANGO_LOGIN_FAILURES_PER_ACCOUNT must be at least 1" in result.stderr
