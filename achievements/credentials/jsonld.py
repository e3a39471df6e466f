"""RDF Dataset Canonicalization (RDFC-1.0) of JSON-LD documents, offline and strict (pure).

Signing and verifying a Data Integrity proof hashes the canonical N-Quads of the document,
so what is signed is the meaning (the RDF), not the JSON bytes. Two rules keep that honest:

- **Contexts are never fetched.** The loader serves the vendored copies in ``contexts/``
  (VC 2.0 and OB 3.0.3, see ``contexts/README.md``) and refuses any other URL: a verifier
  that fetched contexts could be made to read a term differently, or made to wait.
- **Safe mode.** JSON-LD silently drops a property no context defines; a dropped property
  is not covered by the signature, so an attacker could add one to a signed credential.
  Any dropped property is an error here, when signing and when verifying.

pyld calls the algorithm URDNA2015, the name RDFC-1.0 had before W3C standardised it; the
output is the same (``tests/achievements/test_dataintegrity.py`` checks pyld against the
W3C ``eddsa-rdfc-2022`` test vectors).
"""

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from pyld.jsonld import JsonLdError, JsonLdProcessor

CONTEXT_DIR = Path(__file__).resolve().parent / "contexts"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXT_FILES = {VC_V2: "credentials-v2.jsonld", OB_V3: "ob-context-3.0.3.json"}


class CanonicalizationError(ValueError):
    """The document cannot be canonicalised; the message says why, in plain words."""


@cache
def vendored_contexts() -> Mapping[str, dict]:
    return {
        url: json.loads((CONTEXT_DIR / name).read_text()) for url, name in CONTEXT_FILES.items()
    }


class _UnknownContext(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class _DroppedProperty(Exception):
    def __init__(self, name: str | None) -> None:
        super().__init__(name)
        self.name = name


def _loader(contexts: Mapping[str, dict]):
    def load(url: str, options=None) -> dict:
        if url not in contexts:
            raise _UnknownContext(url)
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": contexts[url],
        }

    return load


def _dropped(name: str | None) -> None:
    raise _DroppedProperty(name)


def _root_cause(error: BaseException) -> BaseException:
    """The innermost exception: pyld wraps errors in ``JsonLdError`` (``__cause__`` or
    ``details["cause"]``), several levels deep."""
    for _ in range(20):
        details = getattr(error, "details", None)
        nested = error.__cause__ or (details.get("cause") if isinstance(details, dict) else None)
        if not isinstance(nested, BaseException):
            break
        error = nested
    return error


def _message(error: BaseException) -> str:
    if isinstance(error, JsonLdError):
        return str(error.args[0]) if error.args else error.type
    return str(error) or type(error).__name__


def canonize(document: dict, *, contexts: Mapping[str, dict] | None = None) -> str:
    """The RDFC-1.0 canonical N-Quads of ``document`` (contexts: URL -> context document)."""
    processor = JsonLdProcessor(on_property_dropped=_dropped)
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": _loader(contexts if contexts is not None else vendored_contexts()),
    }
    try:
        return processor.normalize(document, options)
    except (JsonLdError, _UnknownContext, _DroppedProperty, TypeError, ValueError) as error:
        cause = _root_cause(error)
        if isinstance(cause, _UnknownContext):
            raise CanonicalizationError(
                f"It uses the JSON-LD context {cause.url}, which this verifier does not load."
            ) from None
        if isinstance(cause, _DroppedProperty):
            raise CanonicalizationError(
                f"It has a property no context defines ({cause.name}): a signature would not "
                "cover it."
            ) from None
        raise CanonicalizationError(f"It is not valid JSON-LD: {_message(cause)}") from None
