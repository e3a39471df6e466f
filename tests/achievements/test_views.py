"""The badges page, announcements, credentials and images: access and query budgets."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from achievements.models import LearnerBadge
from progress.models import LearnerStats
from tests.achievements.factories import BadgeFactory, LearnerBadgeFactory, answer
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_badges_page_shows_earned_progress_and_mysteries(login, student):
    first = BadgeFactory(name="First steps", rule_kind="first_attempt", points=5)
    BadgeFactory(name="Three in a row", rule_kind="streak_days", threshold=5)
    BadgeFactory(name="Secret", rule_kind="questions_answered", threshold=500, hidden=True)
    answer(student, QuestionFactory())
    LearnerStats.objects.filter(learner=student).update(current_streak=3, longest_streak=3)

    page = login(student).get(reverse("achievements:badge_list")).content.decode()

    assert "First steps" in page and "Earned" in page
    assert reverse("achievements:credential", args=[first.slug]) in page
    assert "3 of 5 days" in page
    assert "Mystery badge" in page and "Secret" not in page
    assert "Points: <strong>5</strong>" in page
    # seeing them here counts as being told
    assert LearnerBadge.objects.get(learner=student).seen_at is not None


def test_hidden_badges_are_revealed_once_earned(login, student):
    BadgeFactory(name="Secret", rule_kind="first_attempt", hidden=True)
    answer(student, QuestionFactory())
    page = login(student).get(reverse("achievements:badge_list")).content.decode()
    assert "Secret" in page and "Mystery badge" not in page


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("achievements:badge_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_teacher_gets_not_found(login, teacher):
    # The wrong role gets a 404 on every page (accounts.access), never a redirect.
    assert login(teacher).get(reverse("achievements:badge_list")).status_code == 404


# 1 django_session  2 user  3 active badges LEFT JOIN this learner's awards (+subject, topic)
# 4 published concepts (scoped rules)  5 mastered concepts  6 LearnerStats
# 7 SAVEPOINT  8 UPDATE LearnerBadge seen_at  9 RELEASE SAVEPOINT
BADGES_GET = 9


@pytest.mark.parametrize("size", [3, 60])
def test_badges_page_query_budget(login, student, django_assert_num_queries, size):
    for n in range(size):
        badge = BadgeFactory(rule_kind="questions_answered", threshold=n + 1)
        if n % 2:
            LearnerBadgeFactory(learner=student, badge=badge)
    LearnerStats.objects.create(learner=student, total_attempts=2)
    client = login(student)
    with django_assert_num_queries(BADGES_GET):
        assert client.get(reverse("achievements:badge_list")).status_code == 200


def test_feedback_tells_of_a_new_badge_once_and_the_dashboard_until_dismissed(login, student):
    """Issue 15: the badge is news on the feedback of the answer that earned it, in one
    line; the next answer's feedback does not repeat it (it came back ten times); the
    dashboard keeps the "New badge!" card until "Got it"."""
    from tests.factories import PracticeSessionFactory

    BadgeFactory(name="First steps", rule_kind="first_attempt", points=5)
    question = QuestionFactory()
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    result = answer(student, question, session=session)
    client = login(student)
    url = reverse("progress:attempt_feedback", args=[session.pk, result.attempt.pk])

    page = client.get(url).content.decode()
    assert "New badge: <strong>First steps</strong>" in page
    later = answer(student, question, session=session, now=timezone.now() + timedelta(minutes=1))
    later_url = reverse("progress:attempt_feedback", args=[session.pk, later.attempt.pk])
    assert "First steps" not in client.get(later_url).content.decode()

    dashboard = client.get(reverse("progress:dashboard")).content.decode()
    assert "New badge!" in dashboard
    home = reverse("progress:dashboard")
    response = client.post(reverse("achievements:badges_seen"), {"next": home})
    assert response.status_code == 302 and response["Location"] == home
    assert "New badge!" not in client.get(home).content.decode()


def test_dismiss_never_redirects_off_site(login, student):
    response = login(student).post(
        reverse("achievements:badges_seen"), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("achievements:badge_list")


def test_credential_is_an_open_badges_3_document(login, student):
    badge = BadgeFactory(name="Century", rule_kind="questions_answered", threshold=100)
    LearnerBadgeFactory(learner=student, badge=badge, earned_at=timezone.now())
    response = login(student).get(reverse("achievements:credential", args=[badge.slug]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = json.loads(response.content)
    assert body["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert body["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert body["issuer"]["type"] == ["Profile"] and body["issuer"]["id"].startswith("did:web:")
    assert body["validFrom"].endswith("Z")
    subject = body["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    identity = subject["identifier"][0]
    assert identity["hashed"] is True and identity["identityHash"].startswith("sha256$")
    assert student.email not in response.content.decode()
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Century"
    assert achievement["criteria"]["narrative"] == "Answer 100 questions."
    assert achievement["id"].startswith("http")
    assert body["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"  # signed (test_credentials*)


def test_credentials_are_the_owners_only(login, student, other_student):
    badge = BadgeFactory()
    LearnerBadgeFactory(learner=student, badge=badge)
    url = reverse("achievements:credential", args=[badge.slug])
    assert login(other_student).get(url).status_code == 404


def test_badge_image_is_served_sandboxed_and_hidden_ones_only_once_earned(
    login, student, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    shown = BadgeFactory(icon="", image=SimpleUploadedFile("shown.png", PNG))
    secret = BadgeFactory(icon="", hidden=True, image=SimpleUploadedFile("secret.png", PNG))
    client = login(student)

    response = client.get(reverse("achievements:badge_image", args=[shown.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]
    assert client.get(reverse("achievements:badge_image", args=[secret.slug])).status_code == 404
    LearnerBadgeFactory(learner=student, badge=secret)
    assert client.get(reverse("achievements:badge_image", args=[secret.slug])).status_code == 200


def test_teacher_partial_renders_a_students_badges(student):
    from django.template.loader import render_to_string

    from achievements.selectors import badges_for_learner

    badge = BadgeFactory(name="Century", rule_kind="questions_answered", threshold=100)
    LearnerBadgeFactory(learner=student, badge=badge)
    html = render_to_string(
        "achievements/_badge_list.html", {"board": badges_for_learner(learner=student)}
    )
    assert "Century" in html
    assert "credential.json" not in html  # downloads are the learner's own
