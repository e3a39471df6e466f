"""Sign-up email: optional, unique case-insensitively, verified by a link (finding 12)."""

import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts import services
from accounts.models import User
from accounts.verification import verification_token
from tests import factories

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "newbie",
    "first_name": "New",
    "last_name": "Bie",
    "password1": "a-Long-enough-passw0rd",
    "password2": "a-Long-enough-passw0rd",
}


def sign_up(client, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("accounts:signup"), SIGNUP | fields)


def link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/email/verify/\S+/", message.body).group(0)


def test_a_second_account_cannot_take_an_address_in_any_case(
    client, student, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, email=student.email.upper())
    assert response.status_code == 200
    assert "An account with this email address already exists." in response.text
    assert 'value="newbie"' in response.text  # what was typed is kept
    assert not User.objects.filter(username="newbie").exists()


def test_the_database_refuses_a_duplicate_address_too(student):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="sneaky", email=student.email.title())
    # Addresses stay optional: any number of accounts without one.
    User.objects.create(username="child1", email="")
    User.objects.create(username="child2", email="")


def test_email_is_optional_at_sign_up(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, email="")
    assert response.status_code == 302
    assert User.objects.get(username="newbie").email == ""
    assert mail.outbox == []


def test_sign_up_mails_a_link_that_verifies_the_address(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, email="New.Bie@Example.org")
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert not user.email_is_verified
    [message] = mail.outbox
    assert message.to == ["New.Bie@example.org"]
    link = link_in(message)
    client.logout()
    page = client.get(link)  # a link scanner's GET changes nothing
    assert page.status_code == 200 and "Confirm my address" in page.text
    user.refresh_from_db()
    assert not user.email_is_verified
    assert client.post(link).status_code == 302
    user.refresh_from_db()
    assert user.email_is_verified and user.verified_email == "New.Bie@example.org"


def test_a_link_verifies_only_the_address_it_was_sent_to(client, student):
    old = verification_token(user_id=student.pk, email="old@example.org")
    response = client.post(reverse("accounts:email_verify", args=[old]))
    assert response.status_code == 400
    assert "no longer on the account" in response.text
    forged = verification_token(user_id=student.pk, email=student.email)[:-3] + "abc"
    assert client.post(reverse("accounts:email_verify", args=[forged])).status_code == 400


def test_changing_the_address_unverifies_it_and_sends_a_new_link(
    login, student, django_capture_on_commit_callbacks
):
    assert student.email_is_verified
    client = login(student)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:email"), {"email": "sam@school.example"})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.email == "sam@school.example" and not student.email_is_verified
    [message] = mail.outbox
    assert message.to == ["sam@school.example"]
    assert client.post(link_in(message)).status_code == 302
    student.refresh_from_db()
    assert student.email_is_verified


def test_the_email_page_refuses_someone_elses_address(login, student, other_student):
    response = login(student).post(reverse("accounts:email"), {"email": other_student.email})
    assert response.status_code == 200
    assert "An account with this email address already exists." in response.text
    student.refresh_from_db()
    assert student.email == "student@example.org"


def test_the_link_can_be_sent_again_a_few_times(login, django_capture_on_commit_callbacks):
    user = factories.StudentFactory(username="unverified", verified_email="")
    client = login(user)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(reverse("accounts:email"), {"resend": "1"}).status_code == 302
    refused = client.post(reverse("accounts:email"), {"resend": "1"})
    assert refused.status_code == 429 and refused["Retry-After"]
    assert len(mail.outbox) == 3


def test_signing_up_twice_at_once_gives_the_form_message_not_a_500(student, monkeypatch):
    """The form's check passed for both; the constraint catches the second."""
    monkeypatch.setattr(User, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(services.ValidationError) as caught:
        services.student_register(username="racer", email=student.email, password="x-Long-pw-1")
    assert "already exists" in str(caught.value)


def test_email_page_query_budget(login, student, django_assert_num_queries):
    client = login(student)
    # 1 the session, 2 the user: the page shows what is already loaded.
    with django_assert_num_queries(2):
        response = client.get(reverse("accounts:email"))
    assert response.status_code == 200 and student.email in response.text


def test_verification_page_query_budget(client, student, django_assert_num_queries):
    token = verification_token(user_id=student.pk, email=student.email)
    # Reading the signed link needs no query; confirming it is a POST.
    with django_assert_num_queries(0):
        response = client.get(reverse("accounts:email_verify", args=[token]))
    assert response.status_code == 200
