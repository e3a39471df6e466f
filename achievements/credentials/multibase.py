"""Multibase (base58btc, ``z...``) and Multikey encodings of Ed25519 keys (pure).

Data Integrity proofs carry the signature as a multibase string, and DID documents carry
public keys as Multikey: the multicodec header ``0xed 0x01`` (Ed25519 public key) or
``0x80 0x26`` (Ed25519 private key) followed by the 32 key bytes, base58btc-encoded with the
``z`` prefix. Small enough to keep here rather than depend on a package for it.
"""

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}
ED25519_PUB_HEADER = b"\xed\x01"
ED25519_PRIV_HEADER = b"\x80\x26"


class MultibaseError(ValueError):
    """A string that is not the multibase value it claims to be (the message says why)."""


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, digit = divmod(number, 58)
        out.append(_ALPHABET[digit])
    leading = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading + "".join(reversed(out))


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        if char not in _INDEX:
            raise MultibaseError(f"{char!r} is not a base58 character.")
        number = number * 58 + _INDEX[char]
    leading = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading + body


def encode(data: bytes) -> str:
    """``data`` as multibase base58btc (``z...``)."""
    return "z" + b58encode(data)


def decode(value: str) -> bytes:
    """The bytes of a multibase base58btc value; other bases are refused."""
    if not isinstance(value, str) or not value.startswith("z") or len(value) < 2:
        raise MultibaseError("Expected a multibase base58btc value (starting with “z”).")
    return b58decode(value[1:])


def public_key_multibase(raw: bytes) -> str:
    """An Ed25519 public key (32 bytes) as a Multikey ``publicKeyMultibase`` (``z6Mk...``)."""
    return encode(ED25519_PUB_HEADER + raw)


def public_key_from_multibase(value: str) -> bytes:
    """The 32 raw bytes of an Ed25519 ``publicKeyMultibase``; anything else is refused."""
    data = decode(value)
    if not data.startswith(ED25519_PUB_HEADER) or len(data) != 34:
        raise MultibaseError("Not an Ed25519 public key in Multikey form (z6Mk...).")
    return data[2:]


def private_key_from_multibase(value: str) -> bytes:
    """The 32-byte seed of an Ed25519 ``secretKeyMultibase`` (as in the W3C test vectors)."""
    data = decode(value)
    if not data.startswith(ED25519_PRIV_HEADER) or len(data) != 34:
        raise MultibaseError("Not an Ed25519 private key in Multikey form.")
    return data[2:]
