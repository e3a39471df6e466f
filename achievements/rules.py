"""Badge rules: pure functions over what the answer path already loaded (no ORM, no clock).

A rule answers three questions about one badge and one learner:

- ``progress(snapshot, params) -> (current, target)``: how far along they are, for the
  bar on the badges page ("3 of 5 days");
- which event kinds can move it (``events``): only those rules are evaluated on an event;
- how many awards are due (:func:`awards_due`), given how many times the badge was
  already earned.

Repeatable badges ("earned again each time the rule is met anew") depend on the rule's
``repeat`` kind:

- ``COUNT``: cumulative counters (answers, correct answers, reviews, concepts mastered).
  Earned again at every further multiple of the threshold: "50 answered" repeatable is
  earned at 50, 100, 150...
- ``OCCURRENCE``: something that happens (a perfect session, an activity passed). Earned
  again at every new occurrence: each perfect session of at least M questions counts once.
- ``ONCE``: first attempt, streaks, accuracy, a whole topic mastered. These can only be
  earned once; a badge on them cannot be marked repeatable.
"""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy, ngettext_lazy
from django.utils.translation import gettext as _

from progress.metrics.snapshot import RECENT_WINDOW, Event, LearnerSnapshot, SessionResult

ATTEMPT_RECORDED = "attempt_recorded"
SESSION_COMPLETED = "session_completed"
CONCEPT_MASTERED = "concept_mastered"

ONCE = "once"
COUNT = "count"
OCCURRENCE = "occurrence"

# What a rule may be scoped to.
SCOPE_NONE = "none"  # the badge must not name a subject or topic
SCOPE_OPTIONAL = "optional"  # a subject or a topic narrows the rule
SCOPE_TOPIC = "topic"  # a topic is required


@dataclass(frozen=True)
class BadgeParams:
    """The parameters a badge gives its rule."""

    threshold: int = 1
    second: int | None = None
    subject_id: int | None = None
    topic_id: int | None = None
    scope_name: str = ""  # "Fractions": for descriptions only


@dataclass(frozen=True)
class Rule:
    kind: str
    label: str
    # Shown to students (lazy, plural by the threshold or the second parameter);
    # placeholders: %(threshold)s, %(second)s, %(scope)s, %(needed)s.
    description: str
    events: frozenset[str]
    repeat: str
    unit: str  # "%(current)s of %(target)s days", plural by the target
    progress: Callable[[LearnerSnapshot, BadgeParams], tuple[int, int]]
    threshold_help: str = ""  # empty: the rule has no threshold (always 1)
    second_help: str = ""  # empty: the rule takes no second parameter
    second_max: int | None = None
    threshold_max: int | None = None
    scope: str = SCOPE_NONE
    session_met: Callable[[SessionResult, BadgeParams], bool] | None = None

    @property
    def repeatable(self) -> bool:
        return self.repeat != ONCE

    def describe(self, params: BadgeParams) -> str:
        scope = gettext(" in %(name)s") % {"name": params.scope_name} if params.scope_name else ""
        needed = (
            gettext(" (%(n)s correct)") % {"n": _needed_correct(params)}
            if self.kind == "accuracy"
            else ""
        )
        return str(
            self.description
            % {
                "threshold": params.threshold,
                "second": params.second if params.second is not None else "",
                "scope": scope,
                "needed": needed,
            }
        )

    def progress_text(self, current: int, target: int) -> str:
        """ "3 of 5 days": the progress bar's words (plural by the target)."""
        return str(self.unit % {"current": current, "target": target})

    def parameter_help(self) -> str:
        """The rule for authors, described once, in one notation: N is the threshold and M
        the second parameter, whatever the rule (the fields' help texts say the same)."""
        # N and M are letters, but gettext picks a plural form from a number: format with
        # two numbers no rule uses (plural in every language), then write the letters.
        described = str(
            self.description
            % {"threshold": _N, "second": _M, "scope": _SCOPE_PHRASE[self.scope], "needed": ""}
        )
        sentences = [
            described.replace(str(_N), "N").replace(str(_M), "M"),
            gettext("N: %(help)s") % {"help": self.threshold_help}
            if self.threshold_help
            else gettext("No threshold (leave N at 1)"),
        ]
        if self.second_help:
            sentences.append(gettext("M: %(help)s") % {"help": self.second_help})
        sentences.append(_SCOPE_HELP[self.scope])
        sentences.append(_REPEAT_HELP[self.repeat])
        return " ".join(s if s.endswith(".") else s + "." for s in sentences)


_N, _M = 987654321, 987654322  # stand-ins for the letters N and M (parameter_help)

