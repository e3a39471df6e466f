"""Topic, subject and overall mastery from concept estimates (pure, no ORM).

One function, used by every page, export and badge, so numbers never disagree between
screens. A topic is the plain mean of its concepts; a subject is the mean of its topics
weighted by exam weightage where the subject sets any (otherwise topics count equally);
overall is the mean of subjects. Not-started concepts count as 0 (see rollup).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from progress.mastery.bkt import rollup


@dataclass(frozen=True)
class ConceptRef:
    concept_id: int
    topic_id: int
    subject_id: int
    topic_weightage: int  # 0-100; 0 = not weighted


@dataclass(frozen=True)
class Goal:
    subject_id: int
    topic_ids: frozenset[int] = field(default_factory=frozenset)

    def covers(self, *, subject_id: int, topic_id: int) -> bool:
        return subject_id == self.subject_id and (not self.topic_ids or topic_id in self.topic_ids)


@dataclass(frozen=True)
class Rollup:
    overall: float | None
    by_subject: dict[int, float | None]
    by_topic: dict[int, float | None]


def curriculum_rollup(
    concepts: Iterable[ConceptRef], estimates: Mapping[int, float | None]
) -> Rollup:
    topic_values: dict[int, list[tuple[float | None, float]]] = defaultdict(list)
    topic_meta: dict[int, tuple[int, int]] = {}
    for ref in concepts:
        topic_values[ref.topic_id].append((estimates.get(ref.concept_id), 1.0))
        topic_meta[ref.topic_id] = (ref.subject_id, ref.topic_weightage)
    by_topic = {tid: rollup(values) for tid, values in topic_values.items()}

    subject_topics: dict[int, list[int]] = defaultdict(list)
    for tid, (sid, _) in topic_meta.items():
        subject_topics[sid].append(tid)
    by_subject = {}
    for sid, tids in subject_topics.items():
        weighted = any(topic_meta[t][1] > 0 for t in tids)
        by_subject[sid] = rollup(
            (by_topic[t] or 0.0, float(topic_meta[t][1]) if weighted else 1.0) for t in tids
        )
    overall = rollup((v or 0.0, 1.0) for v in by_subject.values())
    return Rollup(overall=overall, by_subject=by_subject, by_topic=by_topic)


def goal_rollup(
    refs: Iterable[ConceptRef], estimates: Mapping[int, float | None], goal: Goal | None
) -> float | None:
    """Mastery of what the learner's goal covers (its subject, narrowed to its topics)."""
    if goal is None:
        return None
    inside = [r for r in refs if goal.covers(subject_id=r.subject_id, topic_id=r.topic_id)]
    return curriculum_rollup(inside, estimates).by_subject.get(goal.subject_id)
