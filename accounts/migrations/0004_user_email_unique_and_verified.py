"""Email addresses: optional, unique (case-insensitively) when given, and verified.

Existing duplicates must not stop the migration. For every address held by more than one
account (compared case-insensitively), the oldest account (the lowest id) keeps it; on the
others the address is cleared, and each change is logged as a warning on the migrate
output ("accounts.0004: cleared duplicate email of user id=42, kept by id=7"), so an
administrator can contact those users and ask them for another address. No account is
deleted or disabled: they sign in with their username as before, and can add a new
address, which then needs verifying.

Every existing address starts unverified (``verified_email`` empty): nobody ever proved
they own it, and a password reset sent to an address the account holder does not own is
how accounts are taken over. Users verify from the "Email address" page (a link is sent
by the worker); an administrator may also copy the address into "verified email address"
in the admin for accounts whose address is known good.
"""

import logging

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models.functions import Lower

logger = logging.getLogger("pathwise.migrations")


def clear_duplicate_emails(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    db = schema_editor.connection.alias
    keeper: dict[str, int] = {}
    users = (
        User.objects.using(db)
        .exclude(email="")
        .annotate(folded=Lower("email"))
        .order_by("pk")
        .values_list("pk", "folded")
    )
    cleared = []
    for pk, folded in users.iterator():
        if folded in keeper:
            cleared.append(pk)
            logger.warning(
                "accounts.0004: cleared duplicate email of user id=%s, kept by id=%s",
                pk,
                keeper[folded],
            )
        else:
            keeper[folded] = pk
    if cleared:
        User.objects.using(db).filter(pk__in=cleared).update(email="")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_add_user_is_guest"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="verified_email",
            field=models.EmailField(
                blank=True,
                help_text="The address last proven by a verification link. The email address "
                "is verified (and may receive password resets) while the two are the same.",
                max_length=254,
                verbose_name="verified email address",
            ),
        ),
        migrations.RunPython(clear_duplicate_emails, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(("email", ""), _negated=True),
                name="accounts_user_email_unique_ci",
                violation_error_message="An account with this email address already exists.",
            ),
        ),
    ]
