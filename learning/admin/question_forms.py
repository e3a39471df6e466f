"""The question form and its choice inline: what the authoring page validates, field by field."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext

from learning import grading
from learning.models import (
    Choice,
    Question,
)

# --- questions ----------------------------------------------------------------------


class AnswerableChoiceFormSet(BaseInlineFormSet):
    """Refuse the whole save when the question with these choices cannot be answered.

    By the time the admin validates inline formsets the parent form has cleaned its
    data into ``self.instance`` (kind, numeric answer, tolerance), so the would-be
    question is that instance plus the choices that are kept, in their order. Each
    problem that belongs to a choice is shown on that choice's row, next to its field
    (a weight that cannot reach full marks, a tick that disagrees with the weight...).
    A numeric question with answer rows and no correct answer above gets the first
    full-credit row as its correct answer.
    """

    def _kept(self) -> list[tuple[forms.Form, Choice]]:
        kept = []
        for position, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", None)
            if not data or (self.can_delete and self._should_delete_form(form)):
                continue  # an untouched blank row, or a row ticked for deletion
            choice = Choice(
                pk=form.instance.pk,
                text=data.get("text", ""),
                is_correct=data.get("is_correct", False),
                feedback=data.get("feedback", ""),
                weight=data.get("weight"),
                tolerance=data.get("tolerance"),
                order=data.get("order") or 0,
            )
            kept.append((position, form, choice))
        kept.sort(key=lambda item: (item[2].order, item[0]))  # the order grading sees
        return [(form, choice) for _, form, choice in kept]

    def _fill_numeric_answer(self, choices: list[Choice]) -> None:
        question = self.instance
        if question.kind != Question.Kind.NUMERIC or not choices:
            return
        if question.numeric_answer is not None:
            return
        first = grading.first_full_answer(question.to_spec(choices).numeric_answers)
        if first is not None:
            question.numeric_answer = grading.answer_value(first)
            question.tolerance = first.tolerance or Decimal(0)

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return  # fix the rows first; their errors are already on the page
        kept = self._kept()
        choices = [choice for _, choice in kept]
        self._fill_numeric_answer(choices)
        rows = [form for form, _ in kept]
        general = []
        for problem in self.instance.answerability_problems(choices):
            form = rows[problem.choice] if problem.choice is not None else None
            if form is not None and problem.field in form.fields:
                form.add_error(problem.field, problem.message)
            else:
                general.append(problem.message)
        if general:
            raise ValidationError(general)
        if any(self.errors):
            raise ValidationError(gettext("Please correct the choices marked below."))


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = AnswerableChoiceFormSet
    fields = ("order", "text", "is_correct", "feedback", "weight", "tolerance")
    extra = 2
    verbose_name_plural = (
        "choices (short text: the accepted answers, ticked correct, and any anticipated "
        "wrong answers, tried in order; numeric: optional answer rows, a value or *, each "
        "with its tolerance; weight: optional fraction of the mark, -1 to 1, which switches "
        "on Moodle's grading rules)"
    )


class QuestionAdminForm(forms.ModelForm):
    """Format and tags may be left out of a POST: an omitted format keeps the current one."""

    class Meta:
        model = Question
        fields = (
            "concept",
            "kind",
            "title",
            "prompt_format",
            "prompt",
            "explanation",
            "numeric_answer",
            "tolerance",
            "hint_1",
            "hint_2",
            "hint_3",
            "status",
            "difficulty",
            "order",
            "external_id",
            "tags",
            "case_sensitive",
            "language",
        )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "prompt_format" in self.fields:
            self.fields["prompt_format"].required = False

    def clean_prompt_format(self) -> str:
        return self.cleaned_data.get("prompt_format") or self.instance.prompt_format

    def clean_tags(self) -> list[str]:
        tags = self.cleaned_data.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise ValidationError(
                gettext('Write the tags as a list of names, e.g. ["algebra", "exam"].')
            )
        return tags

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("case_sensitive") and cleaned.get("kind") != Question.Kind.SHORT_TEXT:
            self.add_error(
                "case_sensitive",
                gettext("Only short-text questions can be case-sensitive; untick it."),
            )
        return cleaned