_SCOPE_PHRASE = {
    SCOPE_NONE: "",
    SCOPE_OPTIONAL: gettext_lazy(" (in the subject or topic chosen, if any)"),
    SCOPE_TOPIC: gettext_lazy(" in the topic chosen"),
}
_SCOPE_HELP = {
    SCOPE_NONE: gettext_lazy("No subject or topic"),
    SCOPE_OPTIONAL: gettext_lazy("A subject or a topic may narrow it"),
    SCOPE_TOPIC: gettext_lazy("Needs a topic"),
}
_REPEAT_HELP = {
    ONCE: gettext_lazy("Earned once only (cannot be made repeatable)"),
    COUNT: gettext_lazy("When repeatable, earned again at every further multiple of N"),
    OCCURRENCE: gettext_lazy("When repeatable, earned again at every new occurrence"),
}


# --- progress functions -------------------------------------------------------------------


def _first_attempt(s: LearnerSnapshot, p: BadgeParams) -> tuple[int, int]:
    return min(s.total_attempts, 1), 1


def _answered(s: LearnerSnapshot, p: BadgeParams) -> tuple[int, int]:
    return s.total_attempts, p.threshold


def _correct(s: LearnerSnapshot, p: BadgeParams) -> tuple[int, int]:
    return s.correct_attempts, p.threshold


def _streak(s: LearnerSnapshot, p: BadgeParams) -> tuple[int, int]:
    # Met by any streak that reached N days (the longest); until then the bar shows the
    # streak the learner is on now.
    if s.longest_streak >= p.threshold:
        return s.longest_streak, p.threshold
    return s.current_streak, p.threshold


def _in_scope(s: LearnerSnapshot, p: BadgeParams) -> list[int]:
    return [
        r.concept_id
        for r in s.concept_refs
        if (p.topic_id is None or r.topic_id == p.topic_id)
        and (p.subject_id is None or r.subject_id == p.subject_id)
    ]


def _mastered(s: LearnerSnapshot, p: BadgeParams) -> tuple[int, int]:
    if p.topic_id is None and p.subject_id is None:
        return s.concepts_mastered, p.threshold
    return len(set(_in_scope(s, p)) & s.mastered_concept_ids), p.threshold


def _topic_mastered(s: LearnerSnapshot, p: BadgeParams) -> tuple[int, int]:
    concepts = set(_in_scope(s, p)) if p.topic_id is not None else set()
    return len(concepts & s.mastered_concept_ids), len(concepts)


def _needed_correct(p: BadgeParams) -> int:
    window = p.second or 0
    return math.ceil(p.threshold * window / 100)


def _accuracy(s: LearnerSnapshot, p: BadgeParams) -> tuple[int, int]:
    # Correct answers among the last N against those needed for X%: once that many of the
    # last N are right, the rate over those N answers is at least X% whatever else happened.
    window = p.second or 0
    last = s.recent_results[-window:] if window else ()
    return sum(last), _needed_correct(p)


def _reviews(s: LearnerSnapshot, p: BadgeParams) -> tuple[int, int]:
    return s.reviews_on_time, p.threshold


def _no_snapshot_progress(s: LearnerSnapshot, p: BadgeParams) -> tuple[int, int]:
    return 0, 1  # session rules are met by an event, not by a counter


def _perfect_session(r: SessionResult, p: BadgeParams) -> bool:
    return r.question_count >= (p.second or 1) and r.correct_count == r.question_count


def _activity_passed(r: SessionResult, p: BadgeParams) -> bool:
    return r.activity_id is not None and r.passed


# --- the registry -------------------------------------------------------------------------

