"""Item analysis of a class's answers (pure, no ORM, no clock).

For each question: attempts and share correct (over every attempt), and, from each
student's **first** attempt at it: median time, how often each wrong answer was picked,
and the discrimination index D = p(upper) - p(lower): the share of the strongest 27% of
students who got the item right minus the share of the weakest 27%. Students are ranked by
their mean first-attempt score, which equals the classical "total score" ranking when
everyone answers the same items, and stays fair in practice, where students answer
different numbers of questions. First attempts are what an item analysis is about (a
student's own thinking, before any feedback revealed the answer), and they keep the work
bounded: at most one row per student and question, however long the class's history.

Flags point a teacher at items worth a look:

* ``nearly_all_wrong``: at most 20% of attempts correct (with enough attempts to judge);
* ``negative_discrimination``: high scorers fail it more often than low scorers (D < 0),
  which usually means a wrong answer key or an ambiguous prompt.
"""

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

GROUP_SHARE = 0.27
MIN_STUDENTS_FOR_D = 4  # fewer than this and the upper and lower groups overlap in one
MIN_ATTEMPTS_FOR_FLAGS = 5
NEARLY_ALL_WRONG_MAX = 0.2
TOP_WRONG_TEXTS = 3

FLAG_NEARLY_ALL_WRONG = "nearly_all_wrong"
FLAG_NEGATIVE_DISCRIMINATION = "negative_discrimination"
FLAG_LABELS = {
    FLAG_NEARLY_ALL_WRONG: "Nearly everyone gets this wrong",
    FLAG_NEGATIVE_DISCRIMINATION: "High scorers fail this more than low scorers",
}


@dataclass(frozen=True)
class Response:
    """One attempt, as the analysis needs it (in the order the attempts were made)."""

    student_id: int
    question_id: int
    score: float
    is_correct: bool
    seconds: float
    choice_ids: tuple[int, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class ChoiceInfo:
    id: int
    text: str
    is_correct: bool


@dataclass(frozen=True)
class ItemInfo:
    """What was asked: choice questions list their choices; others have none."""

    question_id: int
    choices: tuple[ChoiceInfo, ...] = ()


@dataclass(frozen=True)
class WrongAnswer:
    label: str
    count: int
    share: float  # of all attempts at the item


@dataclass(frozen=True)
class ItemStats:
    question_id: int
    attempts: int
    students: int
    correct: int
    share_correct: float
    median_seconds: float | None
    wrong_answers: tuple[WrongAnswer, ...]
    discrimination: float | None
    flags: tuple[str, ...]

    @property
    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS[f] for f in self.flags]


def median(values: Iterable[float]) -> float | None:
    items = list(values)
    return statistics.median(items) if items else None


def first_attempts(responses: Iterable[Response]) -> dict[tuple[int, int], Response]:
    """Each student's first attempt at each question, keyed (student, question)."""
    first: dict[tuple[int, int], Response] = {}
    for r in responses:
        first.setdefault((r.student_id, r.question_id), r)
    return first


def student_scores(first: Mapping[tuple[int, int], Response]) -> dict[int, float]:
    """Mean first-attempt score per student: the ranking the groups are cut from."""
    totals: dict[int, list[float]] = defaultdict(list)
    for (student_id, _), r in first.items():
        totals[student_id].append(r.score)
    return {sid: sum(scores) / len(scores) for sid, scores in totals.items()}


def score_groups(scores: Mapping[int, float]) -> tuple[frozenset[int], frozenset[int]]:
    """(upper, lower): the top and bottom 27% of students (ties broken by id, stably)."""
    if len(scores) < MIN_STUDENTS_FOR_D:
        return frozenset(), frozenset()
    ranked = sorted(scores, key=lambda sid: (-scores[sid], sid))
    size = max(1, round(GROUP_SHARE * len(ranked)))
    return frozenset(ranked[:size]), frozenset(ranked[-size:])


