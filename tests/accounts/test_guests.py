"""Guest learners: creation, the cookie, returning guests, claiming on signup/login, the
purge, the rate limit, and guests kept out of classes and out of each other's data."""

import io
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import guests, selectors, services
from accounts.access import learners_visible_to
from accounts.models import StudentProfile, User
from accounts.tasks import guests_purge_task
from progress.models import Attempt, ConceptMastery, LearnerStats, PracticeSession
from progress.practice.answers import attempt_record
from progress.practice.sessions import session_start
from tests import factories

pytestmark = pytest.mark.django_db

COOKIE = "pathwise_guest"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def question(db):
    return factories.QuestionFactory()


def start_as_guest(client: Client, next_url: str = "/learn/", **extra) -> User:
    response = client.post(reverse("accounts:guest_start"), {"next": next_url}, **extra)
    assert response.status_code == 302, response.content
    return User.objects.filter(is_guest=True).latest("pk")


def answer(learner, question, *, correct=True, now=None):
    return attempt_record(
        learner=learner,
        question=question,
        response=factories.answer_for(question, correct=correct),
        client_token=uuid.uuid4(),
        now=now or timezone.now(),
    )


# Creation --------------------------------------------------------------------------------


def test_practise_as_guest_creates_a_logged_in_guest_learner(client, question):
    concept_url = question.concept.get_absolute_url()
    response = client.post(reverse("accounts:guest_start"), {"next": concept_url})

    assert response.status_code == 302
    assert response["Location"] == concept_url
    guest = User.objects.get(is_guest=True)
    assert guest.role == User.Role.STUDENT
    assert not guest.has_usable_password()
    assert guest.username.startswith("guest-") and len(guest.username) >= 30
    assert guest.display_name == "Guest"
    assert StudentProfile.objects.filter(user=guest).exists()
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 30 * 24 * 3600
    assert guest.username not in cookie.value.split(":")[-1]  # signed, not the bare name
    # Logged in through the session: the concept page now offers practice, and starts it.
    page = client.get(concept_url)
    assert b"Start practice" in page.content
    assert b"You are practising as a guest" in page.content
    start = client.post(
        reverse("progress:practice_start"),
        {"scope": "concept", "slug": question.concept.slug, "back": concept_url},
    )
    session = PracticeSession.objects.get(learner=guest)
    assert start["Location"] == session.get_absolute_url()


def test_guest_usernames_are_random(client, db):
    first = start_as_guest(client)
    client.logout()
    client.cookies.clear()
    second = start_as_guest(client)
    assert first.username != second.username


