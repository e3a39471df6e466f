"""Signed Open Badges credentials: one id per award, verifiable from the outside, schema-valid.

"From the outside" means tests/achievements/outside_verifier.py: the key is fetched from the
issuer's did:web document and the revocation bit from the published status list, both over
the test client, never read from settings.
"""

import copy
import json
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.urls import reverse
from django.utils import timezone

from achievements.credentials import services as credential_services
from achievements.models import BadgeCredential, LearnerBadge
from tests import factories
from tests.achievements import outside_verifier
from tests.achievements.factories import BadgeFactory, LearnerBadgeFactory

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "schema" / "achievementcredential.json").read_text())


def download(client, user, badge) -> dict:
    client.force_login(user)
    response = client.get(reverse("achievements:credential", args=[badge.slug]))
    assert response.status_code == 200, response.content[:500]
    client.logout()
    return json.loads(response.content)


@pytest.fixture
def century():
    return BadgeFactory(name="Century", rule_kind="questions_answered", threshold=100)


@pytest.fixture
def two_holders(student, other_student, century):
    for learner in (student, other_student):
        LearnerBadgeFactory(learner=learner, badge=century)
    return student, other_student


def test_two_learners_with_the_same_badge_get_different_verifiable_credentials(
    client, two_holders, century
):
    first, second = (download(client, learner, century) for learner in two_holders)

    assert first["id"] != second["id"]
    assert (
        first["credentialStatus"]["statusListIndex"]
        != (second["credentialStatus"]["statusListIndex"])
    )
    assert (
        first["credentialSubject"]["achievement"]["id"]
        == (second["credentialSubject"]["achievement"]["id"])
    )
    for credential in (first, second):
        outcome = outside_verifier.verify(client, credential)
        assert outcome.signature and not outcome.revoked


def test_the_credential_validates_against_the_official_ob3_schema(client, student, century):
    LearnerBadgeFactory(learner=student, badge=century)
    credential = download(client, student, century)
    validator = jsonschema.Draft201909Validator(
        SCHEMA, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(credential), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    # The control: the schema does bite (VC 2.0 needs validFrom).
    assert list(validator.iter_errors({k: v for k, v in credential.items() if k != "validFrom"}))


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c["credentialSubject"]["achievement"].update(name="Thousand"),
        lambda c: c.update(validFrom="2001-01-01T00:00:00Z"),
        lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="sha256$00"),
        lambda c: c["credentialStatus"].update(statusListIndex="0"),
        lambda c: c["proof"][0].update(created="2001-01-01T00:00:00Z"),
    ],
    ids=["achievement", "date", "holder", "status-slot", "proof-created"],
)
def test_a_tampered_copy_fails_verification(client, student, century, tamper):
    LearnerBadgeFactory(learner=student, badge=century)
    credential = download(client, student, century)
    tampered = copy.deepcopy(credential)
    tamper(tampered)
    assert not outside_verifier.signature_valid(client, tampered)
    assert outside_verifier.signature_valid(client, credential)  # the control

    response = client.post(
        reverse("achievements:verify_json"), tampered, content_type="application/json"
    )
    result = response.json()
    assert response.status_code == 200 and result["verified"] is False
    [signature] = [c for c in result["checks"] if c["check"] == "signature"]
    assert "changed after it was signed" in signature["message"]


def test_a_revoked_credential_fails_with_its_reason(client, student, century, admin_user):
    award = LearnerBadgeFactory(learner=student, badge=century)
    credential = download(client, student, century)
    assert not outside_verifier.revoked(client, credential)

    credential_services.awards_revoke(
        learner_badges=[award], reason="Awarded by mistake", by=admin_user, now=timezone.now()
    )

    outcome = outside_verifier.verify(client, credential)
    assert outcome.signature and outcome.revoked and not outcome.verified
    result = client.post(
        reverse("achievements:verify_json"), credential, content_type="application/json"
    ).json()
    assert result["verified"] is False
    [status] = [c for c in result["checks"] if c["check"] == "status"]
    assert status["message"].startswith("Revoked on ") and "Awarded by mistake" in status["message"]


def test_downloading_again_returns_the_same_signed_document(client, student, century):
    LearnerBadgeFactory(learner=student, badge=century)
    assert download(client, student, century) == download(client, student, century)
    assert BadgeCredential.objects.count() == 1


def test_ids_come_from_the_configured_site_url_not_the_host_header(
    client, student, century, settings
):
    settings.PATHWISE_SITE_URL = "https://badges.example.org"
    LearnerBadgeFactory(learner=student, badge=century)
    client.force_login(student)
    response = client.get(
        reverse("achievements:credential", args=[century.slug]), HTTP_HOST="localhost"
    )
    body = response.content.decode()
    assert "localhost" not in body and "testserver" not in body
    credential = json.loads(body)
    assert credential["id"].startswith("https://badges.example.org/badges/credentials/")
    assert credential["issuer"]["id"] == "did:web:badges.example.org"
    assert credential["proof"][0]["verificationMethod"].startswith("did:web:badges.example.org#")
    assert credential["credentialSubject"]["achievement"]["id"] == (
        f"https://badges.example.org/badges/achievements/{century.public_id}/"
    )


def test_the_credential_and_achievement_ids_resolve_without_login(client, student, century):
    LearnerBadgeFactory(learner=student, badge=century)
    credential = download(client, student, century)
    achievement = credential["credentialSubject"]["achievement"]
    page = client.get(urlsplit(achievement["id"]).path)
    assert page.status_code == 200 and "Answer 100 questions." in page.content.decode()
    as_json = client.get(urlsplit(achievement["id"]).path, HTTP_ACCEPT="application/ld+json").json()
    assert as_json["id"] == achievement["id"] and as_json["name"] == "Century"
    image = client.get(urlsplit(achievement["image"]["id"]).path)
    assert image.status_code == 200 and image["Content-Type"] == "image/svg+xml"
    assert "sandbox" in image["Content-Security-Policy"]
    status_page = client.get(urlsplit(credential["id"]).path)
    assert status_page.status_code == 200 and "Not revoked." in status_page.content.decode()
    assert student.username not in status_page.content.decode()


def test_guests_cannot_download_credentials(client, century):
    guest = factories.StudentFactory(is_guest=True, email="")
    LearnerBadgeFactory(learner=guest, badge=century)
    client.force_login(guest)
    response = client.get(reverse("achievements:credential", args=[century.slug]))
    assert response.status_code == 403
    assert "Sign up to keep your badges" in response.content.decode()
    assert not BadgeCredential.objects.exists()


def test_without_a_signing_key_nothing_is_issued(client, student, century, settings):
    settings.PATHWISE_OB_DEV_KEY_FILE = None  # production without a key
    LearnerBadgeFactory(learner=student, badge=century)
    client.force_login(student)
    response = client.get(reverse("achievements:credential", args=[century.slug]))
    assert response.status_code == 503
    assert "not set up" in response.content.decode()
    assert not BadgeCredential.objects.exists()


def test_a_deleted_award_revokes_its_credential(client, student, century):
    award = LearnerBadgeFactory(learner=student, badge=century)
    credential = download(client, student, century)
    LearnerBadge.objects.filter(pk=award.pk).delete()
    assert outside_verifier.revoked(client, credential)
    result = client.post(
        reverse("achievements:verify_json"), credential, content_type="application/json"
    ).json()
    [status] = [c for c in result["checks"] if c["check"] == "status"]
    assert status == {
        "check": "status",
        "passed": False,
        "message": "Revoked: the award it stood for was withdrawn.",
    }
