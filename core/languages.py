"""Language tags (BCP 47, RFC 5646): is a tag well formed, and its canonical case.

Content carries the language it is written in (``learning.Subject.language``, with an
optional override on ``Question``), and interchange formats need it as a tag: xAPI language
maps and ``context.language``, Open Badges, HTML ``lang``. Pure: no ORM, no settings.

Only well-formedness is checked (the grammar of RFC 5646, section 2.1), not that every
subtag is registered with IANA, with one narrowing: the primary language subtag has 2 or 3
letters, as every registered one has (the grammar's 4-8 letter form is reserved), so a
typed-out "english" is refused. "en", "es-419", "zh-Hant-TW", "sr-Latn", "de-CH-1996"
pass; "english", "en_GB", "e" and private-use-only tags ("x-klingon") do not. Case is
canonicalised as the RFC recommends: language lower case, script title case, region upper
case ("EN-gb" -> "en-GB").
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 35  # RFC 5646 4.4.1: the length every implementation must support

_LANGTAG = re.compile(
    r"""
    (?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3})
    (?:-(?P<script>[a-z]{4}))?
    (?:-(?P<region>[a-z]{2}|[0-9]{3}))?
    (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*          # variants
    (?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*               # extensions
    (?:-x(?:-[a-z0-9]{1,8})+)?                        # private use
    """,
    re.VERBOSE,
)


def canonical_language_tag(value: str) -> str | None:
    """The tag in canonical case, or None when ``value`` is not a well-formed tag."""
    tag = value.strip().lower()
    if not tag or len(tag) > MAX_LENGTH:
        return None
    match = _LANGTAG.fullmatch(tag)
    if match is None:
        return None
    parts = tag.split("-")
    out = [parts[0]]
    # Subtags after the language: a 4-letter one is the script, a 2-letter one the region,
    # until a singleton (extension or private use) starts, after which case stays lower.
    in_extension = False
    for part in parts[1:]:
        if len(part) == 1:
            in_extension = True
        if not in_extension and len(part) == 4 and part.isalpha() and part == match["script"]:
            out.append(part.title())
        elif not in_extension and len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part)
    return "-".join(out)


def validate_language_tag(value: str) -> None:
    """Django validator: a well-formed BCP 47 tag, with a message a person understands."""
    if canonical_language_tag(value) is None:
        raise ValidationError(
            _(
                "%(value)s is not a language tag. Use a BCP 47 tag such as en, es, fr-CA or "
                "zh-Hant."
            ),
            params={"value": value},
            code="invalid_language",
        )
