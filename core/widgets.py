"""Form widgets shared by the apps' forms (no app imports: core sits below them all)."""

from collections.abc import Callable
from typing import Any

from django import forms


class DependentSelect(forms.Select):
    """A select whose choices belong to a choice of another field (a topic within a
    subject). Each option carries its parent's value in ``data-parent`` and the select
    names the parent field in ``data-depends-on``; ``static/js/app.js`` then offers only the
    options of the chosen parent. Without the script every option stays, and the form's
    ``clean`` refuses a mismatched pair with a message next to the field.
    """

    def __init__(self, *, parent_field: str, parent_of: Callable[[Any], object], attrs=None):
        super().__init__({**(attrs or {}), "data-depends-on": parent_field})
        self.parent_of = parent_of

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-parent"] = str(self.parent_of(instance))
        return option
