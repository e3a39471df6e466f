"""Sending the outbox to the LRS: due statements in batches, retries with back-off, and the
task chain that runs the sending on the tasks worker.

**Delivery.** A batch is *claimed* first (its rows get a lease: ``next_attempt_at`` moves
ten minutes ahead, under ``SKIP LOCKED`` on PostgreSQL), then POSTed outside any
transaction, then marked sent. A relay that dies after the POST but before the mark sends
the batch again when the lease ends; the statement ids are stable and an LRS keeps one copy
of a statement it already holds (answering 204), so nothing is lost and nothing is stored
twice.

**Failures.** No answer, 502/503/504, 429, 401/403 (credentials), 404 (address) or a
redirect mean "not now": the batch is put back as it was and the whole relay pauses, first
for ``DJANGO_LRS_RETRY_SECONDS``, doubling after each further failure up to
``DJANGO_LRS_MAX_BACKOFF_SECONDS``; the first success resets it. Any other answer (a 4xx
about the content, or a plain 500) sends the batch again one statement at a time:

- a statement refused on its own with a 4xx is marked rejected with the LRS's reason (the
  admin page lists them and can queue them again), so it never blocks the rest;
- a 500 on one statement while the LRS works (it takes the others, or answers a GET of
  one statement) is a *strike* against it: it waits its own back-off, and after
  ``MAX_STRIKES`` it is rejected too (an LRS that crashes on one statement: Ralph 5.1
  answers 500 to some invalid statements instead of 400);
- when the LRS takes none of them and fails the GET too, it is the LRS that fails: all
  are put back, no strikes, and the relay pauses.

**Scheduling.** ``progress.tasks.lrs_send_task`` runs :func:`relay_run`, which sends and
then schedules the next run (``run_after``: the poll interval, or the end of the pause). The
relay row's ``wake_at`` names the one run that is expected: a run that finds another time
there was superseded (a "send now" came in between) and stops, so there is only ever one
chain. ``manage.py lrs_forward --schedule`` starts it (``scripts/serve`` does, and it is a
cheap watchdog for cron); with a backend that cannot defer (the Immediate backend of
development and tests) there is no chain and ``manage.py lrs_forward`` sends on demand.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F

from progress.interop.lrs.client import LrsClient, LrsResponse
from progress.interop.lrs.outbox import lrs_enabled
from progress.interop.models import LrsRelay, LrsStatement

LEASE = timedelta(minutes=10)
OVERDUE = timedelta(minutes=10)  # a scheduled run this late is presumed lost
PURGE_LIMIT = 5000
MAX_STRIKES = 3


@dataclass
class SendReport:
    sent: int = 0
    rejected: int = 0
    batches: int = 0
    failed: bool = False
    error: str = ""
    paused_until: datetime | None = None
    skipped: str = ""  # why nothing was tried: "disabled", "paused", "superseded"
    purged: int = 0


def relay_state(*, lock: bool = False) -> LrsRelay:
    queryset = LrsRelay.objects.select_for_update() if lock else LrsRelay.objects.all()
    relay = queryset.filter(pk=LrsRelay.SINGLETON).first()
    if relay is None:
        relay, _ = LrsRelay.objects.get_or_create(pk=LrsRelay.SINGLETON)
    return relay


def backoff(failures: int) -> timedelta:
    """The pause after ``failures`` consecutive failures (1 -> the retry delay)."""
    seconds = settings.PATHWISE_LRS_RETRY_SECONDS * 2 ** max(0, min(failures - 1, 30))
    return timedelta(seconds=min(seconds, settings.PATHWISE_LRS_MAX_BACKOFF_SECONDS))


def _claim(*, now: datetime, size: int) -> list[LrsStatement]:
    with transaction.atomic():
        rows = list(
            LrsStatement.objects.select_for_update(skip_locked=True)
            .filter(status=LrsStatement.Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .only("pk", "statement")[:size]
        )
        if rows:
            LrsStatement.objects.filter(pk__in=[r.pk for r in rows]).update(
                next_attempt_at=now + LEASE
            )
    return rows


def _mark_sent(rows: list[LrsStatement], *, now: datetime) -> None:
    LrsStatement.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=LrsStatement.Status.SENT, sent_at=now, tries=F("tries") + 1, last_error=""
    )


def _put_back(rows: list[LrsStatement], *, at: datetime, error: str | None) -> None:
    """Due again at ``at``; ``error`` None: they were not tried (only released)."""
    values = {"next_attempt_at": at}
    if error is not None:
        values.update(tries=F("tries") + 1, last_error=error)
    LrsStatement.objects.filter(pk__in=[r.pk for r in rows]).update(**values)


def _reject(row: LrsStatement, *, error: str) -> None:
    LrsStatement.objects.filter(pk=row.pk).update(
        status=LrsStatement.Status.REJECTED, tries=F("tries") + 1, last_error=error
    )


def outbox_send(
    *,
    now: datetime,
    client: LrsClient | None = None,
    batch_size: int | None = None,
    max_batches: int | None = None,
) -> SendReport:
    """Send what is due, batch after batch, until nothing is due, the LRS fails, or
    ``max_batches``; record the outcome on the relay row."""
    report = SendReport()
    if not lrs_enabled():
        report.skipped = "disabled"
        return report
    state = relay_state()
    if state.paused_until is not None and state.paused_until > now:
        report.skipped, report.paused_until = "paused", state.paused_until
        return report
    client = client or LrsClient.from_settings()
    size = batch_size or settings.PATHWISE_LRS_BATCH_SIZE
    pause_until = now + backoff(state.failures + 1)

    def fail(rows: list[LrsStatement], response: LrsResponse) -> None:
        report.failed, report.error, report.paused_until = True, response.describe(), pause_until
        _put_back(rows, at=now, error=report.error)  # due again; the relay's pause gates

    while not report.failed and (max_batches is None or report.batches < max_batches):
        rows = _claim(now=now, size=size)
        if not rows:
            break
        report.batches += 1
        response = client.post_statements([row.statement for row in rows])
        if response.ok:
            _mark_sent(rows, now=now)
            report.sent += len(rows)
        elif _not_now(response):
            fail(rows, response)
        else:
            _send_one_by_one(rows, client=client, now=now, report=report, fail=fail)
    report.purged = _purge_sent(now=now)
    _record(report, now=now)
    return report


def _not_now(response: LrsResponse) -> bool:
    """The LRS cannot take statements now, whatever they are (see the module docstring):
    everything retryable but a plain 500, which may be a statement it crashes on."""
    return response.retryable and response.status != 500


def _send_one_by_one(
    rows: list[LrsStatement], *, client: LrsClient, now: datetime, report: SendReport, fail
) -> None:
    """A batch the LRS refused (4xx) or failed on (500): find the statements at fault.

    An LRS that fails on everything is not sent the whole batch one by one: after
    ``MAX_STRIKES`` failures in a row with nothing taken, one GET says whether it works."""
    failed_on: list[tuple[LrsStatement, LrsResponse]] = []
    taken = 0
    for index, row in enumerate(rows):
        if not taken and len(failed_on) >= MAX_STRIKES:
            _put_back(rows[index:], at=now, error=None)
            break
        single = client.post_statements([row.statement])
        if single.ok:
            _mark_sent([row], now=now)
            taken += 1
        elif _not_now(single):
            fail(rows[index:] + [r for r, _ in failed_on], single)
            break
        elif single.status == 500:
            failed_on.append((row, single))
        else:
            _reject(row, error=single.describe())
            report.rejected += 1
    report.sent += taken
    if not failed_on or report.failed:
        return
    if not taken and not client.probe().ok:  # the LRS fails, not these statements
        fail([r for r, _ in failed_on], failed_on[0][1])
        return
    for row, single in failed_on:
        report.rejected += _strike(row, error=single.describe(), now=now)


def _strike(row: LrsStatement, *, error: str, now: datetime) -> bool:
    """One more strike against ``row``; True when that rejects it."""
    strikes = LrsStatement.objects.filter(pk=row.pk).values_list("strikes", flat=True).get() + 1
    values = {"strikes": strikes, "tries": F("tries") + 1, "last_error": error}
    if strikes >= MAX_STRIKES:
        message = f"The LRS failed on this statement {strikes} times while taking others: {error}"
        values.update(status=LrsStatement.Status.REJECTED, last_error=message[:1000])
    else:
        values["next_attempt_at"] = now + backoff(strikes)
    LrsStatement.objects.filter(pk=row.pk).update(**values)
    return strikes >= MAX_STRIKES


def _purge_sent(*, now: datetime) -> int:
    """Sent statements older than DJANGO_LRS_KEEP_SENT_DAYS leave the outbox (bounded)."""
    cutoff = now - timedelta(days=settings.PATHWISE_LRS_KEEP_SENT_DAYS)
    old = LrsStatement.objects.filter(status=LrsStatement.Status.SENT, sent_at__lt=cutoff)
    ids = list(old.values_list("pk", flat=True)[:PURGE_LIMIT])
    return LrsStatement.objects.filter(pk__in=ids).delete()[0] if ids else 0


@transaction.atomic
def _record(report: SendReport, *, now: datetime) -> None:
    if not report.batches:
        return
    relay = relay_state(lock=True)
    relay.last_attempt_at = now
    relay.sent_total += report.sent
    if report.sent:
        relay.last_success_at = now
    if report.failed:
        relay.failures += 1
        relay.paused_until = report.paused_until
        relay.last_error, relay.last_error_at = report.error, now
    else:
        relay.failures, relay.paused_until = 0, None
        if report.rejected:
            relay.last_error, relay.last_error_at = "Some statements were refused.", now
    relay.save()


# The task chain ---------------------------------------------------------------------------


def relay_run(*, now: datetime, scheduled_for: datetime | None = None) -> SendReport:
    """The task's body: claim this run (unless superseded), send, schedule the next."""
    with transaction.atomic():
        relay = relay_state(lock=True)
        if scheduled_for is not None and relay.wake_at != scheduled_for:
            return SendReport(skipped="superseded")
        relay.wake_at = None
        relay.save(update_fields=["wake_at"])
    report = outbox_send(now=now)
    if lrs_enabled():
        poll = now + timedelta(seconds=settings.PATHWISE_LRS_POLL_SECONDS)
        relay_schedule(at=max(poll, report.paused_until or poll), now=now)
    return report


