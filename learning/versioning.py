"""A stamp of the curriculum's shape, so process-local caches of it are never stale.

Every change that can alter what students practise and how their progress rolls up
(subjects, topics, concepts, questions, their choices and publish status; the progress app
adds the concepts' fitted mastery parameters) gives the single ``ContentVersion`` row a new
random token, in the same transaction as the change: :func:`expire_on_change` connects the
models' save and delete signals, and the few bulk updates call :func:`bump` themselves.

Code that derives something from the curriculum and wants to keep it in process memory
(the answer path's list of concepts for the roll-ups, the question being answered) reads
the token in a query it makes anyway (:func:`token_subquery`) and calls :func:`cached`.
A token is random, never a counter, so a rolled-back transaction can never make an old
token current again, and every worker of every app server sees a change at its next read:
there is no expiry to tune.
"""

import uuid
from collections.abc import Callable

from django.db import router
from django.db.models import Model, Subquery
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from learning.models import ContentVersion

SINGLETON_PK = 1

# name -> (token, value). Values must be immutable: they are shared by every request
# a process serves.
_local: dict[str, tuple[str, object]] = {}


def bump(**_signal_kwargs) -> None:
    """Give the curriculum a new version (also a signal receiver: extra arguments ignored)."""
    ContentVersion.objects.using(router.db_for_write(ContentVersion)).update_or_create(
        pk=SINGLETON_PK, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )


def expire_on_change(*models: type[Model]) -> None:
    """Renew the version whenever a row of ``models`` is saved or deleted (call in ready())."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                bump,
                sender=model,
                dispatch_uid=f"learning.versioning.{signal is post_save}.{model._meta.label}",
            )


def token_subquery() -> Subquery:
    """The current token as a scalar subquery, to annotate onto a query made anyway."""
    return Subquery(ContentVersion.objects.filter(pk=SINGLETON_PK).values("token")[:1])


def cached[T](name: str, token: str | None, build: Callable[[], T]) -> T:
    """``build()``'s value, reused while the curriculum's token stays ``token``.

    ``token`` None (no version row yet) always builds. A None value is never kept: names
    can carry ids a client sent, and ids of nothing must not grow the process's memory.
    """
    if token is None:
        return build()
    hit = _local.get(name)
    if hit is not None and hit[0] == token:
        return hit[1]  # type: ignore[return-value]
    value = build()
    if value is not None:
        _local[name] = (token, value)
    return value


def clear() -> None:
    """Forget every cached value (tests: a rolled-back database must not meet old values)."""
    _local.clear()
