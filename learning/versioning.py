"""A stamp of the curriculum's shape, so process-local caches of it are never stale.

Every change that can alter what students practise and how their progress rolls up
(subjects, topics, concepts, questions and their publish status) gives the single
``ContentVersion`` row a new random token, in the same transaction as the change: model
signals cover saves and deletes, and the few bulk updates call :func:`bump` themselves.

Code that derives something from the curriculum and wants to keep it in process memory
(the answer path's list of concepts for the roll-ups) reads the token in a query it makes
anyway (:func:`token_subquery`) and calls :func:`cached` with it. A token is random, never a
counter, so a rolled-back transaction can never make an old token current again, and every
worker of every app server sees a change at its next read: there is no expiry to tune.
"""

import uuid
from collections.abc import Callable

from django.db import router
from django.db.models import Subquery
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


def token_subquery() -> Subquery:
    """The current token as a scalar subquery, to annotate onto a query made anyway."""
    return Subquery(ContentVersion.objects.filter(pk=SINGLETON_PK).values("token")[:1])


def cached[T](name: str, token: str | None, build: Callable[[], T]) -> T:
    """``build()``'s value, reused while the curriculum's token stays ``token``.

    ``token`` None (no version row yet) always builds.
    """
    if token is None:
        return build()
    hit = _local.get(name)
    if hit is not None and hit[0] == token:
        return hit[1]  # type: ignore[return-value]
    value = build()
    _local[name] = (token, value)
    return value


def clear() -> None:
    """Forget every cached value (tests: a rolled-back database must not meet old values)."""
    _local.clear()
