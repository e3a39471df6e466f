"""Form fields that refuse impossible ids before they reach the database.

A model choice arrives as text. Django checks it by querying, and a 40-digit number makes
SQLite raise OverflowError (a 500) instead of "not a valid choice". These fields refuse
anything that is not a key the database could hold, with the usual form error.
"""

from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1  # the largest BigAutoField key


def is_possible_id(value) -> bool:
    text = str(value).strip()
    return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID


class IdModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        checked = value not in self.empty_values and self.to_field_name is None
        if checked and not is_possible_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if self.to_field_name is None:
            for item in value:
                if not is_possible_id(item):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": str(item)[:40]},
                    )
        return super()._check_values(value)
