"""Reads for badges: pages, the admin's dry run and the backfill plan.

Everything here runs a fixed number of queries whatever the number of badges, and a fixed
number per chunk of learners for the bulk readers.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, FilteredRelation, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import User
from achievements import rules
from achievements.models import Badge, LearnerBadge
from progress.mastery.rollups import ConceptRef
from progress.mastery.selectors import concept_refs
from progress.mastery.status import STATUS_MASTERED
from progress.metrics.services import snapshot_of
from progress.metrics.snapshot import LearnerSnapshot, SessionResult
from progress.metrics.sql import Compiled
from progress.models import ConceptMastery, LearnerStats, PracticeSession

CHUNK = 500


def badges_with_learner_state(*, learner_id: int, kinds: Iterable[str] | None = None) -> QuerySet:
    """Active badges, each annotated with this learner's ``times_earned`` (0 if never) and
    ``earned_at``/``seen_at`` (None if never): one query, a LEFT JOIN on their LearnerBadge."""
    queryset = Badge.objects.filter(active=True)
    if kinds is not None:
        queryset = queryset.filter(rule_kind__in=list(kinds))
    return queryset.annotate(
        mine=FilteredRelation("learner_badges", condition=Q(learner_badges__learner_id=learner_id)),
        times_earned=Coalesce(F("mine__times_earned"), 0),
        earned_at=F("mine__earned_at"),
        seen_at=F("mine__seen_at"),
    ).order_by("display_order", "name")


_EVENT_BADGES: dict[tuple[str, ...], Compiled[Badge]] = {}


def badges_for_event(*, learner_id: int, kinds: Iterable[str]) -> list[Badge]:
    """:func:`badges_with_learner_state` for the answer path: the same query, compiled once
    per process and rule kinds (it runs on every answer; the ORM's per-call cost of building
    it was most of the badge rules' share of an answer)."""
    key = tuple(kinds)
    compiled = _EVENT_BADGES.get(key)
    if compiled is None:
        compiled = _EVENT_BADGES.setdefault(
            key, Compiled(lambda learner: badges_with_learner_state(learner_id=learner, kinds=key))
        )
    return compiled.run(learner_id)


# --- snapshots from stored state (admin dry run, backfill, the badges page) -----------------


def learner_snapshots(
    *, learner_ids: list[int], refs: list[ConceptRef] | None = None
) -> dict[int, LearnerSnapshot]:
    """A LearnerSnapshot per learner (with a LearnerStats row) from LearnerStats and
    ConceptMastery: 2 queries (3 when ``refs`` is not given), whatever the number of learners
    (callers chunk the ids)."""
    if refs is None:
        refs = concept_refs()
    mastered: dict[int, set[int]] = defaultdict(set)
    for learner_id, concept_id in ConceptMastery.objects.filter(
        learner_id__in=learner_ids, status=STATUS_MASTERED
    ).values_list("learner_id", "concept_id"):
        mastered[learner_id].add(concept_id)
    refs_tuple = tuple(refs)
    return {
        stats.learner_id: snapshot_of(
            stats,
            learner_id=stats.learner_id,
            mastered_ids=frozenset(mastered[stats.learner_id]),
            refs=refs_tuple,
        )
        for stats in LearnerStats.objects.filter(learner_id__in=learner_ids).only(
            "learner_id",
            "total_attempts",
            "correct_attempts",
            "current_streak",
            "longest_streak",
            "concepts_mastered",
            "reviews_on_time",
            "total_points",
            "recent_results",
        )
    }


def completed_sessions(*, learner_ids: list[int]) -> dict[int, list[SessionResult]]:
    """Every completed session of these learners, as the session rules see them (1 query)."""
    result: dict[int, list[SessionResult]] = defaultdict(list)
    rows = PracticeSession.objects.filter(
        learner_id__in=learner_ids, status=PracticeSession.Status.COMPLETED
    ).values_list(
        "learner_id",
        "pk",
        "question_count",
        "correct_count",
        "score_total",
        "activity_id",
        "activity__pass_mark",
        "mode",
    )
    for learner_id, pk, count, correct, score, activity_id, pass_mark, mode in rows:
        result[learner_id].append(
            SessionResult(
                session_id=pk,
                question_count=count,
                correct_count=correct,
                score_percent=round(100 * score / count) if count else 0,
                activity_id=activity_id,
                pass_mark=pass_mark,
                mode=mode,
            )
        )
    return result


@dataclass(frozen=True)
class Grant:
    """Awards due to one learner for one badge.

    ``total``: how many times it should have been earned in all (counter and once rules;
    compared with ``times_earned`` under the learner's lock). ``total`` None: one new
    occurrence (a perfect session just completed).
    """

    learner_id: int
    badge: Badge
    total: int | None
    current: int = 0
    target: int = 1
    earned: int = 0  # times already earned when planned


def backfill_plan(*, badges: list[Badge], learner_ids: list[int]) -> list[Grant]:
    """What ``badges`` owe these learners now (reads only; a handful of queries per call)."""
    if not badges or not learner_ids:
        return []
    kinds = {b.rule_kind for b in badges}
    needs_sessions = any(rules.RULES[k].repeat == rules.OCCURRENCE for k in kinds)
    snapshots = learner_snapshots(learner_ids=learner_ids)
    sessions = completed_sessions(learner_ids=learner_ids) if needs_sessions else {}
    earned = {
        (learner_id, badge_id): times
        for learner_id, badge_id, times in LearnerBadge.objects.filter(
            learner_id__in=learner_ids, badge__in=badges
        ).values_list("learner_id", "badge_id", "times_earned")
    }
    grants = []
    for learner_id, snapshot in snapshots.items():
        for badge in badges:
            rule, params = badge.rule, badge.params
            if rule.repeat == rules.OCCURRENCE:
                total = rules.times_met_in_history(
                    badge.rule_kind,
                    params,
                    sessions=sessions.get(learner_id, ()),
                    repeatable=badge.repeatable,
                )
                current, target = total, 1
            else:
                total = rules.times_met(
                    badge.rule_kind, params, snapshot=snapshot, repeatable=badge.repeatable
                )
                current, target = rule.progress(snapshot, params)
            already = earned.get((learner_id, badge.pk), 0)
            if total > already:
                grants.append(Grant(learner_id, badge, total, current, target, already))
    return grants


def learner_ids_with_stats() -> list[int]:
    """Everyone who has practised (has a LearnerStats row): 1 query."""
    return list(LearnerStats.objects.order_by("learner_id").values_list("learner_id", flat=True))


def badge_dry_run(*, badge: Badge) -> int:
    """How many learners would earn ``badge`` if it were awarded now (bounded queries per
    chunk of learners; ``badge`` is judged as it is, active or not)."""
    learner_ids = learner_ids_with_stats()
    learners: set[int] = set()
    for start in range(0, len(learner_ids), CHUNK):
        chunk = learner_ids[start : start + CHUNK]
        learners.update(g.learner_id for g in backfill_plan(badges=[badge], learner_ids=chunk))
    return len(learners)


# --- pages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BadgeView:
    badge: Badge
    earned: bool
    earned_at: object
    times_earned: int
    mystery: bool  # hidden and not earned: shown as a mystery
    criteria: str
    current: int
    target: int
    has_progress: bool  # a counter the learner can watch grow
    credential_revoked_reason: str = ""  # the award's Open Badge was revoked, and why

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.current / self.target)) if self.target else 0

    @property
    def progress_label(self) -> str:
        return self.badge.rule.progress_text(min(self.current, self.target), self.target)


