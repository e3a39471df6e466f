"""Parts of the student pages kept per learner state: the dashboard's mastery overview and
the progress page's body only change when the learner's progress does (an answer, a merge,
a rebuild), the curriculum changes, or time moves a concept into "review needed".

The key is read in one statement (``metrics.sql.stats_lock(lock=False)``): every column of
the learner's ``LearnerStats`` row (each answer changes ``total_attempts`` and
``last_activity_at``; a merge or a rebuild rewrites the row), the learner's timezone, the
content version token and the active language, plus the learner's local date. An entry
lives until the next moment one of the learner's concepts falls due for review (the only
way time changes a status), the learner's local midnight, or ``MAX_AGE``, whichever is
first. The cache is the default one (per process: the key comes from the database, so no
process serves another's stale copy). Learners without a stats row (no answer yet) are
never cached: their pages are cheap.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from accounts.models import User
from core import kept
from learning.models import Concept
from progress.metrics import sql
from progress.models import ConceptMastery, LearnerStats

MAX_AGE = timedelta(minutes=10)  # a bound on staleness should anything change a row unseen


@dataclass(frozen=True)
class LearnerState:
    learner_id: int
    stats: LearnerStats | None
    zone: ZoneInfo
    version: str  # "" when nothing may be cached
    content_token: str | None = None


def learner_state(learner: User) -> LearnerState:
    """The learner's stats row, timezone and the cache version of their pages (1 query)."""
    found = sql.stats_lock(learner_id=learner.pk, lock=False)
    if found is None:
        zone = ZoneInfo(settings.PATHWISE_DEFAULT_LEARNER_TIMEZONE)
        return LearnerState(learner.pk, None, zone, "")
    stats, timezone_name, token = found
    zone = ZoneInfo(timezone_name or settings.PATHWISE_DEFAULT_LEARNER_TIMEZONE)
    columns = tuple(getattr(stats, f.attname) for f in LearnerStats._meta.concrete_fields)
    version = kept.digest(columns, timezone_name, token, get_language())
    return LearnerState(learner.pk, stats, zone, version, token)


def mastery_rows_with_concepts(
    *, learner: User, concepts: Iterable[Concept]
) -> list[ConceptMastery]:
    """The learner's mastery rows, each with its concept taken from ``concepts`` (the list
    kept per content version) instead of joined and built again: one query, plus one for
    rows whose concept is not in the list (no longer practicable)."""
    by_id = {c.pk: c for c in concepts}
    rows = list(ConceptMastery.objects.filter(learner=learner))
    missing = {r.concept_id for r in rows} - set(by_id)
    if missing:
        by_id |= Concept.objects.select_related("topic__subject").in_bulk(missing)
    for row in rows:
        row.concept = by_id[row.concept_id]
    return rows


def review_changes_at(rows: Iterable, *, now: datetime) -> datetime | None:
    """When time next changes a status among ``rows`` (a mastered concept falling due)."""
    due = [
        r.review_due_at
        for r in rows
        if r is not None and r.was_mastered and r.review_due_at and r.review_due_at > now
    ]
    return min(due, default=None)


def cached_part[T](
    part: str,
    *,
    state: LearnerState,
    now: datetime,
    build: Callable[[], tuple[T, datetime | None]],
    vary: str = "",
) -> T:
    """``build()``'s value for this learner state, kept until it could change.

    ``build`` returns the value and the moment time would change it (None: only the end of
    the learner's day). ``vary``: more of the key, for a part that shows more than the
    learner's progress (``dashboard_body``)."""
    today = now.astimezone(state.zone).date()
    if not state.version:
        return build()[0]
    key = f"learner-part:{part}:{state.learner_id}:{today.isoformat()}:{state.version}{vary}"
    found = cache.get(key)
    if found is not None and now < found[0]:  # the clock the page reads, not the cache's
        return found[1]
    value, changes_at = build()
    midnight = datetime.combine(today + timedelta(days=1), time.min, tzinfo=state.zone)
    until = min(m for m in (changes_at, midnight, now + MAX_AGE) if m is not None)
    seconds = (until - now).total_seconds()
    if seconds >= 1:
        cache.set(key, (until, value), timeout=seconds)
    return value
