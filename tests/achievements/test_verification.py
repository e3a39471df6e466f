"""The public verification page and its JSON twin: verdicts with reasons, bad input refused."""

import copy
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from achievements.credentials import dataintegrity, keys
from achievements.models import BadgeCredential
from tests.achievements.factories import BadgeFactory, LearnerBadgeFactory

pytestmark = pytest.mark.django_db

VERIFY = "achievements:verify"
VERIFY_JSON = "achievements:verify_json"


@pytest.fixture
def credential(client, student) -> dict:
    badge = BadgeFactory(name="Century", rule_kind="questions_answered", threshold=100)
    LearnerBadgeFactory(learner=student, badge=badge)
    client.force_login(student)
    body = client.get(reverse("achievements:credential", args=[badge.slug])).content
    client.logout()
    return json.loads(body)


def post_json(client, body, **extra):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(reverse(VERIFY_JSON), data, content_type="application/json", **extra)


def checks(result: dict) -> dict:
    return {c["check"]: (c["passed"], c["message"]) for c in result["checks"]}


def test_the_page_verifies_a_pasted_credential_without_login(client, credential):
    page = client.get(reverse(VERIFY))
    assert page.status_code == 200 and "Verify an Open Badge" in page.content.decode()
    response = client.post(reverse(VERIFY), {"credential": json.dumps(credential)})
    html = response.content.decode()
    assert response.status_code == 200
    assert ">Verified<" in html and "Century" in html
    for check in ("Format", "Issuer", "Signature", "Status", "Validity"):
        assert f"{check}: passed." in html


def test_the_page_verifies_an_uploaded_file(client, credential):
    upload = SimpleUploadedFile("badge.json", json.dumps(credential).encode())
    response = client.post(reverse(VERIFY), {"file": upload})
    assert ">Verified<" in response.content.decode()


def test_a_tampered_paste_keeps_the_text_and_says_why(client, credential):
    credential["name"] = "Thousand"
    text = json.dumps(credential)
    html = client.post(reverse(VERIFY), {"credential": text}).content.decode()
    assert ">Not verified<" in html
    assert "Signature: failed." in html and "changed after it was signed" in html
    assert "Thousand" in html  # what they pasted is still in the box


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "Paste a credential or choose its file."),
        ("{not json", "That is not JSON (line 1, column 2"),
        ("[1, 2]", "That is a list in JSON, not a credential"),
        ('"a string"', "That is a string in JSON, not a credential"),
        ("[" * 30 + "]" * 30, "nested too deeply"),
        (json.dumps({"x": "y" * (70 * 1024)}), "a credential is at most 64 KB"),
    ],
    ids=["empty", "not-json", "list", "string", "deep", "huge"],
)
def test_bad_input_gets_a_clear_message_on_the_page(client, data, message):
    response = client.post(reverse(VERIFY), {"credential": data})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_file_that_is_not_text_or_too_big(client):
    response = client.post(reverse(VERIFY), {"file": SimpleUploadedFile("a.png", b"\x89PNG\xff")})
    assert response.status_code == 400 and "That is not text" in response.content.decode()
    big = SimpleUploadedFile("big.json", b" " * (65 * 1024))
    response = client.post(reverse(VERIFY), {"file": big})
    assert response.status_code == 400 and "at most 64 KB" in response.content.decode()


def test_json_endpoint_reports_every_check(client, credential):
    response = post_json(client, credential)
    assert response.status_code == 200
    result = response.json()
    assert result["verified"] is True and result["credential"] == credential["id"]
    assert result["achievement"] == "Century"
    assert {name for name, (passed, _) in checks(result).items() if passed} == {
        "format",
        "issuer",
        "signature",
        "status",
        "validity",
    }


