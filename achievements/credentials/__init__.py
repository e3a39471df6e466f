"""Verifiable Open Badges 3.0 credentials: issuing, signing, publishing keys, verifying, revoking.

The pieces, each with one job (docs/achievements.md explains the whole):

- ``multibase``, ``jsonld``, ``dataintegrity``: pure cryptography and canonicalisation (the
  ``eddsa-rdfc-2022`` Data Integrity cryptosuite over vendored JSON-LD contexts);
- ``keys``: the issuer's keys from settings, its ``did:web`` identifier and DID document;
- ``document``, ``status``: the credential and the Bitstring Status List documents (pure);
- ``services``, ``selectors``: issuing and revoking (writes), lookups (reads);
- ``verification``: what a verifier checks, with a reason for each failure;
- ``checks``: system checks that keep production from issuing with a development setup.
"""
