"""The sentence a plan opens with: does everything fit, and if not, what was left out (pure)."""

from datetime import date

from progress.plans.types import LeftOut, PlanInput


def _hours(minutes: float) -> str:
    hours = minutes / 60
    return f"{hours:.1f}".rstrip("0").rstrip(".") + (" hour" if hours == 1 else " hours")


def plan_message(
    *,
    data: PlanInput,
    today: date,
    days: list[date],
    feasible: bool,
    left_out: list[LeftOut],
    minutes_needed: int,
    minutes_available: int,
) -> str:
    if data.exam_date is None:
        return "Set your exam date on your profile to get a study plan."
    if data.exam_date <= today:
        return "Your exam date is today or has passed: set a new one on your profile."
    if feasible:
        return (
            f"Everything fits: about {_hours(minutes_needed)} of study in the "
            f"{_hours(minutes_available)} you have before the exam."
        )
    return (
        f"Not enough time: this plan needs about {_hours(minutes_needed)} but you have "
        f"{_hours(minutes_available)} ({data.minutes_per_day} minutes a day on "
        f"{len(days)} study day{'s' if len(days) != 1 else ''}). We put first what is worth "
        f"most on the exam where you have most to gain (exam weight × gap) and left "
        f"{len(left_out)} item{'s' if len(left_out) != 1 else ''} out."
    )