@dataclass(frozen=True)
class BadgeBoard:
    earned: list[BadgeView]
    in_progress: list[BadgeView]
    mysteries: list[BadgeView]
    total_points: int


def badges_for_learner(*, learner: User) -> BadgeBoard:
    """Every active badge from this learner's point of view: 5 queries (badges with the
    learner's awards and their credentials' revocations, LearnerStats, mastered concepts,
    published concepts, ... see tests)."""
    badges = list(
        badges_with_learner_state(learner_id=learner.pk)
        .select_related("subject", "topic")
        .annotate(credential_revoked_reason=F("mine__credential__revocation_reason"))
    )
    snapshot = learner_snapshots(learner_ids=[learner.pk]).get(learner.pk) or LearnerSnapshot(
        learner_id=learner.pk
    )
    earned, in_progress, mysteries = [], [], []
    for badge in badges:
        rule = badge.rule
        current, target = rule.progress(snapshot, badge.params)
        view = BadgeView(
            badge=badge,
            earned=badge.times_earned > 0,
            earned_at=badge.earned_at,
            times_earned=badge.times_earned,
            mystery=badge.hidden and badge.times_earned == 0,
            criteria=badge.criteria,
            current=current,
            target=target,
            has_progress=rule.repeat != rules.OCCURRENCE and target > 1,
            credential_revoked_reason=badge.credential_revoked_reason or "",
        )
        if view.earned:
            earned.append(view)
        elif view.mystery:
            mysteries.append(view)
        else:
            in_progress.append(view)
    earned.sort(key=lambda v: v.earned_at, reverse=True)
    return BadgeBoard(
        earned=earned,
        in_progress=in_progress,
        mysteries=mysteries,
        total_points=snapshot.total_points,
    )


_UNSEEN = Compiled(
    lambda learner: (
        LearnerBadge.objects.filter(learner_id=learner, seen_at__isnull=True)
        .select_related("badge")
        .order_by("earned_at", "pk")
    )
)


def unseen_badges_versions() -> str:
    """The student dashboard's key columns for the "New badge!" card it shows
    (``progress.reports.sql.dashboard_versions_register``): the learner's badges not yet
    announced, and how many times each was earned."""
    table = LearnerBadge._meta.db_table
    unseen = f"FROM {table} b WHERE b.learner_id = %(me)s AND b.seen_at IS NULL"
    return (
        f"(SELECT count(*) || ':' || coalesce(max(b.id), 0) || ':' || "
        f"coalesce(sum(b.times_earned), 0) {unseen})"
    )


def unseen_badges(*, learner: User) -> list[LearnerBadge]:
    """Badges earned since the learner was last told (1 query, compiled once per process:
    every student page asks)."""
    return _UNSEEN.run(learner.pk)


def learner_badge_get_for_user(*, user: User, slug: str) -> LearnerBadge:
    """The user's own award of this badge (404 if they have not earned it)."""
    learner_badge = (
        LearnerBadge.objects.select_related("badge").filter(learner=user, badge__slug=slug).first()
    )
    if learner_badge is None:
        raise Http404("You have not earned this badge.")
    learner_badge.learner = user
    return learner_badge


def badge_image_get_for_user(*, user: User, slug: str) -> Badge:
    """A badge whose image this user may see: hidden ones only once earned (or staff)."""
    badge = Badge.objects.filter(slug=slug).exclude(image="").first()
    if badge is None or (not badge.active and not user.is_staff):
        raise Http404("No such badge image.")
    if (
        badge.hidden
        and not user.is_staff
        and not LearnerBadge.objects.filter(learner=user, badge=badge).exists()
    ):
        raise Http404("No such badge image.")
    return badge
