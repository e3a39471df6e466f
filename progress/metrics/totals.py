"""A learner's running totals after one more answer (pure): the one rule shared by the answer
path (applied to the stored ``LearnerStats`` row) and the replay (``progress.metrics.replay``)."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from progress.metrics import snapshot, streaks


@dataclass(frozen=True)
class Totals:
    total_attempts: int = 0
    correct_attempts: int = 0
    score_total: float = 0.0
    seconds_total: float = 0.0
    hints_total: int = 0
    reviews_on_time: int = 0
    recent_results: tuple[bool, ...] = ()
    last_activity_at: datetime | None = None
    streak: streaks.StreakState = field(default_factory=streaks.StreakState)

    @classmethod
    def of(cls, stats) -> "Totals":
        """The totals held by a ``LearnerStats`` row (or anything with its field names)."""
        return cls(
            total_attempts=stats.total_attempts,
            correct_attempts=stats.correct_attempts,
            score_total=stats.score_total,
            seconds_total=stats.seconds_total,
            hints_total=stats.hints_total,
            reviews_on_time=stats.reviews_on_time,
            recent_results=tuple(stats.recent_results or ()),
            last_activity_at=stats.last_activity_at,
            streak=streaks.StreakState(
                stats.last_active_date, stats.current_streak, stats.longest_streak
            ),
        )

    def fields(self) -> dict[str, object]:
        """The ``LearnerStats`` fields these totals set."""
        return {
            "total_attempts": self.total_attempts,
            "correct_attempts": self.correct_attempts,
            "score_total": self.score_total,
            "seconds_total": self.seconds_total,
            "hints_total": self.hints_total,
            "reviews_on_time": self.reviews_on_time,
            "recent_results": list(self.recent_results),
            "last_activity_at": self.last_activity_at,
            "last_active_date": self.streak.last_active_date,
            "current_streak": self.streak.current,
            "longest_streak": self.streak.longest,
        }


def totals_after(
    totals: Totals,
    *,
    is_correct: bool,
    score: float,
    seconds: float,
    hints_used: int,
    review_on_time: bool,
    at: datetime,
    local_date: date,
) -> Totals:
    return replace(
        totals,
        total_attempts=totals.total_attempts + 1,
        correct_attempts=totals.correct_attempts + int(is_correct),
        score_total=totals.score_total + score,
        seconds_total=totals.seconds_total + seconds,
        hints_total=totals.hints_total + hints_used,
        reviews_on_time=totals.reviews_on_time + int(review_on_time),
        recent_results=snapshot.push_result(totals.recent_results, is_correct),
        last_activity_at=at,
        streak=streaks.streak_after_activity(totals.streak, local_date),
    )
