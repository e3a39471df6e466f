"""Writes for badges: evaluating events, awarding, backfilling, the starter set.

Awards are idempotent under concurrency. Every award takes the learner lock
(``progress.metrics.services.learners_lock``: the same lock the answer path holds, taken in
the same order), re-reads the learner's ``LearnerBadge`` rows under it, and only then
inserts; the unique constraint on (learner, badge) is the last line of defence. Two
simultaneous answers that both cross a threshold therefore award once. Points go into the
append-only ``PointsEntry`` ledger, and progress moves the learner's ``total_points`` by the
same amount in the same transaction (``stats_points_add``): progress owns that row.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from achievements import rules, selectors
from achievements.models import Badge, LearnerBadge, PointsEntry
from achievements.selectors import Grant
from progress.interop import xapi
from progress.interop.lrs import outbox as lrs_outbox
from progress.metrics.services import learners_lock, stats_points_add
from progress.metrics.snapshot import Event


@dataclass(frozen=True)
class Award:
    learner_id: int
    badge: Badge
    count: int  # how many times it was earned by this award (usually 1)


def event_handle(*, event: Event, now: datetime) -> list[Award]:
    """Evaluate the active badges this event can move, and award what is due.

    One query when nothing is earned (the active badges of the event's rule kinds joined with
    this learner's awards), whatever the number of badges; a fixed handful more when
    something is (lock, re-check, bulk inserts, one ledger insert, one stats update).
    """
    kinds = rules.kinds_for_event(event.kind)
    learner_id = event.snapshot.learner_id
    grants = []
    for badge in selectors.badges_for_event(learner_id=learner_id, kinds=kinds):
        due = rules.awards_due(
            badge.rule_kind,
            badge.params,
            event=event,
            times_earned=badge.times_earned,
            repeatable=badge.repeatable,
        )
        if not due:
            continue
        current, target = badge.rule.progress(event.snapshot, badge.params)
        if badge.rule.repeat == rules.OCCURRENCE:
            grants.append(Grant(learner_id, badge, None, 1, 1))
        else:
            total = rules.times_met(
                badge.rule_kind, badge.params, snapshot=event.snapshot, repeatable=badge.repeatable
            )
            grants.append(Grant(learner_id, badge, total, current, target))
    return grants_apply(grants=grants, now=now)


def grants_apply(*, grants: list[Grant], now: datetime) -> list[Award]:
    """Award what ``grants`` say is due, exactly once, in bulk (callers chunk learners)."""
    if not grants:
        return []
    learner_ids = sorted({g.learner_id for g in grants})
    badge_ids = {g.badge.pk for g in grants}
    with transaction.atomic(savepoint=False):
        learners_lock(learner_ids=learner_ids)
        existing = {
            (lb.learner_id, lb.badge_id): lb
            for lb in LearnerBadge.objects.filter(
                learner_id__in=learner_ids, badge_id__in=badge_ids
            )
        }
        new_rows, repeats, entries, awards, earned = [], [], [], [], []
        points: dict[int, int] = defaultdict(int)
        for grant in grants:
            badge = grant.badge
            row = existing.get((grant.learner_id, badge.pk))
            times = row.times_earned if row is not None else 0
            if grant.total is not None:
                count = grant.total - times
            else:
                count = 1 if badge.repeatable or times == 0 else 0
            if count <= 0:
                continue
            if row is None:
                new_rows.append(
                    LearnerBadge(
                        learner_id=grant.learner_id,
                        badge=badge,
                        progress_current=grant.current,
                        progress_target=grant.target,
                        earned_at=now,
                        times_earned=count,
                    )
                )
            else:
                row.times_earned += count
                row.earned_at = now
                row.seen_at = None
                row.progress_current, row.progress_target = grant.current, grant.target
                repeats.append(row)
            awards.append(Award(grant.learner_id, badge, count))
            earned.extend(_earned_facts(grant.learner_id, badge, times, count, now))
            if badge.points:
                amount = badge.points * count
                reason = f"Badge “{badge.name}”" + (f" ×{count}" if count > 1 else "")
                entries.append(
                    PointsEntry(
                        learner_id=grant.learner_id,
                        amount=amount,
                        reason=reason,
                        badge=badge,
                        created_at=now,
                    )
                )
                points[grant.learner_id] += amount
        LearnerBadge.objects.bulk_create(new_rows)
        if repeats:
            LearnerBadge.objects.bulk_update(
                repeats,
                ["times_earned", "earned_at", "seen_at", "progress_current", "progress_target"],
            )
        PointsEntry.objects.bulk_create(entries)
        stats_points_add(points=points)
        lrs_outbox.earned_queue(earned=earned, now=now)  # no-op without an LRS
    return awards


def _earned_facts(learner_id: int, badge: Badge, before: int, count: int, now: datetime):
    """One xAPI "earned" statement per time earned (the LRS forwarding outbox)."""
    return [
        xapi.EarnedFacts(
            learner_id=learner_id,
            badge_id=badge.pk,
            badge_slug=badge.slug,
            badge_name=badge.name,
            badge_description=badge.description or badge.criteria,
            occurrence=before + n,
            earned_at=now,
            language=settings.PATHWISE_CONTENT_LANGUAGE,
        )
        for n in range(1, count + 1)
    ]


@dataclass(frozen=True)
class BackfillResult:
    badge: Badge
    learners: int  # learners who earned (or would earn) it
    awards: int  # times earned in all (repeatable badges can be earned several times)


def badges_backfill(
    *, badges: list[Badge], now: datetime | None = None, dry_run: bool = False
) -> list[BackfillResult]:
    """Award ``badges`` to everyone who already qualifies, with points, exactly once.

    Judges what is stored now (LearnerStats, mastered concepts, completed sessions); running
    it again awards nothing. Inactive badges are skipped. Learners are processed in chunks,
    each chunk in its own transaction under the learners' locks.
    """
    now = now or timezone.now()
    badges = [b for b in badges if b.active]
    learners: dict[int, set[int]] = {b.pk: set() for b in badges}
    counts: dict[int, int] = dict.fromkeys(learners, 0)
    learner_ids = selectors.learner_ids_with_stats()
    for start in range(0, len(learner_ids), selectors.CHUNK):
        chunk = learner_ids[start : start + selectors.CHUNK]
        if dry_run:
            plan = selectors.backfill_plan(badges=badges, learner_ids=chunk)
            for grant in plan:
                learners[grant.badge.pk].add(grant.learner_id)
                counts[grant.badge.pk] += grant.total - grant.earned
            continue
        with transaction.atomic():
            # Planned under the locks so the counts compared are the ones written against.
            learners_lock(learner_ids=chunk)
            plan = selectors.backfill_plan(badges=badges, learner_ids=chunk)
            for award in grants_apply(grants=plan, now=now):
                learners[award.badge.pk].add(award.learner_id)
                counts[award.badge.pk] += award.count
    return [BackfillResult(b, len(learners[b.pk]), counts[b.pk]) for b in badges]


@transaction.atomic
def badges_mark_seen(*, learner: User, now: datetime | None = None) -> int:
    """The learner has been told about their new badges (1 query)."""
    return LearnerBadge.objects.filter(learner=learner, seen_at__isnull=True).update(
        seen_at=now or timezone.now()
    )


# --- the starter set ------------------------------------------------------------------------


def _starter(slug, name, category, rule_kind, glyph, points, colour, **extra) -> dict:
    return {
        "slug": slug,
        "name": name,
        "category": category,
        "rule_kind": rule_kind,
        "glyph": glyph,  # a built-in SVG (achievements.glyphs): no emoji font needed
        "points": points,
        "colour": colour,
        **extra,
    }


# Fifteen badges across the categories; two hidden, one repeatable.
STARTER_SET: list[dict] = [
    _starter("first-steps", "First steps", "practice", "first_attempt", "footprints", 5, "#1F5FBF"),
    _starter(
        "warming-up",
        "Warming up",
        "practice",
        "questions_answered",
        "bolt",
        10,
        "#2E7D32",
        threshold=10,
    ),
    _starter(
        "century",
        "Century",
        "practice",
        "questions_answered",
        "check",
        50,
        "#6A1B9A",
        threshold=100,
    ),
    _starter(
        "fifty-more",
        "Fifty more",
        "practice",
        "questions_answered",
        "repeat",
        15,
        "#00838F",
        threshold=50,
        repeatable=True,
    ),
    _starter(
        "sharp-shooter",
        "Sharp shooter",
        "accuracy",
        "correct_answers",
        "target",
        20,
        "#C62828",
        threshold=25,
    ),
    _starter(
        "on-target",
        "On target",
        "accuracy",
        "accuracy",
        "chart",
        25,
        "#EF6C00",
        threshold=80,
        second_parameter=20,
    ),
    _starter(
        "flawless",
        "Flawless",
        "accuracy",
        "perfect_session",
        "sparkles",
        20,
        "#F9A825",
        second_parameter=5,
    ),
    _starter(
        "three-day-streak",
        "Three in a row",
        "streak",
        "streak_days",
        "flame",
        15,
        "#D84315",
        threshold=3,
    ),
    _starter(
        "week-streak",
        "Week of practice",
        "streak",
        "streak_days",
        "calendar",
        40,
        "#AD1457",
        threshold=7,
    ),
    _starter("first-mastery", "Got it!", "mastery", "concepts_mastered", "star", 20, "#FFB300"),
    _starter(
        "five-mastered",
        "Five mastered",
        "mastery",
        "concepts_mastered",
        "medal",
        50,
        "#5D4037",
        threshold=5,
    ),
    _starter(
        "reviewer",
        "Good memory",
        "mastery",
        "reviews_on_time",
        "lightbulb",
        25,
        "#4527A0",
        threshold=5,
    ),
    _starter("quiz-passed", "Passed!", "special", "activity_passed", "cap", 30, "#283593"),
    _starter(
        "marathon",
        "Marathon",
        "special",
        "questions_answered",
        "flag",
        100,
        "#37474F",
        threshold=500,
        hidden=True,
    ),
    _starter(
        "perfect-ten",
        "Perfect ten",
        "special",
        "perfect_session",
        "trophy",
        60,
        "#B8860B",
        second_parameter=10,
        hidden=True,
    ),
]


def badge_starter_set_ensure() -> tuple[int, int]:
    """Create the starter badges that are missing (by slug); returns (created, existing).

    Idempotent: a badge already there is left exactly as it is, even if an author edited it.
    """
    existing = set(
        Badge.objects.filter(slug__in=[s["slug"] for s in STARTER_SET]).values_list(
            "slug", flat=True
        )
    )
    created = 0
    for order, spec in enumerate(STARTER_SET, start=1):
        if spec["slug"] in existing:
            continue
        badge = Badge(display_order=order * 10, **spec)
        badge.full_clean()
        badge.save()
        created += 1
    return created, len(existing)
