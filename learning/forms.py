"""Forms of the curriculum app: the question-bank upload in the admin."""

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import IdModelChoiceField
from learning.importing import EXTENSIONS, FORMAT_NAMES
from learning.models import Concept, Subject

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
"""Question banks larger than this are refused (2 MB holds thousands of text questions)."""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        help_text=gettext_lazy(
            "A GIFT (.gift, .txt), Moodle XML (.xml) or Pathwise JSON (.json) file, at "
            "most %(max_upload_bytes)s."
        )
        % {"max_upload_bytes": _megabytes(MAX_UPLOAD_BYTES)}
    )
    format = forms.ChoiceField(
        choices=[("", gettext_lazy("From the file name")), *FORMAT_NAMES.items()], required=False
    )
    concept = IdModelChoiceField(
        queryset=Concept.objects.select_related("topic__subject").order_by(
            "topic__subject__name", "topic__name", "name"
        ),
        required=False,
        help_text=gettext_lazy(
            "Where the questions go (with categories: those outside any category)."
        ),
    )
    create_categories = forms.BooleanField(
        required=False,
        label=gettext_lazy("Create topics and concepts from the file's categories"),
        help_text=gettext_lazy("A category path A/B/C becomes topic A, sub-topic B and concept C."),
    )
    subject = IdModelChoiceField(
        queryset=Subject.objects.order_by("name"),
        required=False,
        help_text=gettext_lazy("The subject the new topics belong to (with categories only)."),
    )
    publish = forms.BooleanField(
        required=False,
        label=gettext_lazy("Publish the imported questions"),
        help_text=gettext_lazy(
            "Leave unticked to import them as drafts that students do not see yet."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _(
                    "The file is %(size)s; the limit is %(max_upload_bytes)s. Split the question "
                    "bank into smaller files."
                )
                % {
                    "size": _megabytes(upload.size),
                    "max_upload_bytes": _megabytes(MAX_UPLOAD_BYTES),
                },
                code="too_large",
            )
        suffix = PurePath(upload.name).suffix.lower()
        if suffix not in EXTENSIONS:
            raise ValidationError(
                _(
                    "“%(name)s” is not a question-bank file: upload a GIFT (.gift, .txt), Moodle "
                    "XML (.xml) or Pathwise JSON (.json) file."
                )
                % {"name": upload.name},
                code="file_type",
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("create_categories"):
            if not cleaned.get("subject"):
                self.add_error("subject", _("Choose the subject the new topics belong to."))
        elif not cleaned.get("concept"):
            self.add_error("concept", _("Choose the concept to import the questions into."))
        return cleaned
