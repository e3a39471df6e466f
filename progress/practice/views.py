"""The practice loop's pages: start, question, answer, hint, feedback, finish, summary."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.forms import is_possible_id
from learning.models import Activity, Concept, Question, Topic
from learning.number_locale import answer_locale, number_rule
from progress.mastery.evidence import SITTING
from progress.practice.answers import attempt_record
from progress.practice.forms import AnswerForm, StartForm
from progress.practice.selectors import (
    attempt_get_for_user,
    concept_blocked_for,
    question_for_answer,
    session_attempts,
    session_concept_moves,
    session_for_answer,
    session_get_for_user,
    session_next_question,
)
from progress.practice.sessions import (
    hints_revealed_elsewhere,
    ran_out_message,
    session_complete,
    session_reveal_hint,
    session_serve,
    session_start,
)


@require_POST
def practice_start(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST)
    if not form.is_valid():
        return render(request, "progress/practice_error.html", {"form": form}, status=400)
    data = form.cleaned_data
    target = {
        "concept": lambda: {"concept": get_object_or_404(Concept, slug=data["slug"])},
        "topic": lambda: {"topic": get_object_or_404(Topic, slug=data["slug"])},
        "activity": lambda: {
            "activity": get_object_or_404(
                Activity, slug=data["slug"], status=Activity.Status.PUBLISHED
            )
        },
        "review": lambda: {"review_mode": True},
    }[data["scope"]]()
    try:
        session = session_start(learner=request.user, now=timezone.now(), **target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(data["back"] or "home")
    if "concept" in target and concept_blocked_for(
        learner=request.user, concept=target["concept"], now=timezone.now()
    ):
        messages.warning(
            request,
            _(
                "Heads up: you have not mastered the prerequisites of this concept yet, so it may "
                "feel hard. You can practise them first from the concept page."
            ),
        )
    return redirect(session)


@never_cache  # the back button must never show a stale form with a spent client token
def session_question(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk)
    if not session.is_open:
        return redirect("progress:session_summary", pk=session.pk)
    question = session.current_question
    if question is None:
        question = session_next_question(session=session, now=timezone.now())
        if question is None:
            if session.question_count < session.target_questions and not session.activity_id:
                messages.info(request, ran_out_message(session))
            session_complete(session=session, now=timezone.now())
            return redirect("progress:session_summary", pk=session.pk)
        session_serve(session=session, question=question, now=timezone.now())
    prefetch_related_objects([question], "choices")  # one query for the form and the page
    return _render_question(request, session, question, AnswerForm(question=question))


def _render_question(request, session, question, form, status=200) -> HttpResponse:
    picked = _picked(form)
    context = {
        "session": session,
        "question": question,
        "choice_rows": [
            {"choice": c, "checked": str(c.pk) in picked} for c in question.choices.all()
        ],
        "confidence_value": str(form["confidence"].value() or "") if form.is_bound else "",
        "dots": [i < session.question_count for i in range(session.target_questions)],
        "form": form,
        "client_token": uuid.uuid4(),
        "hints": question.hints[: session.hints_shown],
        "more_hints": session.hints_shown < len(question.hints),
        "position": session.question_count + 1,
        # The question's own language (lang="" on the prompt when it differs from the page)
        # and, for numbers, how the learner's locale reads them (learning.number_locale).
        "content_language": question.content_language,
        "number_rule": number_rule(answer_locale())
        if question.kind == Question.Kind.NUMERIC
        else "",
    }
    return render(request, "progress/question.html", context, status=status)


def _picked(form: AnswerForm) -> set[str]:
    """The choices the learner had ticked, so a form error never clears them."""
    if not form.is_bound:
        return set()
    value = form["answer"].value()
    if value is None:
        return set()
    return {value} if isinstance(value, str) else {str(v) for v in value}


@require_POST
def session_hint(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk)
    try:
        session_reveal_hint(session=session, now=timezone.now())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(session)


@require_POST
def session_answer(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_answer(user=request.user, pk=pk)
    question = question_for_answer(
        pk=_int_or_none(request.POST.get("question")), content_token=session.content_token
    )
    if question is None or question.status != Question.Status.PUBLISHED:
        return render(
            request,
            "progress/practice_error.html",
            {"message": "That question is not available any more."},
            status=404 if question is None else 400,
        )
    form = AnswerForm(request.POST, question=question)
    if not form.is_valid():
        return _render_question(request, session, question, form, status=400)
    if session.current_question_id == question.pk:
        hints = session.hints_shown
    else:  # nothing on screen here (another question is refused): hints seen in other tabs
        hints = hints_revealed_elsewhere(session=session, question=question)
    try:
        result = attempt_record(
            learner=request.user,
            question=question,
            response=form.response(),
            client_token=form.cleaned_data["client_token"],
            now=timezone.now(),
            session=session,
            hints_used=hints,
            confidence=form.cleaned_data["confidence"],
        )
    except ValidationError as exc:
        if exc.code == "not_current":
            # A stale page: say so, and show where the session really is.
            messages.warning(request, " ".join(exc.messages))
            return redirect(session)
        form.add_error(None, exc)
        return _render_question(request, session, question, form, status=400)
    if not result.created and result.attempt.response != form.response():
        messages.info(
            request,
            _(
                "You had already answered this question, so your first answer is the one that "
                "counts. Here is its feedback."
            ),
        )
    if session.defers_feedback:
        return redirect(session)
    if result.created and session.question_count + 1 >= session.target_questions:
        # The last question of the session: close it now, so a learner who stops at the
        # feedback page does not leave it "in progress (10 of 10 answered)" for ever.
        session_complete(session=session, now=timezone.now())
    return redirect("progress:attempt_feedback", pk=session.pk, attempt_pk=result.attempt.pk)


def _int_or_none(value: str | None) -> int | None:
    """A question id from the form, or None when it is not one the database could hold."""
    return int(value) if value is not None and is_possible_id(value) else None


def attempt_feedback(request: HttpRequest, pk: int, attempt_pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk)
    if session.defers_feedback and session.is_open:
        raise Http404("Answers are shown when the activity is submitted.")
    attempt = attempt_get_for_user(user=request.user, session=session, pk=attempt_pk)
    snapshot = attempt.question_snapshot
    chosen = set(attempt.response.get("choices", []))
    choices = [{**c, "picked": c["id"] in chosen} for c in snapshot.get("choices", [])]
    accepted = []
    if snapshot.get("kind") == Question.Kind.SHORT_TEXT:
        # Short-text "choices" are accepted and anticipated answers, not options to list;
        # the matched one's feedback is in attempt.feedback.
        accepted = [c["text"] for c in choices if c["is_correct"]]
        choices = []
    context = {
        "session": session,
        "attempt": attempt,
        "snapshot": snapshot,
        "choices": choices,
        "accepted": accepted,
        "finished": session.question_count >= session.target_questions,
        # Closed by this very answer (the last of the session), not reopened from a summary.
        "just_finished": not session.is_open
        and session.ended_at is not None
        and session.ended_at >= attempt.created_at,
        "position": min(session.question_count, session.target_questions),
        "before_pct": None
        if attempt.mastery_before is None
        else round(100 * attempt.mastery_before),
        "after_pct": round(100 * attempt.mastery_after),
        "practice_only": attempt.evidence <= 0,
        "practice_window_hours": round(SITTING.total_seconds() / 3600),
        "content_language": snapshot.get("language") or "",
    }
    return render(request, "progress/feedback.html", context)


@require_POST
def session_finish(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk)
    session_complete(session=session, now=timezone.now())
    return redirect("progress:session_summary", pk=session.pk)


def session_summary(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk)
    if session.is_open:
        return redirect(session)
    attempts = list(session_attempts(session=session))
    passed = None
    if session.activity is not None and session.activity.pass_mark is not None:
        passed = session.score_percent >= session.activity.pass_mark
    context = {
        "session": session,
        "attempts": attempts,
        "moves": session_concept_moves(session=session),
        "passed": passed,
        "minutes": round(session.seconds_total / 60, 1),
        "again_url": reverse("progress:practice_start"),
    }
    return render(request, "progress/summary.html", context)
