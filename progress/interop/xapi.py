"""xAPI 1.0.2 statements for attempts (pure: no ORM, no request, no clock).

One attempt becomes one "answered" statement. The question is a ``cmi.interaction``
activity described from the attempt's *snapshot* (the question as it was asked), so editing
a question later never rewrites exported history. The concept is the parent activity.

The actor is identified by an account on this site (``homePage`` + the user's numeric id):
no email, no name. The statement id is a UUIDv5 of the learner and the attempt's client
token, so exporting twice (or forwarding to an LRS twice) yields the same ids and an LRS
deduplicates them.

Kinds map to interaction types as follows (correct response patterns per the xAPI spec):

=========== ============= ================================================
kind        interaction   correctResponsesPattern / response
=========== ============= ================================================
single      choice        "choice-12" (component ids)
multiple    choice        "choice-12[,]choice-14"
true_false  true-false    "true" / "false"
numeric     numeric       "3.5" or "3.49[:]3.51" when there is a tolerance
short_text  fill-in       one pattern per accepted answer
=========== ============= ================================================

Display text (activity names, descriptions, choice descriptions) is **plain text**: the
question's HTML or Markdown is reduced to its text (``core.plaintext``), so no markup an
author or an imported bank wrote reaches an LRS dashboard, and a ``<`` that could open a tag
is made inert. Language maps and ``context.language`` carry the content's own language
(``Question.content_language``, snapshotted on the attempt). Correct-response patterns and
the learner's response stay verbatim: they are values compared character by character, not
text for display.

Completed sessions (``session_statement``) and earned badges (``earned_statement``) become
statements too, for forwarding to an LRS (``progress.interop.lrs``).
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from core.plaintext import inert, one_line, rich_to_text

XAPI_VERSION = "1.0.2"
VERB_ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERB_EARNED = "http://id.tincanapi.com/verb/earned"
ACTIVITY_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ACTIVITY_OBJECTIVE = "http://adlnet.gov/expapi/activities/objective"
ACTIVITY_ASSIGNMENT = "http://id.tincanapi.com/activitytype/school-assignment"
ACTIVITY_ATTEMPT = "http://adlnet.gov/expapi/activities/attempt"
ACTIVITY_ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
ACTIVITY_BADGE = "http://activitystrea.ms/schema/1.0/badge"
# Fixed namespace for statement ids (uuid5 of "<learner id>:<client token>").
STATEMENT_NAMESPACE = uuid.UUID("5d0b5c1e-8f7a-4a53-9a51-2f1f6c3b9e10")
# Pathwise's own words (verb displays) are English.
UI_LANGUAGE = "en"
NAME_LIMIT = 200

INTERACTION_TYPES = {
    "single": "choice",
    "multiple": "choice",
    "true_false": "true-false",
    "numeric": "numeric",
    "short_text": "fill-in",
}


@dataclass(frozen=True)
class AttemptFacts:
    """What a statement needs from one attempt (copied out of the ORM by the caller)."""

    learner_id: int
    client_token: uuid.UUID
    question_id: int
    snapshot: Mapping[str, Any]  # Attempt.question_snapshot
    concept_slug: str
    concept_name: str
    response: Mapping[str, Any]  # Attempt.response (normalised by grading)
    response_text: str
    score: float
    is_correct: bool
    time_taken_seconds: float
    hints_used: int
    created_at: datetime
    language: str  # the question's language (BCP 47), as snapshotted or as it is now
    concept_language: str = ""  # the concept name's (its subject's); blank: ``language``
    # The assignment the answer was given in (its session was started from it), with the
    # title it had then: a grouping activity in the statement's context.
    assignment_id: int | None = None
    assignment_title: str = ""


def statement_id(*, learner_id: int, client_token: uuid.UUID) -> str:
    return str(uuid.uuid5(STATEMENT_NAMESPACE, f"{learner_id}:{client_token}"))


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration with at most two decimals: 12.5 -> "PT12.5S", 75 -> "PT1M15S"."""
    centis = max(0, round(seconds * 100))
    minutes, centis = divmod(centis, 6000)
    hours, minutes = divmod(minutes, 60)
    secs = f"{centis // 100}.{centis % 100:02d}".rstrip("0").rstrip(".")
    parts = "".join(
        part for part in (f"{hours}H" if hours else "", f"{minutes}M" if minutes else "") if part
    )
    if secs != "0" or not parts:
        parts += f"{secs}S"
    return f"PT{parts}"


def iso_timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def display_text(value: Any, text_format: str | None) -> str:
    """Authored text as inert plain text, for names and descriptions (see the docstring)."""
    return inert(rich_to_text(str(value or ""), text_format))


def _lang_map(text: str, language: str) -> dict[str, str]:
    return {language: text}


def actor(*, learner_id: int, id_base: str) -> dict[str, Any]:
    """The learner as an account on this site: no name, no email."""
    return {"objectType": "Agent", "account": {"homePage": id_base, "name": str(learner_id)}}


def _choice_id(choice_id: Any) -> str:
    return f"choice-{choice_id}"


