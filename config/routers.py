"""Database routing: page reads to the replica when one is configured, all else to default.

The decision lives in ``core.db`` (the ``replica_reads`` mark); this is the wiring.
"""

from django.db import DEFAULT_DB_ALIAS, connections

from core.db import REPLICA_ALIAS, replica_reads_active


class ReplicaRouter:
    """Reads from marked views go to "replica"; writes and transactional reads to "default"."""

    def db_for_read(self, model, **hints) -> str:
        if (
            replica_reads_active()
            and REPLICA_ALIAS in connections.settings
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA_ALIAS
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The replica holds the same rows as the primary.
        return {obj1._state.db, obj2._state.db} <= {None, DEFAULT_DB_ALIAS, REPLICA_ALIAS}

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # Schema changes reach a replica through replication, never through migrate.
        return db == DEFAULT_DB_ALIAS