@pytest.mark.parametrize(
    ("body", "kwargs", "status", "message"),
    [
        ("{oops", {}, 400, "That is not JSON"),
        ("[]", {}, 400, "not a credential"),
        ("{}" + " " * (64 * 1024), {}, 413, "at most 64 KB"),
        ("{}", {"content_type": "text/plain"}, 415, "application/json"),
    ],
    ids=["not-json", "wrong-shape", "huge", "content-type"],
)
def test_json_endpoint_refuses_bad_input_with_4xx(client, body, kwargs, status, message):
    response = client.post(
        reverse(VERIFY_JSON), body, **{"content_type": "application/json", **kwargs}
    )
    assert response.status_code == status
    assert message in response.json()["error"]
    assert client.get(reverse(VERIFY_JSON)).status_code == 405


def test_an_object_that_is_not_a_credential_fails_each_check_with_a_reason(client):
    result = post_json(client, {"hello": "world"}).json()
    assert result["verified"] is False
    found = checks(result)
    assert found["format"][1].startswith("Not an Open Badges 3.0 credential")
    assert found["issuer"] == (False, f"Issued by no one, not by this site ({keys.issuer_did()}).")
    assert found["signature"] == (False, "It carries no proof: it is not signed.")
    assert found["status"][0] is False and found["validity"][0] is False


def test_wrong_issuer_and_unknown_key_are_named(client, credential):
    forged = copy.deepcopy(credential)
    forged["issuer"]["id"] = "did:web:evil.example"
    forged["proof"][0]["verificationMethod"] = "did:web:evil.example#key-1"
    found = checks(post_json(client, forged).json())
    assert found["issuer"] == (
        False,
        f"Issued by did:web:evil.example, not by this site ({keys.issuer_did()}).",
    )
    assert found["signature"][1] == (
        "It was signed with did:web:evil.example#key-1, a key this site does not publish."
    )


def test_an_added_property_is_caught_not_ignored(client, credential):
    credential["credentialSubject"]["extraClaim"] = "honours"
    found = checks(post_json(client, credential).json())
    assert found["signature"] == (
        False,
        "It has a property no context defines (extraClaim): a signature would not cover it.",
    )


def test_a_credential_signed_by_us_but_expired_or_early_fails_validity(client, student):
    """Resign with our key so only the dates are wrong (the signature still passes)."""
    badge = BadgeFactory()
    LearnerBadgeFactory(learner=student, badge=badge)
    client.force_login(student)
    doc = json.loads(client.get(reverse("achievements:credential", args=[badge.slug])).content)
    signing = keys.signing_key()
    now = timezone.now()
    for change, message in (
        ({"validUntil": dataintegrity.iso(now - timedelta(days=1))}, "It expired on "),
        ({"validFrom": dataintegrity.iso(now + timedelta(days=1))}, "It is not valid before "),
    ):
        resigned = dataintegrity.sign(
            {**doc, **change},
            private_key=signing.private,
            verification_method=signing.public.verification_method,
            created=now,
        )
        found = checks(post_json(client, resigned).json())
        assert found["signature"][0] is True
        assert found["validity"][0] is False and found["validity"][1].startswith(message)


def test_verification_is_rate_limited_per_address(client, credential, settings):
    settings.PATHWISE_VERIFICATIONS_PER_MINUTE = 2
    assert post_json(client, credential).status_code == 200
    assert client.post(reverse(VERIFY), {"credential": "{}"}).status_code == 200
    refused = post_json(client, credential)
    assert refused.status_code == 429 and "Too many attempts" in refused.json()["error"]
    page = client.post(reverse(VERIFY), {"credential": json.dumps(credential)})
    assert page.status_code == 429 and "Too many attempts" in page.content.decode()


def test_verification_writes_nothing(client, credential, django_assert_max_num_queries):
    before = list(BadgeCredential.objects.values())
    # 1-7 the per-address rate limit: its counters live in the shared database cache
    #     (two slot reads, the cache's size check, SAVEPOINT, slot read, INSERT, RELEASE)
    # 8 status lists in use (max)  9 the credential at its status slot
    with django_assert_max_num_queries(9):
        assert post_json(client, credential).json()["verified"] is True
    assert list(BadgeCredential.objects.values()) == before
