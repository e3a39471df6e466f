"""The sentence a plan opens with: does everything fit, and if not, what was left out (pure)."""

from collections.abc import Sequence
from datetime import date

from progress.plans.types import DeadlineCheck, LeftOut, PlanInput


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
    deadlines: Sequence[DeadlineCheck] = (),
) -> str:
    text = _exam_message(
        data=data,
        today=today,
        days=days,
        feasible=feasible,
        left_out=left_out,
        minutes_needed=minutes_needed,
        minutes_available=minutes_available,
    )
    return f"{_deadline_message(deadlines)} {text}".strip()


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def _deadline_message(deadlines: Sequence[DeadlineCheck]) -> str:
    if not deadlines:
        return ""
    missed = [d for d in deadlines if not d.met]
    if not missed:
        n = len(deadlines)
        return (
            f"Assignments first: {n} assigned concept{'s are' if n != 1 else ' is'} planned "
            "before the due date."
        )
    names = ", ".join(f"{d.name} (due {_day(d.due)})" for d in missed)
    return (
        f"Not everything assigned fits before its due date: {names}. Practise a little more "
        "each day, or ask your teacher."
    )


def _exam_message(
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