RULES: dict[str, Rule] = {
    rule.kind: rule
    for rule in (
        Rule(
            kind="first_attempt",
            label=gettext_lazy("First answer"),
            description=gettext_lazy("Answer your first question."),
            events=frozenset({ATTEMPT_RECORDED}),
            repeat=ONCE,
            unit=ngettext_lazy(
                "%(current)s of %(target)s question",
                "%(current)s of %(target)s questions",
                "target",
            ),
            progress=_first_attempt,
        ),
        Rule(
            kind="questions_answered",
            label=gettext_lazy("Questions answered"),
            description=ngettext_lazy(
                "Answer %(threshold)s question.",
                "Answer %(threshold)s questions.",
                "threshold",
            ),
            events=frozenset({ATTEMPT_RECORDED}),
            repeat=COUNT,
            unit=ngettext_lazy(
                "%(current)s of %(target)s question",
                "%(current)s of %(target)s questions",
                "target",
            ),
            progress=_answered,
            threshold_help=gettext_lazy("how many questions"),
        ),
        Rule(
            kind="correct_answers",
            label=gettext_lazy("Correct answers"),
            description=ngettext_lazy(
                "Get %(threshold)s answer right.",
                "Get %(threshold)s answers right.",
                "threshold",
            ),
            events=frozenset({ATTEMPT_RECORDED}),
            repeat=COUNT,
            unit=ngettext_lazy(
                "%(current)s of %(target)s correct answer",
                "%(current)s of %(target)s correct answers",
                "target",
            ),
            progress=_correct,
            threshold_help=gettext_lazy("how many correct answers"),
        ),
        Rule(
            kind="streak_days",
            label=gettext_lazy("Daily streak"),
            description=ngettext_lazy(
                "Practise %(threshold)s day in a row.",
                "Practise %(threshold)s days in a row.",
                "threshold",
            ),
            events=frozenset({ATTEMPT_RECORDED}),
            repeat=ONCE,
            unit=ngettext_lazy(
                "%(current)s of %(target)s day",
                "%(current)s of %(target)s days",
                "target",
            ),
            progress=_streak,
            threshold_help=gettext_lazy("how many days in a row"),
        ),
        Rule(
            kind="concepts_mastered",
            label=gettext_lazy("Concepts mastered"),
            description=ngettext_lazy(
                "Master %(threshold)s concept%(scope)s.",
                "Master %(threshold)s concepts%(scope)s.",
                "threshold",
            ),
            events=frozenset({CONCEPT_MASTERED}),
            repeat=COUNT,
            unit=ngettext_lazy(
                "%(current)s of %(target)s concept",
                "%(current)s of %(target)s concepts",
                "target",
            ),
            progress=_mastered,
            threshold_help=gettext_lazy("how many concepts"),
            scope=SCOPE_OPTIONAL,
        ),
        Rule(
            kind="topic_mastered",
            label=gettext_lazy("Whole topic mastered"),
            description=gettext_lazy("Master every concept%(scope)s."),
            events=frozenset({CONCEPT_MASTERED}),
            repeat=ONCE,
            unit=ngettext_lazy(
                "%(current)s of %(target)s concept",
                "%(current)s of %(target)s concepts",
                "target",
            ),
            progress=_topic_mastered,
            scope=SCOPE_TOPIC,
        ),
        Rule(
            kind="perfect_session",
            label=gettext_lazy("Perfect session"),
            description=ngettext_lazy(
                "Finish a session of at least %(second)s question with every answer right.",
                "Finish a session of at least %(second)s questions with every answer right.",
                "second",
            ),
            events=frozenset({SESSION_COMPLETED}),
            repeat=OCCURRENCE,
            unit=ngettext_lazy(
                "%(current)s of %(target)s session",
                "%(current)s of %(target)s sessions",
                "target",
            ),
            progress=_no_snapshot_progress,
            second_help=gettext_lazy("the fewest questions the session must have"),
            session_met=_perfect_session,
        ),
        Rule(
            kind="accuracy",
            label=gettext_lazy("Accuracy"),
            description=ngettext_lazy(
                "Get at least %(threshold)s%% of your last %(second)s answer right%(needed)s.",
                "Get at least %(threshold)s%% of your last %(second)s answers right%(needed)s.",
                "second",
            ),
            events=frozenset({ATTEMPT_RECORDED}),
            repeat=ONCE,
            unit=ngettext_lazy(
                "%(current)s of %(target)s correct answer",
                "%(current)s of %(target)s correct answers",
                "target",
            ),
            progress=_accuracy,
            threshold_help=gettext_lazy("the accuracy to reach, in percent"),
            threshold_max=100,
            second_help=format_lazy(
                gettext_lazy("how many latest answers count (at most {n})"), n=RECENT_WINDOW
            ),
            second_max=RECENT_WINDOW,
        ),
        Rule(
            kind="reviews_on_time",
            label=gettext_lazy("Reviews on time"),
            description=ngettext_lazy(
                "Complete %(threshold)s review on time.",
                "Complete %(threshold)s reviews on time.",
                "threshold",
            ),
            events=frozenset({ATTEMPT_RECORDED}),
            repeat=COUNT,
            unit=ngettext_lazy(
                "%(current)s of %(target)s review",
                "%(current)s of %(target)s reviews",
                "target",
            ),
            progress=_reviews,
            threshold_help=gettext_lazy("how many on-time reviews"),
        ),
        Rule(
            kind="activity_passed",
            label=gettext_lazy("Activity passed"),
            description=gettext_lazy("Pass a quiz, test or challenge."),
            events=frozenset({SESSION_COMPLETED}),
            repeat=OCCURRENCE,
            unit=ngettext_lazy(
                "%(current)s of %(target)s activity",
                "%(current)s of %(target)s activities",
                "target",
            ),
            progress=_no_snapshot_progress,
            session_met=_activity_passed,
        ),
    )
}

