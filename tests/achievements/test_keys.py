"""The issuer's keys: published without login, rotated without breaking old credentials,
and configured loudly (bad keys and missing production keys are errors)."""

import io
import json

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.urls import reverse

from achievements.credentials import keys
from tests.achievements import outside_verifier
from tests.achievements.factories import BadgeFactory, LearnerBadgeFactory
from tests.test_settings import TEST_SIGNING_KEY

pytestmark = pytest.mark.django_db


def new_key_file(tmp_path, name: str):
    path = tmp_path / name
    out = io.StringIO()
    call_command("openbadges_key", "generate", str(path), stdout=out)
    assert "publicKeyMultibase: z6Mk" in out.getvalue()
    return path


def test_did_document_is_public_and_lists_the_signing_key(client):
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    doc = response.json()
    assert doc["id"] == keys.issuer_did() == "did:web:127.0.0.1%3A8000"
    [method] = doc["verificationMethod"]
    assert method["type"] == "Multikey" and method["publicKeyMultibase"].startswith("z6Mk")
    assert doc["assertionMethod"] == [method["id"]]
    assert "private" not in json.dumps(doc).lower()


def test_a_rotated_key_keeps_old_credentials_verifying(client, student, settings, tmp_path):
    old_file, new_file = new_key_file(tmp_path, "old.pem"), new_key_file(tmp_path, "new.pem")
    settings.PATHWISE_OB_SIGNING_KEY_FILE = str(old_file)
    first = BadgeFactory()
    LearnerBadgeFactory(learner=student, badge=first)
    client.force_login(student)
    old_credential = json.loads(
        client.get(reverse("achievements:credential", args=[first.slug])).content
    )
    old_public = keys.signing_key().public

    # Rotate: a new signing key; the old one retired but still published.
    settings.PATHWISE_OB_SIGNING_KEY_FILE = str(new_file)
    settings.PATHWISE_OB_RETIRED_KEYS = [old_public.multibase]
    second = BadgeFactory()
    LearnerBadgeFactory(learner=student, badge=second)
    new_credential = json.loads(
        client.get(reverse("achievements:credential", args=[second.slug])).content
    )
    methods = [m["id"] for m in client.get("/.well-known/did.json").json()["verificationMethod"]]

    assert (
        new_credential["proof"][0]["verificationMethod"]
        != (old_credential["proof"][0]["verificationMethod"])
    )
    assert methods == [
        new_credential["proof"][0]["verificationMethod"],
        old_credential["proof"][0]["verificationMethod"],
    ]
    for credential in (old_credential, new_credential):
        assert outside_verifier.verify(client, credential).verified
    # ... and forgetting to publish the retired key breaks the old ones (the control).
    settings.PATHWISE_OB_RETIRED_KEYS = []
    assert (
        client.post(
            reverse("achievements:verify_json"), old_credential, content_type="application/json"
        ).json()["verified"]
        is False
    )


def test_the_key_can_come_from_an_environment_variable(settings, tmp_path):
    path = new_key_file(tmp_path, "k.pem")
    settings.PATHWISE_OB_SIGNING_KEY = path.read_text()
    from_text = keys.signing_key().public
    settings.PATHWISE_OB_SIGNING_KEY, settings.PATHWISE_OB_SIGNING_KEY_FILE = "", str(path)
    assert keys.signing_key().public == from_text


def test_the_development_key_is_generated_once_out_of_git(settings, tmp_path):
    settings.PATHWISE_OB_DEV_KEY_FILE = tmp_path / "var" / "dev.pem"
    first = keys.signing_key().public
    assert (tmp_path / "var" / "dev.pem").stat().st_mode & 0o777 == 0o600
    keys._signing_key.cache_clear()
    assert keys.signing_key().public == first  # read back, not generated again


def test_generate_refuses_to_overwrite(tmp_path):
    path = new_key_file(tmp_path, "k.pem")
    before = path.read_bytes()
    with pytest.raises(Exception, match="never overwritten"):
        call_command("openbadges_key", "generate", str(path))
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("setting", "value", "check_id", "message"),
    [
        ("PATHWISE_OB_SIGNING_KEY", "not a key", "achievements.E003", "not an unencrypted PEM"),
        (
            "PATHWISE_OB_SIGNING_KEY_FILE",
            "/nonexistent/k.pem",
            "achievements.E003",
            "cannot be read",
        ),
        ("PATHWISE_OB_RETIRED_KEYS", ["z6MkNope"], "achievements.E004", "DJANGO_OB_RETIRED_KEYS"),
    ],
)
def test_unusable_keys_fail_the_system_checks(settings, setting, value, check_id, message):
    setattr(settings, setting, value)
    errors = [e for e in run_checks() if e.id == check_id]
    assert errors and message in errors[0].msg


def test_an_rsa_key_is_refused(settings):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    settings.PATHWISE_OB_SIGNING_KEY = pem.decode()
    with pytest.raises(keys.SigningKeyError, match="not an Ed25519 key"):
        keys.signing_key()


def test_deploy_checks_name_a_plain_http_site_and_a_missing_key(settings):
    settings.PATHWISE_SITE_URL_CONFIGURED = True
    settings.PATHWISE_SITE_URL = "http://pathwise.example.org"
    settings.PATHWISE_OB_DEV_KEY_FILE = None
    found = {e.id for e in run_checks(include_deployment_checks=True)}
    assert {"achievements.W001", "achievements.E002"} <= found
    settings.PATHWISE_SITE_URL = "https://pathwise.example.org"
    settings.PATHWISE_OB_SIGNING_KEY = TEST_SIGNING_KEY
    found = {e.id for e in run_checks(include_deployment_checks=True)}
    assert not {i for i in found if i.startswith("achievements.")}
