"""Badge glyphs instead of emoji, and the admin's rule help described once, in one notation."""

import importlib
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from achievements import glyphs, rules
from achievements.models import Badge
from tests.achievements.factories import BadgeFactory, LearnerBadgeFactory

pytestmark = pytest.mark.django_db

# Pictographs, dingbats and the star: what renders as an empty box without an emoji font.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff]")


def test_badge_pages_draw_glyphs_and_no_emoji(login, student):
    old = BadgeFactory(name="Old emoji", icon="🔥", glyph="")  # made before glyphs
    chosen = BadgeFactory(name="Chosen", icon="", glyph="trophy", colour="#2E7D32")
    for badge in (old, chosen):
        LearnerBadgeFactory(learner=student, badge=badge, seen_at=None)

    client = login(student)
    dashboard = client.get(reverse("progress:dashboard")).content.decode()  # the announcement
    page = client.get(reverse("achievements:badge_list")).content.decode()

    for html in (page, dashboard):
        assert not EMOJI.findall(html), EMOJI.findall(html)
        assert glyphs.GLYPHS["flame"].markup in html  # the old emoji's glyph
        assert glyphs.GLYPHS["trophy"].markup in html
    assert 'color="#2E7D32"' in page


def test_every_glyph_is_plain_svg_without_text():
    for glyph in glyphs.GLYPHS.values():
        svg = glyphs.svg(glyph.name, colour="#123456", standalone=True)
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        assert "<text" not in svg and not EMOJI.search(svg)
    assert 'fill="#1F5FBF"' in glyphs.svg("star", colour='"><script>')  # never injected


@pytest.mark.parametrize(
    ("icon", "glyph"),
    [
        ("🔥", "flame"),
        ("❤", "heart"),
        ("❤️", "heart"),
        ("🏆", "trophy"),
        ("🦄", "star"),
        ("", "star"),
    ],
)
def test_old_emoji_map_to_glyphs(icon, glyph):
    assert glyphs.glyph_for_emoji(icon) == glyph


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_gives_old_badges_their_glyph_and_a_public_id():
    before = [("achievements", "0002_badge_glyphs_and_credentials")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("achievements", "Badge")
        common = {"rule_kind": "first_attempt", "category": "practice"}
        old.objects.create(name="Hot", slug="hot", icon="🔥", glyph="", **common)
        old.objects.create(name="Love", slug="love", icon="❤", glyph="", **common)
        old.objects.create(name="Picked", slug="picked", icon="🔥", glyph="book", **common)
        old.objects.create(name="Odd", slug="odd", icon="🦄", glyph="", **common)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert dict(Badge.objects.values_list("slug", "glyph")) == {
        "hot": "flame",
        "love": "heart",
        "picked": "book",
        "odd": "star",
    }
    assert Badge.objects.values("public_id").distinct().count() == 4
    assert set(Badge.objects.values_list("icon", flat=True)) == {"🔥", "❤", "🦄"}  # kept
    migration = importlib.import_module(
        "achievements.migrations.0003_badge_public_ids_and_glyphs_from_emoji"
    )
    assert migration.EMOJI_GLYPHS == glyphs.EMOJI_GLYPHS  # the frozen copy is the same table


def test_the_admin_picks_a_glyph_from_drawings(login, admin_user):
    from tests.achievements.test_admin import form_data

    client = login(admin_user)
    page = client.get(reverse("admin:achievements_badge_add")).content.decode()
    for glyph in glyphs.GLYPHS.values():
        assert glyph.markup in page and glyph.label in page
    response = client.post(reverse("admin:achievements_badge_add"), form_data(glyph="calendar"))
    assert response.status_code == 302
    assert Badge.objects.get().glyph_name == "calendar"


def test_the_rules_reference_describes_each_rule_once_in_one_notation(login, admin_user):
    badge = BadgeFactory()
    html = login(admin_user).get(reverse("admin:achievements_badge_change", args=[badge.pk]))
    html = html.content.decode()
    reference = html[html.index("N is the threshold") :]
    reference = reference[: reference.index("</ul>")]
    for rule in rules.RULES.values():
        assert reference.count(f"<strong>{rule.label}</strong>") == 1
        assert f"{rule.label}: {rule.label}" not in reference
    for rule in rules.RULES.values():
        text = rule.parameter_help()
        assert ".." not in text and "{" not in text
        assert not re.search(r"\b[KX]\b", text), text  # N and M only
        assert not text.startswith(str(rule.label))  # a lazy (translated) label
    assert (
        rules.RULES["accuracy"]
        .parameter_help()
        .startswith(
            "Get at least N% of your last M answers right. N: the accuracy to reach, in percent. "
            "M: how many latest answers count (at most 50)."
        )
    )
    assert rules.RULES["first_attempt"].parameter_help() == (
        "Answer your first question. No threshold (leave N at 1). No subject or topic. "
        "Earned once only (cannot be made repeatable)."
    )