def discrimination_index(
    item_first: Mapping[int, Response], upper: frozenset[int], lower: frozenset[int]
) -> float | None:
    """p(upper correct) - p(lower correct) among group members who answered the item."""
    up = [r.is_correct for sid, r in item_first.items() if sid in upper]
    low = [r.is_correct for sid, r in item_first.items() if sid in lower]
    if not up or not low:
        return None
    return sum(up) / len(up) - sum(low) / len(low)


def wrong_answers(item: ItemInfo | None, responses: Sequence[Response]) -> tuple[WrongAnswer, ...]:
    """Choice questions: every wrong choice with how often it was picked (0 included).
    Typed answers: the most common wrong answers."""
    total = len(responses)
    if not total:
        return ()
    if item is not None and item.choices:
        picked: Counter[int] = Counter(cid for r in responses for cid in r.choice_ids)
        known = {c.id for c in item.choices}
        rows = [
            WrongAnswer(label=c.text, count=picked[c.id], share=picked[c.id] / total)
            for c in item.choices
            if not c.is_correct
        ]
        # Choices picked in wrong answers but no longer on the question (removed since).
        removed: Counter[int] = Counter(
            cid for r in responses if not r.is_correct for cid in r.choice_ids if cid not in known
        )
        rows += [
            WrongAnswer(
                label=gettext("Choice %(cid)s (since removed)") % {"cid": cid},
                count=n,
                share=n / total,
            )
            for cid, n in sorted(removed.items())
        ]
        return tuple(rows)
    texts: Counter[str] = Counter(
        r.text.strip() for r in responses if not r.is_correct and r.text.strip()
    )
    return tuple(
        WrongAnswer(label=text, count=n, share=n / total)
        for text, n in sorted(texts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_WRONG_TEXTS]
    )


def item_flags(*, attempts: int, share_correct: float, discrimination: float | None) -> tuple:
    flags = []
    if attempts >= MIN_ATTEMPTS_FOR_FLAGS and share_correct <= NEARLY_ALL_WRONG_MAX:
        flags.append(FLAG_NEARLY_ALL_WRONG)
    if discrimination is not None and discrimination < 0:
        flags.append(FLAG_NEGATIVE_DISCRIMINATION)
    return tuple(flags)


@dataclass(frozen=True)
class ItemTotals:
    """Every attempt at one question, counted (the database does it: one row a question)."""

    question_id: int
    attempts: int
    correct: int


def analyse(responses: Iterable[Response], items: Mapping[int, ItemInfo]) -> list[ItemStats]:
    """The analysis of a list of attempts (in the order they were made)."""
    all_responses = list(responses)
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for r in all_responses:
        totals[r.question_id][0] += 1
        totals[r.question_id][1] += int(r.is_correct)
    return analyse_items(
        [ItemTotals(qid, n, c) for qid, (n, c) in totals.items()],
        first_attempts(all_responses),
        items,
    )


def analyse_items(
    totals: Iterable[ItemTotals],
    first: Mapping[tuple[int, int], Response],
    items: Mapping[int, ItemInfo],
) -> list[ItemStats]:
    """One row per question answered, flagged items first, then hardest first: from the
    per-question totals and each student's first attempt at each question."""
    upper, lower = score_groups(student_scores(first))
    first_by_item: dict[int, dict[int, Response]] = defaultdict(dict)
    for (sid, qid), r in first.items():
        first_by_item[qid][sid] = r
    rows = []
    for total in totals:
        qid = total.question_id
        share = total.correct / total.attempts if total.attempts else 0.0
        d = discrimination_index(first_by_item[qid], upper, lower)
        firsts = list(first_by_item[qid].values())
        rows.append(
            ItemStats(
                question_id=qid,
                attempts=total.attempts,
                students=len(firsts),
                correct=total.correct,
                share_correct=share,
                median_seconds=median(r.seconds for r in firsts),
                wrong_answers=wrong_answers(items.get(qid), firsts),
                discrimination=d,
                flags=item_flags(attempts=total.attempts, share_correct=share, discrimination=d),
            )
        )
    rows.sort(key=lambda s: (not s.flags, s.share_correct, s.question_id))
    return rows
