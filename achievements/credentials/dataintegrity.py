"""The ``eddsa-rdfc-2022`` Data Integrity cryptosuite (W3C VC Data Integrity EdDSA), pure.

Signing (section 3.2 of the cryptosuite):

1. the proof configuration is the proof without ``proofValue``, with the document's
   ``@context``; both it and the document without ``proof`` are canonicalised (RDFC-1.0);
2. the data signed is ``SHA-256(canonical proof config) || SHA-256(canonical document)``;
3. the Ed25519 signature goes into ``proofValue`` as multibase base58btc.

Verifying repeats 1-2 and checks the signature against the public key the proof's
``verificationMethod`` names. Ed25519 signatures are deterministic: the same document, key
and ``created`` time always give the same ``proofValue``.
"""

import copy
import hashlib
from collections.abc import Mapping
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from achievements.credentials import multibase
from achievements.credentials.jsonld import canonize

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PURPOSE = "assertionMethod"


class ProofError(ValueError):
    """A proof that cannot be checked at all (malformed); the message says what is wrong."""


def iso(moment: datetime) -> str:
    """XSD dateTime in UTC with a ``Z``, to the second (as VC examples write it)."""
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _hash_data(
    unsecured: dict, proof_config: dict, contexts: Mapping[str, dict] | None = None
) -> bytes:
    config = {**proof_config, "@context": unsecured.get("@context")}
    return (
        hashlib.sha256(canonize(config, contexts=contexts).encode()).digest()
        + hashlib.sha256(canonize(unsecured, contexts=contexts).encode()).digest()
    )


def proof_create(
    unsecured: dict,
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime,
    contexts: Mapping[str, dict] | None = None,
) -> dict:
    """A Data Integrity proof over ``unsecured`` (a document without ``proof``)."""
    config = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": iso(created),
        "verificationMethod": verification_method,
        "proofPurpose": PURPOSE,
    }
    signature = private_key.sign(_hash_data(unsecured, config, contexts))
    return {**config, "proofValue": multibase.encode(signature)}


def sign(
    document: dict,
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime,
    as_list: bool = True,
) -> dict:
    """A copy of ``document`` with its proof. OB 3.0's schema wants ``proof`` as a list."""
    unsecured = {k: v for k, v in copy.deepcopy(document).items() if k != "proof"}
    proof = proof_create(
        unsecured,
        private_key=private_key,
        verification_method=verification_method,
        created=created,
    )
    return {**unsecured, "proof": [proof] if as_list else proof}


def split(document: dict) -> tuple[dict, list]:
    """(the document without ``proof``, its proofs as a list: one object or a set)."""
    proofs = document.get("proof")
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    if proofs is None:
        return unsecured, []
    return unsecured, proofs if isinstance(proofs, list) else [proofs]


def proof_problem(proof: object) -> str | None:
    """Why this proof is not an ``eddsa-rdfc-2022`` assertion proof, or None."""
    if not isinstance(proof, dict):
        return "The proof is not an object."
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return (
            f"The proof is a {proof.get('type')!s}/{proof.get('cryptosuite')!s} proof; "
            f"this verifier checks {PROOF_TYPE} with {CRYPTOSUITE}."
        )
    if proof.get("proofPurpose") != PURPOSE:
        return "The proof's purpose is not assertionMethod."
    if not isinstance(proof.get("verificationMethod"), str):
        return "The proof does not name its verification method (the key)."
    if not isinstance(proof.get("proofValue"), str):
        return "The proof has no proofValue (no signature)."
    return None


def proof_verify(
    unsecured: dict,
    proof: dict,
    *,
    public_key: bytes,
    contexts: Mapping[str, dict] | None = None,
) -> bool:
    """Whether ``proof`` is a valid signature over ``unsecured`` by ``public_key`` (32 bytes).

    Raises ``ProofError`` for a malformed proof and ``CanonicalizationError`` for a document
    that cannot be canonicalised (unknown context, undefined property).
    """
    problem = proof_problem(proof)
    if problem:
        raise ProofError(problem)
    try:
        signature = multibase.decode(proof["proofValue"])
    except multibase.MultibaseError as error:
        raise ProofError(f"The proofValue is not a signature: {error}") from None
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    data = _hash_data(unsecured, config, contexts)
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except InvalidSignature:
        return False
    return True
