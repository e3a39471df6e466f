"""Which decimal mark a learner's locale writes, and the number rule in their words.

The parser itself is pure (learning.grading.numbers: ``parse_number(text, decimal_mark)``);
this module maps a language code to its mark through Django's formats (``es`` writes
``3,5``, ``en`` writes ``3.5``) and phrases the rule shown on numeric questions. The
language an answer was given in is kept on the attempt (``Attempt.response_locale``) so that
grading it again reads it the same way.
"""

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from learning.grading import ambiguous_mark


def answer_locale() -> str:
    """The locale an answer given now is read in: the active interface language."""
    return translation.get_language() or settings.LANGUAGE_CODE


def decimal_mark_for(language: str) -> str:
    """ "." or ",": the decimal separator of ``language``.

    A blank (answers recorded before answers kept their locale) or unknown locale reads as
    the site's default language (English), which is how every answer was read until then.
    """
    try:
        code = translation.get_supported_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        code = settings.LANGUAGE_CODE
    mark = formats.get_format("DECIMAL_SEPARATOR", lang=code)
    return "," if mark == "," else "."


def number_rule(language: str) -> str:
    """One sentence, in the active interface language, saying how numbers are read in
    ``language`` (the learner's locale)."""
    if ambiguous_mark(decimal_mark_for(language)) == ",":
        return _(
            "Write decimals with a point or a comma (3.5 or 3,5). Write thousands without "
            "a separator (3500): 3,500 could mean either, so it is not accepted."
        )
    return _(
        "Write decimals with a comma or a point (3,5 or 3.5). Write thousands without a "
        "separator (3500): 3.500 could mean either, so it is not accepted."
    )