def _number(value: Any) -> str | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _true_false(choices: Sequence[Mapping[str, Any]], picked_ids: Sequence[Any]) -> str | None:
    for choice in choices:
        if choice.get("id") in picked_ids:
            return "true" if str(choice.get("text", "")).strip().lower() == "true" else "false"
    return None


def _definition(kind: str, snapshot: Mapping[str, Any], language: str) -> dict[str, Any]:
    interaction = INTERACTION_TYPES.get(kind, "other")
    choices = list(snapshot.get("choices") or [])
    text_format = snapshot.get("prompt_format")
    prompt = display_text(snapshot.get("prompt"), text_format) or "Question"
    definition: dict[str, Any] = {
        "name": _lang_map(one_line(prompt, limit=NAME_LIMIT), language),
        "description": _lang_map(prompt, language),
        "type": ACTIVITY_INTERACTION,
        "interactionType": interaction,
    }
    correct = [c for c in choices if c.get("is_correct")]
    if interaction == "choice":
        definition["choices"] = [
            {
                "id": _choice_id(c.get("id")),
                "description": _lang_map(display_text(c.get("text"), text_format), language),
            }
            for c in choices
        ]
        definition["correctResponsesPattern"] = ["[,]".join(_choice_id(c["id"]) for c in correct)]
    elif interaction == "true-false":
        answer = _true_false(choices, [c.get("id") for c in correct])
        definition["correctResponsesPattern"] = [answer] if answer else []
    elif interaction == "numeric":
        answer = _number(snapshot.get("numeric_answer"))
        tolerance = _number(snapshot.get("tolerance")) or "0"
        if answer is None:
            definition["correctResponsesPattern"] = []
        elif Decimal(tolerance) == 0:
            definition["correctResponsesPattern"] = [answer]
        else:
            low = _number(Decimal(answer) - Decimal(tolerance))
            high = _number(Decimal(answer) + Decimal(tolerance))
            definition["correctResponsesPattern"] = [f"{low}[:]{high}"]
    elif interaction == "fill-in":
        definition["correctResponsesPattern"] = [str(c.get("text", "")) for c in correct]
    return definition


def _response(kind: str, facts: AttemptFacts) -> str:
    response = facts.response or {}
    choices = list(facts.snapshot.get("choices") or [])
    if kind in ("single", "multiple"):
        return "[,]".join(_choice_id(i) for i in response.get("choices", []))
    if kind == "true_false":
        return _true_false(choices, list(response.get("choices", []))) or ""
    if kind == "numeric":
        return _number(response.get("number")) or str(response.get("value", ""))
    if kind == "short_text":
        return str(response.get("text", response.get("value", "")))
    return facts.response_text


def _assignment_grouping(facts: AttemptFacts, id_base: str) -> dict[str, Any]:
    if facts.assignment_id is None:
        return {}
    activity = {
        "objectType": "Activity",
        "id": f"{id_base}/xapi/assignments/{facts.assignment_id}",
        "definition": {
            # A teacher's title, written for the class: tagged like the content it sets.
            "name": _lang_map(
                one_line(facts.assignment_title, limit=NAME_LIMIT) or "Assignment", facts.language
            ),
            "type": ACTIVITY_ASSIGNMENT,
        },
    }
    return {"grouping": [activity]}


def attempt_statement(facts: AttemptFacts, *, id_base: str) -> dict[str, Any]:
    """The xAPI statement for one attempt. ``id_base`` is the site's public address."""
    kind = str(facts.snapshot.get("kind", ""))
    score = min(1.0, max(0.0, float(facts.score)))
    concept_language = facts.concept_language or facts.language
    statement = {
        "id": statement_id(learner_id=facts.learner_id, client_token=facts.client_token),
        "actor": actor(learner_id=facts.learner_id, id_base=id_base),
        "verb": {"id": VERB_ANSWERED, "display": {UI_LANGUAGE: "answered"}},
        "object": {
            "objectType": "Activity",
            "id": f"{id_base}/xapi/questions/{facts.question_id}",
            "definition": _definition(kind, facts.snapshot, facts.language),
        },
        "result": {
            "success": bool(facts.is_correct),
            "score": {"scaled": score, "raw": score, "min": 0, "max": 1},
            "duration": iso_duration(facts.time_taken_seconds),
            "response": _response(kind, facts),
            "extensions": {f"{id_base}/xapi/extensions/hints-used": int(facts.hints_used)},
        },
        "context": {
            "platform": "Pathwise",
            "language": facts.language,
            "contextActivities": {
                "parent": [
                    {
                        "objectType": "Activity",
                        "id": f"{id_base}/xapi/concepts/{facts.concept_slug}",
                        "definition": {
                            "name": _lang_map(
                                display_text(facts.concept_name, "plain"), concept_language
                            ),
                            "type": ACTIVITY_OBJECTIVE,
                        },
                    }
                ]
            },
        },
        "timestamp": iso_timestamp(facts.created_at),
        "version": XAPI_VERSION,
    }
    statement["context"]["contextActivities"].update(_assignment_grouping(facts, id_base))
    return statement


