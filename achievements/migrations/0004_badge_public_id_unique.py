import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("achievements", "0003_badge_public_ids_and_glyphs_from_emoji")]

    operations = [
        migrations.AlterField(
            model_name="badge",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
