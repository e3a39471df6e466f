"""Django's own strings that its Spanish catalog does not translate yet (new in Django 6):
named here so that ``makemessages`` copies them into Pathwise's catalog, which Django
reads before its own (LOCALE_PATHS). Remove an entry once Django ships its translation."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = (
    gettext_noop("- Select an option -"),  # django.db.models.fields.BLANK_CHOICE_LABEL
)
