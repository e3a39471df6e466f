"""System checks: a production site must not issue credentials with a development setup.

A credential's ids and its issuer are built from ``DJANGO_SITE_URL`` and signed with the
configured key, and both are frozen into every credential issued: a wrong value is found
only when someone's badge fails to verify. So ``check --deploy`` fails without them, and
every check (``runserver``, ``migrate``) fails on a key that cannot be read.
"""

from django.conf import settings
from django.core.checks import Error, Warning, register

from achievements.credentials import keys, multibase


@register()
def signing_keys_readable(app_configs=None, **kwargs) -> list:
    errors = []
    if keys.signing_configured():
        try:
            keys.signing_key()
        except keys.SigningKeyError as error:
            errors.append(Error(str(error), id="achievements.E003"))
    try:
        keys.retired_keys()
    except multibase.MultibaseError as error:
        errors.append(
            Error(
                str(error),
                hint="List retired keys by their publicKeyMultibase (z6Mk...), comma separated.",
                id="achievements.E004",
            )
        )
    return errors


@register(deploy=True)
def open_badges_deploy(app_configs=None, **kwargs) -> list:
    issues = []
    if not settings.PATHWISE_SITE_URL_CONFIGURED:
        issues.append(
            Error(
                "DJANGO_SITE_URL is not set: Open Badges credentials would name "
                f"{settings.PATHWISE_SITE_URL} as their issuer and address.",
                hint="Set DJANGO_SITE_URL to the public address, e.g. https://pathwise.example.org",
                id="achievements.E001",
            )
        )
    elif not settings.PATHWISE_SITE_URL.startswith("https://"):
        issues.append(
            Warning(
                "DJANGO_SITE_URL is not https: verifiers resolve did:web over https only.",
                id="achievements.W001",
            )
        )
    if not keys.signing_configured():
        issues.append(
            Error(
                "No Open Badges signing key: badges cannot be downloaded as credentials.",
                hint="Generate one with `manage.py openbadges_key generate /etc/pathwise/"
                "ob-signing-key.pem` and set DJANGO_OB_SIGNING_KEY_FILE to it "
                "(docs/achievements.md, “Keys”).",
                id="achievements.E002",
            )
        )
    return issues