RULE_CHOICES = [(rule.kind, rule.label) for rule in RULES.values()]


def kinds_for_event(event_kind: str) -> list[str]:
    """The rule kinds an event can move: the only ones evaluated on it."""
    return [kind for kind, rule in RULES.items() if event_kind in rule.events]


def params_errors(
    kind: str, params: BadgeParams, *, repeatable: bool, has_subject: bool, has_topic: bool
) -> dict[str, str]:
    """What is wrong with a badge's parameters for its rule, as {field: message}."""
    rule = RULES.get(kind)
    if rule is None:
        return {"rule_kind": _("Choose a rule.")}
    errors: dict[str, str] = {}
    if rule.threshold_help:
        if params.threshold < 1:
            errors["threshold"] = _("The threshold must be at least 1.")
        elif rule.threshold_max is not None and params.threshold > rule.threshold_max:
            errors["threshold"] = _("The threshold must be at most %(threshold_max)s.") % {
                "threshold_max": rule.threshold_max
            }
    elif params.threshold != 1:
        errors["threshold"] = _("“%(label)s” takes no threshold: leave it at 1.") % {
            "label": rule.label
        }
    if rule.second_help:
        if params.second is None or params.second < 1:
            errors["second_parameter"] = _("“%(label)s” needs %(second_help)s.") % {
                "label": rule.label,
                "second_help": rule.second_help,
            }
        elif rule.second_max is not None and params.second > rule.second_max:
            errors["second_parameter"] = _(
                "The second parameter must be at most %(second_max)s."
            ) % {"second_max": rule.second_max}
    elif params.second is not None:
        errors["second_parameter"] = _("“%(label)s” takes no second parameter.") % {
            "label": rule.label
        }
    if has_subject and has_topic:
        errors["topic"] = _("Choose a subject or a topic, not both.")
    elif rule.scope == SCOPE_NONE and (has_subject or has_topic):
        errors["subject" if has_subject else "topic"] = _(
            "“%(label)s” cannot be limited to a subject or topic."
        ) % {"label": rule.label}
    elif rule.scope == SCOPE_TOPIC and not has_topic:
        errors["topic"] = _("“%(label)s” needs a topic.") % {"label": rule.label}
    if repeatable and not rule.repeatable:
        errors["repeatable"] = _("“%(label)s” can only be earned once.") % {"label": rule.label}
    return errors


def times_met(
    kind: str, params: BadgeParams, *, snapshot: LearnerSnapshot, repeatable: bool
) -> int:
    """How many times the badge should have been earned in all, judging by the learner's
    current state (counter and once rules; 0 for occurrence rules)."""
    rule = RULES[kind]
    if rule.repeat == OCCURRENCE:
        return 0
    current, target = rule.progress(snapshot, params)
    if target <= 0 or current < target:
        return 0
    return current // target if repeatable and rule.repeat == COUNT else 1


def times_met_in_history(
    kind: str, params: BadgeParams, *, sessions: Iterable[SessionResult], repeatable: bool
) -> int:
    """How many times an occurrence rule was met over completed sessions (backfill)."""
    rule = RULES[kind]
    if rule.repeat != OCCURRENCE:
        return 0
    occurrences = sum(1 for s in sessions if rule.session_met(s, params))
    return occurrences if repeatable else min(occurrences, 1)


def occurred(kind: str, params: BadgeParams, *, event: Event) -> bool:
    """Whether this event is a new occurrence of an occurrence rule (a perfect session...)."""
    rule = RULES[kind]
    return (
        rule.repeat == OCCURRENCE
        and event.kind in rule.events
        and event.session is not None
        and rule.session_met(event.session, params)
    )


def awards_due(
    kind: str, params: BadgeParams, *, event: Event, times_earned: int, repeatable: bool
) -> int:
    """How many times this event earns the badge (0 almost always)."""
    rule = RULES[kind]
    if event.kind not in rule.events:
        return 0
    if rule.repeat == OCCURRENCE:
        return int(occurred(kind, params, event=event) and (repeatable or times_earned == 0))
    total = times_met(kind, params, snapshot=event.snapshot, repeatable=repeatable)
    return max(0, total - times_earned)
