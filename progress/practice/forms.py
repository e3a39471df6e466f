from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learning import grading
from learning.models import Question


class StartForm(forms.Form):
    scope = forms.ChoiceField(
        choices=[
            ("concept", gettext_lazy("concept")),
            ("topic", gettext_lazy("topic")),
            ("activity", gettext_lazy("activity")),
            ("review", gettext_lazy("review")),
        ]
    )
    slug = forms.SlugField(required=False, max_length=180)
    back = forms.CharField(required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("scope") not in (None, "review") and not data.get("slug"):
            raise forms.ValidationError(_("Choose what to practise."))
        back = data.get("back") or ""
        if not back.startswith("/") or back.startswith("//"):
            data["back"] = ""  # only local paths: never an open redirect
        return data


CONFIDENCE_CHOICES = [
    ("", gettext_lazy("Not sure / skip")),
    ("1", gettext_lazy("Guessing")),
    ("2", gettext_lazy("Fairly sure")),
    ("3", gettext_lazy("Certain")),
]


# The hidden fields are written by the page itself: when they are missing or garbled the
# page is stale (or was tampered with), and reloading it is the fix.
STALE_PAGE = "This page is out of date. Please reload it and answer again."


class AnswerForm(forms.Form):
    """The answer to one question; the inputs follow the question's kind."""

    question = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": STALE_PAGE, "invalid": STALE_PAGE}
    )
    client_token = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"required": STALE_PAGE, "invalid": STALE_PAGE}
    )
    confidence = forms.TypedChoiceField(
        choices=CONFIDENCE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=gettext_lazy("How sure are you?"),
    )

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_obj = question
        kind = question.kind
        empty = {"required": "Choose an answer before submitting."}
        if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
            self.fields["answer"] = forms.TypedChoiceField(
                choices=[(c.pk, c.text) for c in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                label=_("Your answer"),
                error_messages={
                    **empty,
                    "invalid_choice": _("That choice is not on this question."),
                },
            )
        elif kind == Question.Kind.MULTIPLE:
            self.fields["answer"] = forms.TypedMultipleChoiceField(
                choices=[(c.pk, c.text) for c in question.choices.all()],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                label=_("Your answer (choose all that apply)"),
                error_messages={
                    "required": _("Tick at least one answer before submitting."),
                    "invalid_choice": _("That choice is not on this question."),
                },
            )
        else:
            self.fields["answer"] = forms.CharField(
                max_length=grading.MAX_TEXT_LENGTH,
                strip=True,
                label=_("Your answer"),
                widget=forms.TextInput(
                    attrs={
                        "autocomplete": "off",
                        "inputmode": "decimal" if kind == "numeric" else "text",
                    }
                ),
                error_messages={
                    "required": _("Type an answer before submitting."),
                    "max_length": _(
                        "That answer is too long (at most %(limit_value)d characters)."
                    ),
                },
            )

    def clean_question(self):
        if self.cleaned_data["question"] != self.question_obj.pk:
            raise forms.ValidationError(_("The answer does not match the question."))
        return self.cleaned_data["question"]

    def response(self) -> dict:
        answer = self.cleaned_data["answer"]
        if self.question_obj.kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
            return {"choices": [answer]}
        if self.question_obj.kind == Question.Kind.MULTIPLE:
            return {"choices": list(answer)}
        return {"value": answer}
