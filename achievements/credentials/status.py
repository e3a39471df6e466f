"""Bitstring Status List v1.0: the published list of revoked credentials (pure).

Each credential owns one bit of a list of ``LIST_SIZE`` bits (16 KB, the minimum the
specification sets so that one bit does not single out a holder); bit 1 means revoked.
Bit 0 is the left-most bit of the first byte. The list is GZIP-compressed and written as
multibase base64url without padding (``u...``). Indexes are handed out at random, as the
specification recommends, so an index tells nothing about when a badge was earned.
"""

import base64
import gzip
import zlib
from collections.abc import Iterable

LIST_SIZE = 131_072  # bits per list
LIST_FILL = LIST_SIZE // 2  # credentials per list before the next list is opened
PURPOSE = "revocation"
ENTRY_TYPE = "BitstringStatusListEntry"
MAX_ENCODED = 1024 * 1024  # refuse to read anything bigger
MAX_BITS_BYTES = 16 * LIST_SIZE // 8  # and to inflate past this (a compression bomb)


class StatusListError(ValueError):
    """An encoded list that cannot be read; the message says why."""


def encode(revoked: Iterable[int], *, size: int = LIST_SIZE) -> str:
    bits = bytearray(size // 8)
    for index in revoked:
        if not 0 <= index < size:
            raise StatusListError(f"Index {index} is outside a list of {size} entries.")
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def decode(encoded: str) -> bytes:
    if not isinstance(encoded, str) or not encoded.startswith("u") or len(encoded) > MAX_ENCODED:
        raise StatusListError("The encoded list is not multibase base64url (u...).")
    body = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflater = zlib.decompressobj(wbits=31)  # gzip framing
        bits = inflater.decompress(compressed, MAX_BITS_BYTES)
    except (ValueError, zlib.error) as error:
        raise StatusListError(f"The encoded list cannot be decompressed ({error}).") from None
    if inflater.unconsumed_tail:
        raise StatusListError("The encoded list inflates to more than a status list can hold.")
    return bits


def is_set(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(f"Index {index} is outside a list of {len(bits) * 8} entries.")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
