"""Read-replica routing for read-only pages.

``@replica_reads`` marks a view whose queries may be served by the "replica" database
(``DATABASE_REPLICA_URL``). The mark is a context variable read by
``config.routers.ReplicaRouter``; without a replica configured it changes nothing.

What stays on the primary whatever the mark: every write, every read inside
``transaction.atomic`` (a read that decides a write must see the primary), and every view
that is not marked (the answer POST and the feedback page that follows it must show what
was just written, so they are never marked).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

REPLICA_ALIAS = "replica"

_replica_reads: ContextVar[bool] = ContextVar("pathwise_replica_reads", default=False)


def replica_reads_active() -> bool:
    """True while a block marked with :func:`read_replica` is running."""
    return _replica_reads.get()


@contextmanager
def read_replica() -> Iterator[None]:
    """Let reads in this block go to the replica (when one is configured)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def _streamed_on_replica(chunks: Iterator) -> Iterator:
    # A streaming response is consumed after the view returns: keep the mark while it is.
    with read_replica():
        yield from chunks


def replica_reads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator for read-only views: their queries may be answered by the replica."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with read_replica():
            response = view(request, *args, **kwargs)
        if isinstance(response, StreamingHttpResponse):
            response.streaming_content = _streamed_on_replica(iter(response.streaming_content))
        return response

    return wrapped
