"""Give every existing badge its own public id, and the glyph its old emoji maps to.

The emoji table is frozen here (a copy of achievements.glyphs.EMOJI_GLYPHS as of this
migration) so the migration means the same thing whatever the module becomes. The emoji
itself is kept in ``icon``; nothing is lost, and reversing only clears what this added.
"""

import uuid

from django.db import migrations

EMOJI_GLYPHS = {
    "⭐": "star", "🌟": "star", "🔥": "flame", "👣": "footprints", "🏃": "bolt", "⚡": "bolt",
    "💯": "check", "✅": "check", "✔️": "check", "🔁": "repeat", "🎯": "target", "📈": "chart",
    "✨": "sparkles", "📅": "calendar", "🗓️": "calendar", "🏅": "medal", "🥇": "medal",
    "🧠": "lightbulb", "💡": "lightbulb", "🎓": "cap", "🦉": "book", "📚": "book", "📖": "book",
    "🏁": "flag", "🚩": "flag", "🏆": "trophy", "❤️": "heart", "💖": "heart",
}


def _bare(icon):
    # Without variation selectors: "❤" and "❤️" are one emoji.
    return (icon or "").strip().replace("\ufe0f", "").replace("\ufe0e", "")


def forwards(apps, schema_editor):
    Badge = apps.get_model("achievements", "Badge")
    table = {_bare(emoji): glyph for emoji, glyph in EMOJI_GLYPHS.items()}
    for badge in Badge.objects.all().only("pk", "icon", "glyph", "public_id"):
        badge.public_id = badge.public_id or uuid.uuid4()
        if not badge.glyph:
            badge.glyph = table.get(_bare(badge.icon), "star")
        badge.save(update_fields=["public_id", "glyph"])


def backwards(apps, schema_editor):
    apps.get_model("achievements", "Badge").objects.update(glyph="", public_id=None)


class Migration(migrations.Migration):
    dependencies = [("achievements", "0002_badge_glyphs_and_credentials")]

    operations = [migrations.RunPython(forwards, backwards)]