# Sessions and badges --------------------------------------------------------------------


@dataclass(frozen=True)
class SessionFacts:
    """A completed practice session (copied out of the ORM by the caller)."""

    learner_id: int
    session_id: int
    scope: str  # concept, topic, activity or review
    scope_ref: str  # the concept's or topic's slug, the activity's id; "" for review
    scope_name: str
    mode: str  # practice, quiz, test, challenge, review
    language: str  # the language of the scope's subject
    question_count: int
    correct_count: int
    score_percent: float | None
    passed: bool | None  # against the activity's pass mark; None without one
    started_at: datetime
    ended_at: datetime


_SCOPE_PATHS = {"concept": "concepts", "topic": "topics", "activity": "activities"}


def session_statement_id(*, learner_id: int, session_id: int) -> str:
    return str(uuid.uuid5(STATEMENT_NAMESPACE, f"session:{learner_id}:{session_id}"))


def session_statement(facts: SessionFacts, *, id_base: str) -> dict[str, Any]:
    """The learner "completed" the session: questions, score and time as its result; the
    concept, topic or activity practised as its parent."""
    name = display_text(facts.scope_name, "plain") or "Review"
    assessed = facts.mode in ("quiz", "test")
    result: dict[str, Any] = {
        "completion": True,
        "duration": iso_duration((facts.ended_at - facts.started_at).total_seconds()),
        "extensions": {
            f"{id_base}/xapi/extensions/questions": facts.question_count,
            f"{id_base}/xapi/extensions/correct": facts.correct_count,
        },
    }
    if facts.question_count and facts.score_percent is not None:
        scaled = min(1.0, max(0.0, facts.score_percent / 100))
        result["score"] = {"scaled": round(scaled, 4)}
    if facts.passed is not None:
        result["success"] = facts.passed
    context: dict[str, Any] = {"platform": "Pathwise", "language": facts.language}
    if facts.scope in _SCOPE_PATHS and facts.scope_ref:
        context["contextActivities"] = {
            "parent": [
                {
                    "objectType": "Activity",
                    "id": f"{id_base}/xapi/{_SCOPE_PATHS[facts.scope]}/{facts.scope_ref}",
                    "definition": {
                        "name": _lang_map(one_line(name, limit=NAME_LIMIT), facts.language)
                    },
                }
            ]
        }
    return {
        "id": session_statement_id(learner_id=facts.learner_id, session_id=facts.session_id),
        "actor": actor(learner_id=facts.learner_id, id_base=id_base),
        "verb": {"id": VERB_COMPLETED, "display": {UI_LANGUAGE: "completed"}},
        "object": {
            "objectType": "Activity",
            "id": f"{id_base}/xapi/sessions/{facts.session_id}",
            "definition": {
                "name": _lang_map(
                    one_line(f"{facts.mode.title()}: {name}", limit=NAME_LIMIT), facts.language
                ),
                "type": ACTIVITY_ASSESSMENT if assessed else ACTIVITY_ATTEMPT,
            },
        },
        "result": result,
        "context": context,
        "timestamp": iso_timestamp(facts.ended_at),
        "version": XAPI_VERSION,
    }


@dataclass(frozen=True)
class EarnedFacts:
    """One award of a badge (the ``occurrence``-th time this learner earned it)."""

    learner_id: int
    badge_id: int
    badge_slug: str
    badge_name: str
    badge_description: str
    occurrence: int
    earned_at: datetime
    language: str


def earned_statement_id(*, learner_id: int, badge_id: int, occurrence: int) -> str:
    key = f"badge:{learner_id}:{badge_id}:{occurrence}"
    return str(uuid.uuid5(STATEMENT_NAMESPACE, key))


def earned_statement(facts: EarnedFacts, *, id_base: str) -> dict[str, Any]:
    """The learner "earned" a badge (each repeat of a repeatable badge is its own)."""
    definition: dict[str, Any] = {
        "name": _lang_map(
            one_line(display_text(facts.badge_name, "plain"), limit=NAME_LIMIT) or "Badge",
            facts.language,
        ),
        "type": ACTIVITY_BADGE,
    }
    description = display_text(facts.badge_description, "plain")
    if description:
        definition["description"] = _lang_map(description, facts.language)
    return {
        "id": earned_statement_id(
            learner_id=facts.learner_id, badge_id=facts.badge_id, occurrence=facts.occurrence
        ),
        "actor": actor(learner_id=facts.learner_id, id_base=id_base),
        "verb": {"id": VERB_EARNED, "display": {UI_LANGUAGE: "earned"}},
        "object": {
            "objectType": "Activity",
            "id": f"{id_base}/xapi/badges/{facts.badge_slug}",
            "definition": definition,
        },
        "result": {
            "completion": True,
            "extensions": {f"{id_base}/xapi/extensions/times-earned": facts.occurrence},
        },
        "context": {"platform": "Pathwise", "language": facts.language},
        "timestamp": iso_timestamp(facts.earned_at),
        "version": XAPI_VERSION,
    }
