"""Badge authoring in the admin: create/edit with validation, dry run, backfill, uploads."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from achievements.images import validate_badge_image
from achievements.models import Badge, LearnerBadge
from progress.models import LearnerStats
from tests.achievements.factories import BadgeFactory
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SAFE_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<defs><circle id="c" r="4"/></defs><use href="#c"/></svg>'
)


def form_data(**overrides) -> dict:
    data = {
        "name": "Ten answers",
        "slug": "ten-answers",
        "category": "practice",
        "description": "",
        "rule_kind": "questions_answered",
        "threshold": "10",
        "second_parameter": "",
        "subject": "",
        "topic": "",
        "points": "10",
        "glyph": "flame",
        "colour": "#1F5FBF",
        "active": "on",
        "display_order": "0",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_create_a_badge(login, admin_user):
    client = login(admin_user)
    response = client.post(reverse("admin:achievements_badge_add"), form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    badge = Badge.objects.get(slug="ten-answers")
    assert badge.criteria == "Answer 10 questions."


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rule_kind": "accuracy", "threshold": "80"}, "needs how many latest answers count"),
        ({"rule_kind": "streak_days", "repeatable": "on"}, "can only be earned once"),
        ({"colour": "blue"}, "six hex digits"),
        ({"glyph": "unicorn"}, "Select a valid choice. unicorn is not one of the available"),
        ({"rule_kind": "topic_mastered", "threshold": "1"}, "needs a topic"),
    ],
)
def test_invalid_badges_are_refused_with_a_reason(login, admin_user, overrides, message):
    response = login(admin_user).post(
        reverse("admin:achievements_badge_add"), form_data(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Badge.objects.exists()


def test_change_page_explains_the_rule_and_runs_a_dry_run(login, admin_user):
    badge = BadgeFactory(rule_kind="questions_answered", threshold=5)
    for total in (5, 9, 2):
        LearnerStats.objects.create(learner=StudentFactory(), total_attempts=total)
    page = login(admin_user).get(reverse("admin:achievements_badge_change", args=[badge.pk]))
    html = page.content.decode()
    assert "Answer 5 questions." in html  # what students read
    assert "how many latest answers count" in html  # the rules reference
    assert "2 learners would earn this now." in html


def test_edit_a_badge(login, admin_user):
    badge = BadgeFactory(
        slug="ten-answers", name="Ten answers", rule_kind="questions_answered", threshold=10
    )
    response = login(admin_user).post(
        reverse("admin:achievements_badge_change", args=[badge.pk]), form_data(threshold="20")
    )
    assert response.status_code == 302
    badge.refresh_from_db()
    assert badge.threshold == 20


def test_actions_dry_run_and_award_now(login, admin_user):
    badge = BadgeFactory(rule_kind="first_attempt", points=3)
    learners = [StudentFactory(), StudentFactory()]
    for learner in learners:
        LearnerStats.objects.create(learner=learner, total_attempts=1)
    client = login(admin_user)
    url = reverse("admin:achievements_badge_changelist")

    response = client.post(url, {"action": "dry_run", "_selected_action": [badge.pk]}, follow=True)
    assert "2 learners would earn this now." in response.content.decode()
    assert not LearnerBadge.objects.exists()

    response = client.post(
        url, {"action": "award_now", "_selected_action": [badge.pk]}, follow=True
    )
    assert "awarded to 2 learners" in response.content.decode()
    assert LearnerBadge.objects.count() == 2
    assert set(LearnerStats.objects.values_list("total_points", flat=True)) == {3}

    client.post(url, {"action": "award_now", "_selected_action": [badge.pk]})
    assert LearnerBadge.objects.count() == 2


def test_upload_a_png_icon(login, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = form_data()
    data["image"] = SimpleUploadedFile("icon.png", PNG, content_type="image/png")
    response = login(admin_user).post(reverse("admin:achievements_badge_add"), data)
    assert response.status_code == 302
    assert Badge.objects.get().image.name.startswith("badges/icon")


def test_an_svg_with_a_script_is_refused_in_the_admin(login, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = form_data()
    data["image"] = SimpleUploadedFile(
        "icon.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/svg+xml",
    )
    response = login(admin_user).post(reverse("admin:achievements_badge_add"), data)
    assert response.status_code == 200
    assert "may not contain &lt;script&gt; elements" in response.content.decode()
    assert not Badge.objects.exists()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>', "script"),
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', "event handlers"),
        (
            "a.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
            "foreignobject",
        ),
        (
            "a.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            b'<a x:href="https://evil.example/"><circle r="3"/></a></svg>',
            "only link inside",
        ),
        (
            "a.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:x()"/></svg>',
            "script link",
        ),
        ("a.svg", b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "DOCTYPE"),
        ("a.svg", b"<html><body/></html>", "not an SVG"),
        ("a.svg", b"not xml at all", "not a valid SVG"),
        ("a.png", b"GIF89a....", "not a PNG"),
        ("a.gif", b"GIF89a....", "PNG or SVG"),
        ("big.png", PNG + b"\x00" * (200 * 1024), "at most 200 KB"),
    ],
)
def test_unsafe_or_wrong_uploads_are_refused(name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_badge_image(upload(name, content))
    assert message in " ".join(error.value.messages)


@pytest.mark.parametrize(("name", "content"), [("a.png", PNG), ("a.svg", SAFE_SVG)])
def test_safe_uploads_pass(name, content):
    validate_badge_image(upload(name, content))
