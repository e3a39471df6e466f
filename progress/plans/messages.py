"""The sentence a plan opens with: does everything fit, and if not, what was left out (pure).

Translated at call time (gettext, ngettext): the reader's language when the plan is shown;
day and month names and the decimal mark come from Django's formats for that language.
"""

from collections.abc import Sequence
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.datefmt import day_label
from progress.plans.types import DeadlineCheck, LeftOut, PlanInput


def _hours(minutes: float) -> str:
    hours = minutes / 60
    text = f"{hours:.1f}".rstrip("0").rstrip(".")
    text = text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))
    return ngettext("%(hours)s hour", "%(hours)s hours", 1 if hours == 1 else 2) % {"hours": text}


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
    return day_label(d, year=False)  # Mon 7 Dec, lun 7 dic


def _deadline_message(deadlines: Sequence[DeadlineCheck]) -> str:
    if not deadlines:
        return ""
    missed = [d for d in deadlines if not d.met]
    if not missed:
        n = len(deadlines)
        return ngettext(
            "Assignments first: %(n)d assigned concept is planned before the due date.",
            "Assignments first: %(n)d assigned concepts are planned before the due date.",
            n,
        ) % {"n": n}
    names = ", ".join(
        _("%(name)s (due %(day)s)") % {"name": d.name, "day": _day(d.due)} for d in missed
    )
    return _(
        "Not everything assigned fits before its due date: %(names)s. Practise a little "
        "more each day, or ask your teacher."
    ) % {"names": names}


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
        return _("Set your exam date on your profile to get a study plan.")
    if data.exam_date <= today:
        return _("Your exam date is today or has passed: set a new one on your profile.")
    needed, available = _hours(minutes_needed), _hours(minutes_available)
    if feasible:
        return _(
            "Everything fits: about %(needed)s of study in the %(available)s you have "
            "before the exam."
        ) % {"needed": needed, "available": available}
    study_days = ngettext(
        "%(minutes)d minutes a day on %(n)d study day",
        "%(minutes)d minutes a day on %(n)d study days",
        len(days),
    ) % {"minutes": data.minutes_per_day, "n": len(days)}
    items = ngettext("%(n)d item", "%(n)d items", len(left_out)) % {"n": len(left_out)}
    return _(
        "Not enough time: this plan needs about %(needed)s but you have %(available)s "
        "(%(study_days)s). We put first what is worth most on the exam where you have most "
        "to gain (exam weight × gap) and left %(items)s out."
    ) % {"needed": needed, "available": available, "study_days": study_days, "items": items}
