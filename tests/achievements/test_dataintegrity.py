"""The cryptosuite against the W3C's own test vectors, and the pure helpers (no database)."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from achievements.credentials import dataintegrity, jsonld, multibase, status
from achievements.credentials.jsonld import CanonicalizationError, canonize

VECTORS = Path(__file__).parent / "vectors"
EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2"


def vector(name: str):
    text = (VECTORS / name).read_text()
    return json.loads(text) if name.endswith(".json") else text


def contexts() -> dict:
    return {
        **jsonld.vendored_contexts(),
        EXAMPLES: json.loads((VECTORS / "credentials-examples-v2.jsonld").read_text()),
    }


def test_key_pair_decodes_to_ed25519():
    pair = vector("keyPair.json")
    seed = multibase.private_key_from_multibase(pair["privateKeyMultibase"])
    raw = multibase.public_key_from_multibase(pair["publicKeyMultibase"])
    private = Ed25519PrivateKey.from_private_bytes(seed)
    assert (
        multibase.public_key_multibase(private.public_key().public_bytes_raw())
        == pair["publicKeyMultibase"]
    )
    assert len(raw) == 32


def test_canonical_document_and_proof_config_match_the_vectors():
    unsigned = vector("unsigned.json")
    config = vector("proofConfigDataInt.json")
    assert canonize(unsigned, contexts=contexts()) == vector("canonDocDataInt.txt")
    assert canonize(config, contexts=contexts()) == vector("proofCanonDataInt.txt")


def test_signing_reproduces_the_vectors_proof_value():
    pair, signed = vector("keyPair.json"), vector("signedDataInt.json")
    private = Ed25519PrivateKey.from_private_bytes(
        multibase.private_key_from_multibase(pair["privateKeyMultibase"])
    )
    config = vector("proofConfigDataInt.json")
    proof = dataintegrity.proof_create(
        vector("unsigned.json"),
        private_key=private,
        verification_method=config["verificationMethod"],
        created=datetime.fromisoformat(config["created"]),
        contexts=contexts(),
    )
    assert proof == signed["proof"]


def test_the_vectors_signed_credential_verifies_and_a_changed_one_does_not():
    pair, signed = vector("keyPair.json"), vector("signedDataInt.json")
    raw = multibase.public_key_from_multibase(pair["publicKeyMultibase"])
    unsecured, [proof] = dataintegrity.split(signed)
    assert dataintegrity.proof_verify(unsecured, proof, public_key=raw, contexts=contexts())
    unsecured["credentialSubject"]["alumniOf"] = "Another School"
    assert not dataintegrity.proof_verify(unsecured, proof, public_key=raw, contexts=contexts())


def test_undefined_properties_are_refused_not_silently_dropped():
    unsigned = {
        "@context": [jsonld.VC_V2],
        "type": ["VerifiableCredential"],
        "issuer": "https://vc.example/issuers/5678",
        "credentialSubject": {"id": "did:example:abcdefgh"},
        "sneaky": "x",
    }
    canonize({k: v for k, v in unsigned.items() if k != "sneaky"})  # the control
    with pytest.raises(CanonicalizationError, match=r"no context defines \(sneaky\)"):
        canonize(unsigned)


def test_contexts_are_never_fetched():
    with pytest.raises(CanonicalizationError, match="does not load"):
        canonize({"@context": "https://evil.example/ctx.json", "name": "x"})


@pytest.mark.parametrize(
    "proof",
    [
        "not an object",
        {"type": "Ed25519Signature2020", "proofValue": "z1"},
        {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"},
        {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "proofPurpose": "authentication",
        },
    ],
)
def test_malformed_proofs_are_named(proof):
    assert dataintegrity.proof_problem(proof)


def test_multibase_round_trip_and_refusals():
    for data in (b"\0\0abc", bytes(range(256))):
        assert multibase.decode(multibase.encode(data)) == data
    for bad in ("", "m" + "abc", "z0OIl", 5):
        with pytest.raises(multibase.MultibaseError):
            multibase.decode(bad)
    with pytest.raises(multibase.MultibaseError, match="Ed25519 public key"):
        multibase.public_key_from_multibase(multibase.encode(b"\x12\x00" + b"a" * 32))


def test_status_list_bits_round_trip_left_most_first():
    encoded = status.encode([0, 9, status.LIST_SIZE - 1])
    assert encoded.startswith("u") and "=" not in encoded
    bits = status.decode(encoded)
    assert len(bits) == status.LIST_SIZE // 8
    assert bits[0] == 0x80 and bits[1] == 0x40
    assert [i for i in (0, 1, 9, status.LIST_SIZE - 1) if status.is_set(bits, i)] == [
        0,
        9,
        status.LIST_SIZE - 1,
    ]
    with pytest.raises(status.StatusListError):
        status.encode([status.LIST_SIZE])


def test_status_list_refuses_garbage_and_bombs():
    with pytest.raises(status.StatusListError):
        status.decode("uNotGzip")
    import base64
    import gzip

    bomb = gzip.compress(b"\0" * (status.MAX_BITS_BYTES + 1))
    encoded = "u" + base64.urlsafe_b64encode(bomb).decode().rstrip("=")
    with pytest.raises(status.StatusListError, match="more than a status list"):
        status.decode(encoded)


def test_iso_is_utc_with_z():
    assert dataintegrity.iso(datetime(2024, 5, 1, 8, 30, 5, 123, tzinfo=UTC)) == (
        "2024-05-01T08:30:05Z"
    )