def test_guest_start_rejects_an_offsite_next(client, db):
    response = client.post(reverse("accounts:guest_start"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("progress:dashboard")


def test_guest_start_is_post_only(client, db):
    assert client.get(reverse("accounts:guest_start")).status_code == 405
    assert not User.objects.filter(is_guest=True).exists()


def test_an_existing_guest_or_student_gets_no_second_guest(client, student, login):
    start_as_guest(client)
    client.post(reverse("accounts:guest_start"), {"next": "/learn/"})
    assert User.objects.filter(is_guest=True).count() == 1
    login(student)
    client.post(reverse("accounts:guest_start"), {"next": "/learn/"})
    assert User.objects.filter(is_guest=True).count() == 1


def test_cookie_is_secure_in_production(client, db, settings):
    settings.PATHWISE_GUEST_COOKIE_SECURE = True
    response = client.post(reverse("accounts:guest_start"), {"next": "/learn/"})
    assert response.cookies[COOKIE]["secure"]


def test_guest_creation_is_rate_limited_per_address(db, settings):
    settings.PATHWISE_GUEST_CREATE_LIMIT = 2
    for _ in range(2):
        Client(REMOTE_ADDR="203.0.113.7").post(reverse("accounts:guest_start"), {"next": "/"})
    refused = Client(REMOTE_ADDR="203.0.113.7").post(reverse("accounts:guest_start"))
    assert refused.status_code == 429
    assert b"Too many guests" in refused.content
    assert User.objects.filter(is_guest=True).count() == 2
    # Another address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.1").post(reverse("accounts:guest_start"))
    assert other.status_code == 302
    assert User.objects.filter(is_guest=True).count() == 3


def test_rate_limit_uses_the_address_the_tls_proxy_appended(rf, settings):
    settings.PATHWISE_TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert guests.client_address(request) == "203.0.113.9"


# Returning guests --------------------------------------------------------------------------


def test_returning_guest_is_recognised_by_the_cookie_after_the_session_ends(client, question):
    guest = start_as_guest(client)
    cookie = client.cookies[COOKIE].value
    browser = Client()  # a new browser session: only the long-lived cookie survives
    browser.cookies[COOKIE] = cookie
    response = browser.get(reverse("progress:dashboard"))
    assert response.status_code == 200
    assert response.wsgi_request.user == guest


def test_forged_or_unsigned_cookie_is_ignored_and_cleared(client, guest):
    browser = Client()
    browser.cookies[COOKIE] = guest.username  # the name without a valid signature
    response = browser.get(reverse("progress:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert response.cookies[COOKIE].value == ""


def test_cookie_of_a_purged_guest_logs_nobody_in(client, db):
    guest = start_as_guest(client)
    cookie = client.cookies[COOKIE].value
    guest.delete()
    browser = Client()
    browser.cookies[COOKIE] = cookie
    assert browser.get(reverse("progress:dashboard")).status_code == 302


def test_guest_logging_out_is_forgotten_on_this_device(client, db):
    start_as_guest(client)
    response = client.post(reverse("logout"))
    assert response.cookies[COOKIE].value == ""
    assert client.get(reverse("progress:dashboard")).status_code == 302


def test_middleware_refreshes_last_seen_at_most_daily(client, db):
    guest = start_as_guest(client)
    old = timezone.now() - timedelta(days=3)
    User.objects.filter(pk=guest.pk).update(last_login=old)
    client.get(reverse("progress:dashboard"))
    guest.refresh_from_db()
    assert guest.last_login > old + timedelta(days=2)


def test_ordinary_users_pay_no_query_for_guests(client, student, login, django_assert_num_queries):
    login(student)
    # Without the guest cookie the middleware reads nothing: the page costs what it did.
    with django_assert_num_queries(2):  # session, user
        client.get(reverse("accounts:classroom_join"))


# Claiming ---------------------------------------------------------------------------------


def test_signing_up_from_a_guest_session_keeps_the_progress(client, question):
    guest = start_as_guest(client)
    answer(guest, question)
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "keeper",
            "email": "keeper@example.org",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="keeper")
    assert not user.is_guest
    assert not User.objects.filter(pk=guest.pk).exists()
    assert Attempt.objects.filter(learner=user).count() == 1
    assert ConceptMastery.objects.get(learner=user, concept=question.concept).attempts == 1
    assert LearnerStats.objects.get(learner=user).total_attempts == 1
    assert response.cookies[COOKIE].value == ""
    page = client.get(reverse("progress:dashboard"))
    assert page.wsgi_request.user == user
    assert b"guest-banner" not in page.content


def test_failed_signup_leaves_the_guest_untouched(client, student, question):
    guest = start_as_guest(client)
    answer(guest, question)
    response = client.post(
        reverse("accounts:signup"),
        {"username": "student", "email": "x@example.org", "password1": "a", "password2": "b"},
    )
    assert response.status_code == 200
    assert Attempt.objects.filter(learner=guest).count() == 1
    assert client.get(reverse("progress:dashboard")).wsgi_request.user == guest


def _log_in(client, username="student"):
    return client.post(reverse("login"), {"username": username, "password": factories.PASSWORD})


def test_logging_in_on_a_browser_with_guest_practice_asks_before_merging(client, student, question):
    """A shared school computer: student3 logs in where a guest practised. Nothing moves
    until they say the practice is theirs."""
    answer(student, question, now=timezone.now() - timedelta(days=1))
    guest = start_as_guest(client)
    for _ in range(5):
        answer(guest, question)
    response = _log_in(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:guest_claim"))
    assert response.cookies[COOKIE].value == ""
    assert Attempt.objects.filter(learner=guest).count() == 5  # not merged yet
    assert LearnerStats.objects.get(learner=student).total_attempts == 1
    page = client.get(response["Location"])
    assert "5 answers" in page.content.decode()

    kept = client.post(reverse("accounts:guest_claim"), {"choice": "keep"})
    assert kept.status_code == 302
    assert not User.objects.filter(pk=guest.pk).exists()
    stats = LearnerStats.objects.get(learner=student)
    assert stats.total_attempts == 6
    assert stats.current_streak == 2
    assert ConceptMastery.objects.get(learner=student).attempts == 6


def test_declining_discards_the_guest_practice_and_leaves_the_account_alone(
    client, student, question
):
    guest = start_as_guest(client)
    answer(guest, question)
    location = _log_in(client)["Location"]
    client.get(location)
    client.post(reverse("accounts:guest_claim"), {"choice": "discard"})
    assert not User.objects.filter(pk=guest.pk).exists()
    assert not Attempt.objects.exists()
    assert not LearnerStats.objects.filter(learner=student, total_attempts__gt=0).exists()


def test_a_guest_who_did_nothing_is_not_asked_about(client, student):
    guest = start_as_guest(client)
    response = _log_in(client)
    assert not response["Location"].startswith(reverse("accounts:guest_claim"))
    assert not User.objects.filter(pk=guest.pk).exists()


def test_only_the_student_who_logged_in_there_can_keep_that_guest(
    client, student, other_student, login, question
):
    guest = start_as_guest(client)
    answer(guest, question)
    _log_in(client)
    intruder = login(other_student)  # the test client, now someone else without the pending
    response = intruder.post(reverse("accounts:guest_claim"), {"choice": "keep"})
    assert response.status_code == 302
    assert Attempt.objects.filter(learner=guest).count() == 1


def test_logging_out_ends_the_guest_session_and_a_copied_cookie_no_longer_works(client, question):
    guest = start_as_guest(client)
    answer(guest, question)
    copied = client.cookies[COOKIE].value
    client.post(reverse("logout"))
    assert not User.objects.filter(pk=guest.pk).exists()
    browser = Client()
    browser.cookies[COOKIE] = copied
    response = browser.get(reverse("progress:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_teacher_logging_in_from_a_guest_session_claims_nothing(client, teacher, question):
    guest = start_as_guest(client)
    answer(guest, question)
    response = client.post(
        reverse("login"), {"username": "teacher", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert Attempt.objects.filter(learner=guest).count() == 1
    assert not Attempt.objects.filter(learner=teacher).exists()
    assert response.cookies[COOKIE].value == ""


def test_guest_claim_is_idempotent_and_refuses_non_students(guest, student, teacher):
    with pytest.raises(ValidationError):
        services.guest_claim(guest=guest, user=teacher)
    other_guest = services.guest_create()
    with pytest.raises(ValidationError):
        services.guest_claim(guest=guest, user=other_guest)
    assert services.guest_claim(guest=guest, user=student) is True
    assert services.guest_claim(guest=guest, user=student) is False


# Classes and privacy --------------------------------------------------------------------


def test_guest_cannot_join_a_class(client, classroom):
    guest = start_as_guest(client)
    with pytest.raises(ValidationError, match="Sign up"):
        services.classroom_join(student=guest, code=classroom.join_code)
    response = client.post(reverse("accounts:classroom_join"), {"code": classroom.join_code})
    assert response.status_code == 200
    assert b"Sign up" in response.content
    assert not classroom.students.filter(pk=guest.pk).exists()
    assert b"Join a class" not in client.get(reverse("progress:dashboard")).content


def test_guests_never_appear_in_teacher_rosters(classroom, teacher, student, admin_user, guest):
    classroom.students.add(guest)  # even if an administrator put one there
    assert list(selectors.classroom_roster(classroom=classroom)) == [student]
    assert list(learners_visible_to(user=teacher)) == [student]
    assert guest not in learners_visible_to(user=admin_user)


def test_a_guest_cannot_see_another_guests_practice(client, question):
    first = start_as_guest(client)
    session = session_start(learner=first, now=timezone.now(), concept=question.concept)
    attempt = attempt_record(
        learner=first,
        question=question,
        response=factories.answer_for(question),
        client_token=uuid.uuid4(),
        now=timezone.now(),
        session=session,
    ).attempt
    intruder = Client()
    start_as_guest(intruder)
    urls = [
        reverse("progress:session_question", args=[session.pk]),
        reverse("progress:session_summary", args=[session.pk]),
        reverse("progress:attempt_feedback", args=[session.pk, attempt.pk]),
    ]
    for url in urls:
        assert intruder.get(url).status_code == 404, url
    assert intruder.post(reverse("progress:session_finish", args=[session.pk])).status_code == 404


# Pages ------------------------------------------------------------------------------------


def test_anonymous_visitors_are_offered_guest_practice(client, question):
    for url in (reverse("learning:subject_list"), question.concept.get_absolute_url()):
        content = client.get(url).content
        assert b"Practise as a guest" in content
        assert reverse("accounts:guest_start").encode() in content


def test_signed_in_students_are_not_offered_guest_practice(client, student, login, question):
    login(student)
    content = client.get(question.concept.get_absolute_url()).content
    assert b"Practise as a guest" not in content
    assert b"practising as a guest" not in content


# Purge ------------------------------------------------------------------------------------


def test_purge_removes_inactive_guests_with_their_data(question, student):
    now = timezone.now()
    stale = services.guest_create()
    answer(stale, question, now=now - timedelta(days=40))
    User.objects.filter(pk=stale.pk).update(last_login=now - timedelta(days=31))
    fresh = services.guest_create()
    answer(fresh, question)
    User.objects.filter(pk=student.pk).update(last_login=now - timedelta(days=400))

    dry = services.guests_purge(now=now, dry_run=True)
    assert dry.guests == 1 and User.objects.filter(pk=stale.pk).exists()

    result = services.guests_purge(now=now)
    assert result.guests == 1 and result.rows > 1
    assert not User.objects.filter(pk=stale.pk).exists()
    assert not Attempt.objects.filter(learner_id=stale.pk).exists()
    assert not LearnerStats.objects.filter(learner_id=stale.pk).exists()
    assert User.objects.filter(pk__in=[fresh.pk, student.pk]).count() == 2


def test_purge_guests_command_and_task(question):
    old = services.guest_create()
    User.objects.filter(pk=old.pk).update(last_login=timezone.now() - timedelta(days=10))
    out = io.StringIO()
    call_command("purge_guests", "--days", "7", "--dry-run", stdout=out)
    assert "Would delete 1 inactive guest" in out.getvalue()
    call_command("purge_guests", stdout=out)  # default 30 days: the guest stays
    assert User.objects.filter(pk=old.pk).exists()
    result = guests_purge_task.enqueue(days=7)
    assert result.return_value["guests"] == 1
    assert not User.objects.filter(pk=old.pk).exists()
