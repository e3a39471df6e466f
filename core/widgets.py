"""Form widgets shared by the apps' forms (no app imports: core sits below them all)."""

from collections.abc import Callable
from typing import Any

from django import forms


class _ParentAttrs:
    """Each option carries its parent's value (``data-parent``) and the widget names the
    parent field (``data-depends-on``)."""

    def __init__(self, *, parent_field: str, parent_of: Callable[[Any], object], attrs=None):
        super().__init__({**(attrs or {}), "data-depends-on": parent_field})
        self.parent_of = parent_of

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-parent"] = str(self.parent_of(instance))
        return option


class DependentSelect(_ParentAttrs, forms.Select):
    """A select whose choices belong to a choice of another field (a topic within a
    subject). ``static/js/app.js`` offers only the options of the chosen parent. Without
    the script every option stays, and the form's ``clean`` refuses a mismatched pair with
    a message next to the field.
    """


class DependentCheckboxes(_ParentAttrs, forms.CheckboxSelectMultiple):
    """Checkboxes that belong to a choice of another field (topics of a subject): the same
    contract as :class:`DependentSelect`, for a multiple choice."""
