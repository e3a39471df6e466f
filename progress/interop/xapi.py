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
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

XAPI_VERSION = "1.0.2"
VERB_ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
ACTIVITY_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ACTIVITY_OBJECTIVE = "http://adlnet.gov/expapi/activities/objective"
ACTIVITY_ASSIGNMENT = "http://id.tincanapi.com/activitytype/school-assignment"
# Fixed namespace for statement ids (uuid5 of "<learner id>:<client token>").
STATEMENT_NAMESPACE = uuid.UUID("5d0b5c1e-8f7a-4a53-9a51-2f1f6c3b9e10")
LANGUAGE = "en"

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


def _definition(kind: str, snapshot: Mapping[str, Any]) -> dict[str, Any]:
    interaction = INTERACTION_TYPES.get(kind, "other")
    choices = list(snapshot.get("choices") or [])
    prompt = str(snapshot.get("prompt") or "")
    definition: dict[str, Any] = {
        "name": {LANGUAGE: prompt[:200] or "Question"},
        "description": {LANGUAGE: prompt or "Question"},
        "type": ACTIVITY_INTERACTION,
        "interactionType": interaction,
    }
    correct = [c for c in choices if c.get("is_correct")]
    if interaction == "choice":
        definition["choices"] = [
            {"id": _choice_id(c.get("id")), "description": {LANGUAGE: str(c.get("text", ""))}}
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
            "name": {LANGUAGE: facts.assignment_title or "Assignment"},
            "type": ACTIVITY_ASSIGNMENT,
        },
    }
    return {"grouping": [activity]}


def attempt_statement(facts: AttemptFacts, *, id_base: str) -> dict[str, Any]:
    """The xAPI statement for one attempt. ``id_base`` is the site's public address."""
    kind = str(facts.snapshot.get("kind", ""))
    score = min(1.0, max(0.0, float(facts.score)))
    statement = {
        "id": statement_id(learner_id=facts.learner_id, client_token=facts.client_token),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": id_base, "name": str(facts.learner_id)},
        },
        "verb": {"id": VERB_ANSWERED, "display": {"en-US": "answered"}},
        "object": {
            "objectType": "Activity",
            "id": f"{id_base}/xapi/questions/{facts.question_id}",
            "definition": _definition(kind, facts.snapshot),
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
            "language": LANGUAGE,
            "contextActivities": {
                "parent": [
                    {
                        "objectType": "Activity",
                        "id": f"{id_base}/xapi/concepts/{facts.concept_slug}",
                        "definition": {
                            "name": {LANGUAGE: facts.concept_name},
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
