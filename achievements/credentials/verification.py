"""Verifying a credential someone pasted or posted: what is checked, and why it fails.

``parse`` turns the input into a JSON object or raises ``CredentialInputError`` with a
message for the person (too big, not UTF-8, not JSON, too deeply nested, not an object).
``verify`` then runs every check and reports each, so a failing credential says all that is
wrong with it, not only the first thing:

- **format**: an Open Badges 3.0 credential (contexts, types, an id, a subject);
- **issuer**: issued by this site's ``did:web``;
- **signature**: an ``eddsa-rdfc-2022`` proof by a key this site publishes, valid over the
  document as it is (any change to what it says breaks it);
- **status**: its status list entry is this site's and the bit is not set (revoked
  credentials fail with the reason the admin gave);
- **validity**: ``validFrom`` has come and ``validUntil``, if any, has not passed.

The keys are the ones the DID document publishes (``keys.published_keys``), and the status
is read where the published list is built from, so this page agrees with an outside
verifier that fetches both.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime

from achievements.credentials import dataintegrity, document, keys, selectors, status
from achievements.credentials.jsonld import OB_V3, VC_V2, CanonicalizationError

MAX_BYTES = 64 * 1024
MAX_DEPTH = 24
OB_TYPES = {"OpenBadgeCredential", "AchievementCredential"}


class CredentialInputError(ValueError):
    """Input that is not a JSON object at all; the message is for the person who sent it."""


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    message: str


@dataclass(frozen=True)
class Verification:
    checks: list[Check]
    credential_id: str = ""
    badge_name: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def verified(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]

    def as_json(self) -> dict:
        return {
            "verified": self.verified,
            "credential": self.credential_id or None,
            "achievement": self.badge_name or None,
            "checks": [
                {"check": c.name, "passed": c.passed, "message": c.message} for c in self.checks
            ],
        }


def _depth(value, limit: int) -> int:
    depth, level = 0, [value]
    while level:
        depth += 1
        if depth > limit:
            return depth
        nxt = []
        for item in level:
            if isinstance(item, dict):
                nxt.extend(item.values())
            elif isinstance(item, list):
                nxt.extend(item)
        level = nxt
    return depth


def parse(data: bytes | str) -> dict:
    """The credential as a JSON object; ``CredentialInputError`` says what is wrong."""
    raw = data.encode() if isinstance(data, str) else data
    if len(raw) > MAX_BYTES:
        raise CredentialInputError(
            f"That is {len(raw) // 1024} KB; a credential is at most {MAX_BYTES // 1024} KB."
        )
    if not raw.strip():
        raise CredentialInputError("Paste a credential or choose its file.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CredentialInputError("That is not text: a credential is a JSON file.") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise CredentialInputError(
            f"That is not JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except RecursionError:
        raise CredentialInputError("That JSON is nested too deeply to be a credential.") from None
    if _depth(value, MAX_DEPTH) > MAX_DEPTH:
        raise CredentialInputError("That JSON is nested too deeply to be a credential.")
    if not isinstance(value, dict):
        kind = {list: "a list", str: "a string", bool: "true or false", type(None): "null"}.get(
            type(value), "a number"
        )
        raise CredentialInputError(f"That is {kind} in JSON, not a credential (a JSON object).")
    return value


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _format(doc: dict) -> Check:
    contexts = _as_list(doc.get("@context"))
    types = set(_as_list(doc.get("type")))
    problems = []
    if contexts[:1] != [VC_V2]:
        problems.append(f"its first @context is not {VC_V2}")
    if not any(isinstance(c, str) and c.startswith(OB_V3.rsplit("/", 1)[0]) for c in contexts):
        problems.append("it has no Open Badges 3.0 @context")
    if "VerifiableCredential" not in types or not types & OB_TYPES:
        problems.append("its type is not VerifiableCredential + OpenBadgeCredential")
    if not isinstance(doc.get("id"), str):
        problems.append("it has no id")
    if not isinstance(doc.get("credentialSubject"), dict):
        problems.append("it has no credentialSubject")
    if problems:
        return Check(
            "format", False, "Not an Open Badges 3.0 credential: " + "; ".join(problems) + "."
        )
    return Check("format", True, "An Open Badges 3.0 credential.")


def _issuer(doc: dict) -> Check:
    issuer = doc.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    ours = keys.issuer_did()
    if issuer_id == ours:
        return Check("issuer", True, f"Issued by {ours}.")
    shown = issuer_id if isinstance(issuer_id, str) else "no one"
    return Check("issuer", False, f"Issued by {shown}, not by this site ({ours}).")


def _signature(doc: dict) -> Check:
    unsecured, proofs = dataintegrity.split(doc)
    if not proofs:
        return Check("signature", False, "It carries no proof: it is not signed.")
    published = {k.verification_method: k for k in keys.published_keys()}
    problem = "It carries no eddsa-rdfc-2022 proof."
    for proof in proofs:
        problem = dataintegrity.proof_problem(proof) or ""
        if problem:
            continue
        key = published.get(proof["verificationMethod"])
        if key is None:
            problem = (
                f"It was signed with {proof['verificationMethod']}, a key this site does not "
                "publish."
            )
            continue
        try:
            valid = dataintegrity.proof_verify(unsecured, proof, public_key=key.raw)
        except (dataintegrity.ProofError, CanonicalizationError) as error:
            problem = str(error)
            continue
        if valid:
            return Check("signature", True, f"Signed with this site's key {key.key_id}.")
        problem = "The signature does not match: the credential was changed after it was signed."
    return Check("signature", False, problem)


def _status(doc: dict) -> Check:
    entries = [e for e in _as_list(doc.get("credentialStatus")) if isinstance(e, dict)]
    entry = next((e for e in entries if e.get("statusPurpose") == status.PURPOSE), None)
    if entry is None or entry.get("type") != status.ENTRY_TYPE:
        return Check("status", False, "It has no revocation status entry this site can check.")
    url = entry.get("statusListCredential")
    list_no = next(
        (
            n
            for n in range(1, selectors.status_lists_in_use() + 1)
            if document.status_list_url(n) == url
        ),
        None,
    )
    try:
        index = int(entry.get("statusListIndex"))
    except (TypeError, ValueError):
        index = -1
    if list_no is None or not 0 <= index < status.LIST_SIZE:
        return Check(
            "status", False, "Its status entry does not point into this site's status list."
        )
    credential = selectors.credential_at_slot(list_no=list_no, index=index)
    if credential is None or document.credential_url(credential.pk) != doc.get("id"):
        return Check("status", False, "This site has no record of issuing this credential.")
    if credential.revoked_at is not None:
        when = credential.revoked_at.strftime("%-d %B %Y")
        return Check("status", False, f"Revoked on {when}: {credential.revocation_reason}")
    if credential.learner_badge_id is None:
        return Check("status", False, "Revoked: the award it stood for was withdrawn.")
    return Check("status", True, "Not revoked.")


def _moment(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _validity(doc: dict, now: datetime) -> Check:
    valid_from = _moment(doc.get("validFrom"))
    if valid_from is None:
        return Check("validity", False, "Its validFrom is missing or not a date with a timezone.")
    if valid_from > now:
        return Check("validity", False, f"It is not valid before {doc['validFrom']}.")
    if "validUntil" in doc:
        until = _moment(doc["validUntil"])
        if until is None:
            return Check("validity", False, "Its validUntil is not a date with a timezone.")
        if until <= now:
            return Check("validity", False, f"It expired on {doc['validUntil']}.")
    return Check("validity", True, "Within its validity period.")


def verify(doc: dict, *, now: datetime) -> Verification:
    """Every check on ``doc`` (a parsed JSON object)."""
    subject = doc.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    name = achievement.get("name") if isinstance(achievement, dict) else None
    return Verification(
        checks=[_format(doc), _issuer(doc), _signature(doc), _status(doc), _validity(doc, now)],
        credential_id=doc["id"] if isinstance(doc.get("id"), str) else "",
        badge_name=name if isinstance(name, str) else "",
    )