def relay_schedule(*, at: datetime, now: datetime) -> bool:
    """Make sure a run is scheduled no later than ``at``; False when one already is, or
    when the tasks backend cannot run a task later (then nothing is scheduled)."""
    from progress.tasks import lrs_send_task  # the task module imports this one

    if at > now and not lrs_send_task.get_backend().supports_defer:
        return False
    with transaction.atomic():
        relay = relay_state(lock=True)
        pending = relay.wake_at
        if pending is not None and now - OVERDUE <= pending <= at:
            return False
        relay.wake_at = at
        relay.save(update_fields=["wake_at"])
        when = at.isoformat()
        task = lrs_send_task.using(run_after=at) if at > now else lrs_send_task
        transaction.on_commit(lambda: task.enqueue(scheduled_for=when))
    return True


# Operator actions (the admin page) ---------------------------------------------------------


def lrs_send_now(*, now: datetime) -> bool:
    """Lift the back-off and run the relay now (the task worker; inline with a backend that
    runs tasks immediately)."""
    with transaction.atomic():
        relay = relay_state(lock=True)
        relay.paused_until = None
        relay.save(update_fields=["paused_until"])
    return relay_schedule(at=now, now=now)


@transaction.atomic
def lrs_statements_requeue(*, ids: list[int], now: datetime) -> int:
    """Queue refused statements again (after the LRS or the statement was fixed)."""
    return LrsStatement.objects.filter(pk__in=ids, status=LrsStatement.Status.REJECTED).update(
        status=LrsStatement.Status.PENDING, next_attempt_at=now, last_error="", strikes=0
    )
