"""The issuer's identity and keys: ``did:web`` from the site URL, Ed25519 keys from settings.

- The issuer is ``did:web:<host>`` (the port, if any, percent-encoded), so its public keys
  are found the way the DID Web method says: ``<site>/.well-known/did.json``.
- The signing key is an Ed25519 private key in PEM (PKCS #8), from ``DJANGO_OB_SIGNING_KEY``
  or ``DJANGO_OB_SIGNING_KEY_FILE``. Development without one gets a key generated once into
  ``var/`` (git-ignored); production without one issues nothing and fails ``check --deploy``.
- A key's id is derived from the key itself (``key-`` and 16 hex digits of its SHA-256), so
  rotating keys never reuses an id, and ``DJANGO_OB_RETIRED_KEYS`` (public keys only) keeps
  old keys in the DID document: credentials signed with them keep verifying.

Keys are read once per process (restart after rotating).
"""

import contextlib
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from achievements.credentials import multibase

DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]


class SigningKeyError(Exception):
    """No usable signing key: the message says what to configure."""


@dataclass(frozen=True)
class PublicKey:
    key_id: str  # the DID URL fragment: "key-3f9a..."
    multibase: str  # publicKeyMultibase, "z6Mk..."
    raw: bytes
    current: bool  # the key new credentials are signed with

    @property
    def verification_method(self) -> str:
        return f"{issuer_did()}#{self.key_id}"


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey
    public: PublicKey


# --- addresses ------------------------------------------------------------------------------


def site_url() -> str:
    return settings.PATHWISE_SITE_URL


def absolute(path: str) -> str:
    """A site path as a full URL on the configured site (never the request's Host)."""
    return site_url() + path


def issuer_did() -> str:
    """``did:web:pathwise.example.org`` (``did:web:127.0.0.1%3A8000`` with a port)."""
    return "did:web:" + quote(urlsplit(site_url()).netloc, safe="")


# --- keys -----------------------------------------------------------------------------------


def key_id_for(raw: bytes) -> str:
    return "key-" + hashlib.sha256(raw).hexdigest()[:16]


def public_key(raw: bytes, *, current: bool) -> PublicKey:
    return PublicKey(key_id_for(raw), multibase.public_key_multibase(raw), raw, current)


def raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def private_key_pem(private: Ed25519PrivateKey) -> bytes:
    return private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_pem(pem: bytes, *, source: str) -> Ed25519PrivateKey:
    try:
        private = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise SigningKeyError(
            f"{source} is not an unencrypted PEM private key ({error}). Generate one with "
            "`manage.py openbadges_key generate PATH`."
        ) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise SigningKeyError(f"{source} is not an Ed25519 key; Open Badges here use Ed25519.")
    return private


def generate_key_file(path: Path) -> Ed25519PrivateKey:
    """Write a new Ed25519 key to ``path`` (mode 0600), refusing to overwrite one."""
    private = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(private_key_pem(private))
    return private


def _dev_key(path: Path) -> Ed25519PrivateKey:
    try:
        return load_pem(path.read_bytes(), source=str(path))
    except FileNotFoundError:
        pass
    try:
        return generate_key_file(path)
    except FileExistsError:  # another process generated it meanwhile
        return load_pem(path.read_bytes(), source=str(path))


@lru_cache(maxsize=8)
def _signing_key(pem: str, pem_file: str, dev_file: str) -> SigningKey:
    if pem:
        private = load_pem(pem.encode(), source="DJANGO_OB_SIGNING_KEY")
    elif pem_file:
        try:
            data = Path(pem_file).read_bytes()
        except OSError as error:
            raise SigningKeyError(
                f"DJANGO_OB_SIGNING_KEY_FILE={pem_file} cannot be read ({error.strerror})."
            ) from None
        private = load_pem(data, source=f"DJANGO_OB_SIGNING_KEY_FILE={pem_file}")
    elif dev_file:
        private = _dev_key(Path(dev_file))
    else:
        raise SigningKeyError(
            "No Open Badges signing key: set DJANGO_OB_SIGNING_KEY_FILE (or "
            "DJANGO_OB_SIGNING_KEY) to an Ed25519 private key; see docs/achievements.md."
        )
    return SigningKey(private, public_key(raw_public(private), current=True))


def signing_key() -> SigningKey:
    """The key new credentials are signed with; ``SigningKeyError`` when there is none."""
    dev = settings.PATHWISE_OB_DEV_KEY_FILE
    return _signing_key(
        settings.PATHWISE_OB_SIGNING_KEY,
        settings.PATHWISE_OB_SIGNING_KEY_FILE,
        str(dev) if dev else "",
    )


def signing_configured() -> bool:
    """Whether a production key is configured (the development key does not count)."""
    return bool(settings.PATHWISE_OB_SIGNING_KEY or settings.PATHWISE_OB_SIGNING_KEY_FILE)


def retired_keys() -> list[PublicKey]:
    """The retired public keys still published; ``MultibaseError`` names a bad entry."""
    keys = []
    for value in settings.PATHWISE_OB_RETIRED_KEYS:
        try:
            raw = multibase.public_key_from_multibase(value.strip())
        except multibase.MultibaseError as error:
            raise multibase.MultibaseError(
                f"DJANGO_OB_RETIRED_KEYS entry {value!r}: {error}"
            ) from None
        keys.append(public_key(raw, current=False))
    return keys


def published_keys() -> list[PublicKey]:
    """Every key a verifier may meet in our credentials: the current one first."""
    keys = []
    with contextlib.suppress(SigningKeyError):
        keys.append(signing_key().public)
    seen = {k.key_id for k in keys}
    for key in retired_keys():
        if key.key_id not in seen:
            keys.append(key)
            seen.add(key.key_id)
    return keys


def did_document(keys: list[PublicKey]) -> dict:
    """The issuer's DID document: every published key may verify assertions."""
    did = issuer_did()
    return {
        "@context": DID_CONTEXT,
        "id": did,
        "verificationMethod": [
            {
                "id": key.verification_method,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": key.multibase,
            }
            for key in keys
        ],
        "assertionMethod": [key.verification_method for key in keys],
    }
