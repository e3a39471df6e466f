"""What the admin page shows about forwarding: the backlog and the relay's last outcome
(six queries, each on an index, whatever the size of the outbox)."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Min

from progress.interop.lrs.outbox import lrs_enabled
from progress.interop.models import LrsRelay, LrsStatement


@dataclass(frozen=True)
class LrsStatus:
    enabled: bool
    endpoint: str  # scheme, host and path only: never the credentials
    pending: int
    due: int
    rejected: int
    sent_kept: int
    oldest_pending_at: datetime | None
    relay: LrsRelay | None
    paused: bool
    scheduled: bool  # a run is expected (the task chain is alive)


def _public_endpoint() -> str:
    parts = urlsplit(settings.PATHWISE_LRS_ENDPOINT)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}" if host else ""


def lrs_status(*, now: datetime) -> LrsStatus:
    pending = LrsStatement.objects.filter(status=LrsStatement.Status.PENDING)
    by_status = LrsStatement.objects.filter(
        status__in=[LrsStatement.Status.REJECTED, LrsStatement.Status.SENT]
    )
    counts = dict(by_status.values_list("status").annotate(n=Count("pk")).order_by())
    oldest = pending.aggregate(at=Min("created_at"))["at"]
    relay = LrsRelay.objects.filter(pk=LrsRelay.SINGLETON).first()
    return LrsStatus(
        enabled=lrs_enabled(),
        endpoint=_public_endpoint(),
        pending=pending.count(),
        due=pending.filter(next_attempt_at__lte=now).count(),
        rejected=counts.get(LrsStatement.Status.REJECTED, 0),
        sent_kept=counts.get(LrsStatement.Status.SENT, 0),
        oldest_pending_at=oldest,
        relay=relay,
        paused=bool(relay and relay.paused_until and relay.paused_until > now),
        scheduled=bool(relay and relay.wake_at),
    )
