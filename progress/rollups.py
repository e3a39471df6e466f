"""Topic, subject and overall mastery from concept estimates (pure, no ORM).

One function, used by every page, export and badge, so numbers never disagree between
screens. A topic is the plain mean of its concepts; a subject is the mean of its topics
weighted by exam weightage where the subject sets any (otherwise topics count equally);
overall is the mean of subjects. Not-started concepts count as 0 (see mastery.rollup).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from progress import mastery


@dataclass(frozen=True)
class ConceptRef:
    concept_id: int
    topic_id: int
    subject_id: int
    topic_weightage: int  # 0-100; 0 = not weighted


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
    by_topic = {tid: mastery.rollup(values) for tid, values in topic_values.items()}

    subject_topics: dict[int, list[int]] = defaultdict(list)
    for tid, (sid, _) in topic_meta.items():
        subject_topics[sid].append(tid)
    by_subject = {}
    for sid, tids in subject_topics.items():
        weighted = any(topic_meta[t][1] > 0 for t in tids)
        by_subject[sid] = mastery.rollup(
            (by_topic[t] or 0.0, float(topic_meta[t][1]) if weighted else 1.0) for t in tids
        )
    overall = mastery.rollup((v or 0.0, 1.0) for v in by_subject.values())
    return Rollup(overall=overall, by_subject=by_subject, by_topic=by_topic)
