"""Verify a Pathwise credential the way a verifier elsewhere would, over HTTP only.

Nothing here reads settings or the database, or uses the app's own signing code: the issuer's
key comes from its ``did:web`` document and the revocation bit from the published status list,
both fetched with the test client (``did:web:host`` -> ``https://host/.well-known/did.json``).
Canonicalisation uses pyld with the standard contexts (a verifier keeps its own copies; ours
are the same published files) and the signature is checked with ``cryptography``.
"""

import base64
import gzip
import hashlib
import json
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld

from achievements.credentials.jsonld import CONTEXT_DIR, CONTEXT_FILES

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + B58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def _loader(url, options=None):
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads((CONTEXT_DIR / CONTEXT_FILES[url]).read_text()),
    }


def _canon(doc: dict) -> bytes:
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": _loader}
    return jsonld.normalize(doc, options).encode()


def _get_json(client, url: str):
    response = client.get(urlsplit(url).path, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, (url, response.status_code)
    return response.json()


def did_web_url(did: str) -> str:
    assert did.startswith("did:web:"), did
    return f"https://{unquote(did.removeprefix('did:web:'))}/.well-known/did.json"


def signature_valid(client, doc: dict) -> bool:
    """Resolve the proof's key through the issuer's DID document, check the signature."""
    issuer = doc["issuer"]["id"] if isinstance(doc["issuer"], dict) else doc["issuer"]
    proofs = doc["proof"] if isinstance(doc["proof"], list) else [doc["proof"]]
    [proof] = proofs
    assert proof["type"] == "DataIntegrityProof" and proof["cryptosuite"] == "eddsa-rdfc-2022"
    did_doc = _get_json(client, did_web_url(issuer))
    assert did_doc["id"] == issuer
    method = proof["verificationMethod"]
    assert method in did_doc["assertionMethod"], "key not allowed to assert"
    [key] = [k for k in did_doc["verificationMethod"] if k["id"] == method]
    raw = b58decode(key["publicKeyMultibase"][1:])
    assert raw[:2] == b"\xed\x01"
    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = unsecured["@context"]
    data = hashlib.sha256(_canon(config)).digest() + hashlib.sha256(_canon(unsecured)).digest()
    try:
        Ed25519PublicKey.from_public_bytes(raw[2:]).verify(b58decode(proof["proofValue"][1:]), data)
    except InvalidSignature:
        return False
    return True


def revoked(client, doc: dict) -> bool:
    """Fetch the status list credential, check its own signature, read the credential's bit."""
    entry = doc["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    status_list = _get_json(client, entry["statusListCredential"])
    assert "BitstringStatusListCredential" in status_list["type"]
    assert status_list["issuer"] == doc["issuer"]["id"]
    assert signature_valid(client, status_list), "the status list's own proof fails"
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    body = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    index = int(entry["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


@dataclass(frozen=True)
class Outcome:
    signature: bool
    revoked: bool

    @property
    def verified(self) -> bool:
        return self.signature and not self.revoked


def verify(client, doc: dict) -> Outcome:
    return Outcome(signature=signature_valid(client, doc), revoked=revoked(client, doc))
