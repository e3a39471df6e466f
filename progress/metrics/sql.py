# ruff: noqa: S608 - only quoted identifiers from model metadata are formatted in; every value
# is a bound parameter.
"""Hand-written SQL for the statements every answer runs (SQLite and PostgreSQL).

Why: profiling the answer POST found most of its CPU in the ORM building, compiling and
converting about a dozen single-row statements that never change shape. These functions
write that SQL once (per table and database vendor), adapt parameters with each field's own
``get_db_prep_save`` and convert values read with the backend's and the field's converters
(exactly what the ORM would do), so the rows written and read are the ones the ORM would
write and read. ``insert`` and ``update`` send ``pre_save``/``post_save`` as ``save()`` does
(when anything listens); none of these models has a custom ``save``. Tested on both
databases (``tests/progress/metrics/test_sql.py``).
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import cache

from django.db import connection, connections, router
from django.db.models import Model
from django.db.models.query import get_related_populators
from django.db.models.signals import post_save, pre_save

from accounts.models import StudentProfile
from core import prepared
from learning import versioning
from learning.models import ContentVersion
from progress.mastery.rollups import Goal
from progress.metrics import metric_rows
from progress.models import (
    Attempt,
    ConceptMastery,
    DailyActivity,
    LearnerGoal,
    LearnerStats,
    PracticeSession,
    ProgressMetric,
)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


@cache
def _converters(vendor: str, model: type[Model], names: tuple[str, ...]) -> tuple:
    """(column position, expression, functions) for each column whose database value needs
    turning into the field's Python value, as the ORM's compiler does."""
    out = []
    for i, name in enumerate(names):
        field = model._meta.get_field(name)
        expression = field.get_col(model._meta.db_table)
        functions = tuple(connection.ops.get_db_converters(expression)) + tuple(
            field.get_db_converters(connection)
        )
        if functions:
            out.append((i, expression, functions))
    return tuple(out)


def _convert(model: type[Model], names: tuple[str, ...], row: Sequence) -> list:
    values = list(row)
    for i, expression, functions in _converters(connection.vendor, model, names):
        for function in functions:
            values[i] = function(values[i], expression, connection)
    return values


def _prep(model: type[Model], name: str, value):
    return model._meta.get_field(name).get_db_prep_save(value, connection)


def _attnames(model: type[Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)


def _columns(model: type[Model], names: Iterable[str]) -> str:
    table = _q(model._meta.db_table)
    return ", ".join(f"{table}.{_q(model._meta.get_field(n).column)}" for n in names)


# Reads ---------------------------------------------------------------------------------------


def rows(model: type[Model], names: tuple[str, ...], *, where: Mapping[str, object]) -> list[list]:
    """``names`` of the ``model`` rows matching ``where`` (equality on each field), converted."""
    table = model._meta.db_table
    conditions = " AND ".join(f"{_q(model._meta.get_field(n).column)} = %s" for n in where)
    params = [_prep(model, n, v) for n, v in where.items()]
    with prepared.cursor(connection) as cursor:
        cursor.execute(
            f"SELECT {_columns(model, names)} FROM {_q(table)} WHERE {conditions}", params
        )
        return [_convert(model, names, row) for row in cursor.fetchall()]


def stats_lock(
    *, learner_id: int, lock: bool = True
) -> tuple[LearnerStats, str, str | None] | None:
    """Lock the learner's ``LearnerStats`` row (as ``learners_lock`` does: ``FOR UPDATE`` on
    PostgreSQL; SQLite's write transaction is the lock) and read it with the learner's
    timezone and the content version token, in one statement. None when the row is missing
    (``learners_lock`` creates it). ``lock=False``: the same read without the lock (the
    student pages' cache key)."""
    # Unlocked, the read goes where the router sends reads (a marked page: the replica).
    db = connection if lock else connections[router.db_for_read(LearnerStats)]
    names = _attnames(LearnerStats)
    table = _q(LearnerStats._meta.db_table)
    lock = lock and db.features.has_select_for_update_of
    lock = " FOR UPDATE OF " + table if lock else ""
    sql = (
        f"SELECT {_columns(LearnerStats, names)}, "
        f"(SELECT p.{_q('timezone')} FROM {_q(StudentProfile._meta.db_table)} p "
        f"WHERE p.{_q('user_id')} = {table}.{_q('learner_id')}), "
        f"(SELECT v.{_q('token')} FROM {_q(ContentVersion._meta.db_table)} v "
        f"WHERE v.{_q('id')} = %s) "
        f"FROM {table} WHERE {table}.{_q('learner_id')} = %s{lock}"
    )
    with prepared.cursor(db) as cursor:
        cursor.execute(sql, [versioning.SINGLETON_PK, learner_id])
        row = cursor.fetchone()
    if row is None:
        return None
    stats = LearnerStats.from_db(db.alias, names, _convert(LearnerStats, names, row[:-2]))
    return stats, row[-2] or "", row[-1]


def token_and_mastery(
    *, learner_id: int, client_token, concept_id: int, names: tuple[str, ...]
) -> tuple[int | None, list | None]:
    """The learner's attempt id with this client token (the idempotency check) and their
    ``ConceptMastery`` row for the concept (``names`` of it; None when there is none), in
    one statement. Runs under the learner lock, which every writer of these rows holds, so
    the row needs no lock of its own."""
    attempts = _q(Attempt._meta.db_table)
    mastery = _q(ConceptMastery._meta.db_table)
    columns = ", ".join(f"m.{_q(ConceptMastery._meta.get_field(n).column)}" for n in names)
    sql = (
        f"SELECT (SELECT a.{_q('id')} FROM {attempts} a WHERE a.{_q('learner_id')} = %s "
        f"AND a.{_q('client_token')} = %s), {columns} FROM (SELECT 1 AS {_q('one')}) d "
        f"LEFT JOIN {mastery} m ON m.{_q('learner_id')} = %s AND m.{_q('concept_id')} = %s"
    )
    token = _prep(Attempt, "client_token", client_token)
    with prepared.cursor(connection) as cursor:
        cursor.execute(sql, [learner_id, token, learner_id, concept_id])
        row = cursor.fetchone()
    found = None if row[1 + names.index("id")] is None else _convert(ConceptMastery, names, row[1:])
    return row[0], found


def mastery_rows(*, learner_id: int, names: tuple[str, ...]) -> list[list]:
    """The learner's ``ConceptMastery`` rows (``names`` of each): one statement."""
    return rows(ConceptMastery, names, where={"learner_id": learner_id})


def metric_values(*, learner_id: int) -> dict[metric_rows.RowKey, metric_rows.Value]:
    """The learner's stored metric rows, keyed (dimension, key, metric)."""
    names = ("dimension", "key", "metric", "value", "numerator", "denominator")
    return {
        (dimension, key, metric): metric_rows.Value(value, numerator, denominator)
        for dimension, key, metric, value, numerator, denominator in rows(
            ProgressMetric, names, where={"learner_id": learner_id}
        )
    }


def learner_goal(*, learner_id: int) -> Goal | None:
    """The learner's goal with its topics (one statement: the topics joined as rows)."""
    goals = _q(LearnerGoal._meta.db_table)
    through = LearnerGoal.topics.through._meta
    sql = (
        f"SELECT g.{_q('subject_id')}, t.{_q('topic_id')} FROM {goals} g "
        f"LEFT JOIN {_q(through.db_table)} t ON t.{_q('learnergoal_id')} = g.{_q('id')} "
        f"WHERE g.{_q('learner_id')} = %s"
    )
    with prepared.cursor(connection) as cursor:
        cursor.execute(sql, [learner_id])
        found = cursor.fetchall()
    if not found:
        return None
    return Goal(subject_id=found[0][0], topic_ids=frozenset(t for _, t in found if t is not None))


# Writes --------------------------------------------------------------------------------------


def _signal(signal, instance: Model, **kwargs) -> None:
    """Send ``pre_save``/``post_save`` as ``save()`` would, when anything listens (nothing
    in the project does; a test or a future receiver may)."""
    model = type(instance)
    if signal.has_listeners(model):
        signal.send(sender=model, instance=instance, raw=False, using=connection.alias, **kwargs)


def insert(instance: Model) -> None:
    """INSERT one new row of ``instance`` (every concrete field but the id) and set its id,
    with the ``pre_save``/``post_save`` signals ``save()`` would send."""
    model = type(instance)
    _signal(pre_save, instance, update_fields=None)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(_q(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    sql = f"INSERT INTO {_q(model._meta.db_table)} ({columns}) VALUES ({marks})"
    with prepared.cursor(connection) as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(f"{sql} RETURNING {_q(model._meta.pk.column)}", params)
            instance.pk = cursor.fetchone()[0]
        else:  # pragma: no cover - both supported databases return columns
            cursor.execute(sql, params)
            instance.pk = connection.ops.last_insert_id(
                cursor, model._meta.db_table, model._meta.pk.column
            )
    instance._state.adding = False
    instance._state.db = connection.alias
    _signal(post_save, instance, created=True, update_fields=None)


def update(instance: Model, names: Iterable[str]) -> None:
    """UPDATE ``names`` of ``instance``'s row by its id, as ``save(update_fields=...)``
    (signals included)."""
    model = type(instance)
    names = tuple(names)
    _signal(pre_save, instance, update_fields=frozenset(names))
    fields = [model._meta.get_field(n) for n in names]
    assignments = ", ".join(f"{_q(f.column)} = %s" for f in fields)
    params = [f.get_db_prep_save(getattr(instance, f.attname), connection) for f in fields]
    table, pk = _q(model._meta.db_table), _q(model._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
    with prepared.cursor(connection) as cursor:
        cursor.execute(sql, [*params, instance.pk])
    _signal(post_save, instance, created=False, update_fields=frozenset(names))


def daily_activity_add(*, learner_id: int, day: date, is_correct: bool, seconds: float) -> None:
    """Count one answer on the learner's day: one upsert (its unique key is learner, date)."""
    table = _q(DailyActivity._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({_q('learner_id')}, {_q('date')}, {_q('attempts')}, "
        f"{_q('correct')}, {_q('seconds')}) VALUES (%s, %s, 1, %s, %s) "
        f"ON CONFLICT ({_q('learner_id')}, {_q('date')}) DO UPDATE SET "
        + ", ".join(
            f"{_q(c)} = {table}.{_q(c)} + EXCLUDED.{_q(c)}"
            for c in ("attempts", "correct", "seconds")
        )
    )
    params = [learner_id, _prep(DailyActivity, "date", day), int(is_correct), float(seconds)]
    with prepared.cursor(connection) as cursor:
        cursor.execute(sql, params)


def stats_increment(*, learner_id: int, name: str) -> LearnerStats | None:
    """Add one to a ``LearnerStats`` counter and return the row as it is now, in one
    ``UPDATE ... RETURNING`` (None when the learner has no row)."""
    names = _attnames(LearnerStats)
    table = _q(LearnerStats._meta.db_table)
    column = _q(LearnerStats._meta.get_field(name).column)
    returning = ", ".join(_q(LearnerStats._meta.get_field(n).column) for n in names)
    statement = (
        f"UPDATE {table} SET {column} = {column} + 1 WHERE {_q('learner_id')} = %s "
        f"RETURNING {returning}"
    )
    with prepared.cursor(connection) as cursor:
        cursor.execute(statement, [learner_id])
        row = cursor.fetchone()
    if row is None:
        return None
    return LearnerStats.from_db(connection.alias, names, _convert(LearnerStats, names, row))


METRIC_BATCH = 500  # rows per statement (well inside SQLite's bound-parameter limit)


def metric_upsert(
    *, learner_id: int, values: Mapping[metric_rows.RowKey, metric_rows.Value], now: datetime
) -> None:
    """Insert or update the learner's metric rows: one multi-row upsert per 500 rows."""
    if not values:
        return
    table = _q(ProgressMetric._meta.db_table)
    columns = ("learner_id", "dimension", "key", "metric", "value", "numerator", "denominator")
    updated = ("value", "numerator", "denominator", "updated_at")
    stamp = _prep(ProgressMetric, "updated_at", now)
    head = f"INSERT INTO {table} ({', '.join(_q(c) for c in (*columns, 'updated_at'))}) VALUES "
    tail = f" ON CONFLICT ({', '.join(_q(c) for c in columns[:4])}) DO UPDATE SET " + ", ".join(
        f"{_q(c)} = EXCLUDED.{_q(c)}" for c in updated
    )
    items = list(values.items())
    with prepared.cursor(connection) as cursor:
        for start in range(0, len(items), METRIC_BATCH):
            chunk = items[start : start + METRIC_BATCH]
            params: list = []
            for (dimension, key, metric), v in chunk:
                params += [learner_id, dimension, key, metric, v.value, v.numerator]
                params += [v.denominator, stamp]
            marks = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(head + marks + tail, params)


def session_count(
    *, session_id: int, open_status: str, is_correct: bool, score: float, seconds: float
) -> bool:
    """Count one answer on its session if it is still open (clearing the question on
    screen); False when it was not open any more."""
    table = _q(PracticeSession._meta.db_table)
    sql = (
        f"UPDATE {table} SET {_q('question_count')} = {_q('question_count')} + 1, "
        f"{_q('correct_count')} = {_q('correct_count')} + %s, "
        f"{_q('score_total')} = {_q('score_total')} + %s, "
        f"{_q('seconds_total')} = {_q('seconds_total')} + %s, "
        f"{_q('current_question_id')} = NULL, {_q('served_at')} = NULL, {_q('hints_shown')} = 0 "
        f"WHERE {_q('id')} = %s AND {_q('status')} = %s"
    )
    with prepared.cursor(connection) as cursor:
        cursor.execute(sql, [int(is_correct), score, seconds, session_id, open_status])
        return cursor.rowcount == 1


# Compiled querysets ----------------------------------------------------------------------------


class Compiled[M: Model]:
    """A queryset the ORM writes once per process and database, run again with new values.

    For reads that run on every answer and whose shape never changes (the badges an event can
    move, with the learner's awards): the ORM builds and compiles the query once, with
    placeholder values; each call binds the real ones and builds the model instances as the
    ORM's own iterator does (field converters, ``select_related`` objects through Django's
    own related populators, annotations as attributes). ``build`` takes one argument per
    placeholder and returns the queryset (no prefetch_related: it would not run).
    """

    PLACEHOLDERS = (-7_123_456_781, -7_123_456_782, -7_123_456_783)

    def __init__(self, build, *, arity: int = 1) -> None:
        self.build, self.arity, self._compiled = build, arity, {}
        self.model = None

    def _compile(self, db) -> tuple:
        placeholders = self.PLACEHOLDERS[: self.arity]
        queryset = self.build(*placeholders)
        if queryset._prefetch_related_lookups or queryset._fetch_mode.track_peers:
            raise ValueError("Compiled runs no prefetch_related and no peer fetching")
        compiler = queryset.query.get_compiler(db.alias)
        statement, params = compiler.as_sql()
        slots = tuple(placeholders.index(p) if p in placeholders else None for p in params)
        if {s for s in slots if s is not None} != set(range(self.arity)):
            raise ValueError("every placeholder must reach the SQL as a parameter")
        select = [column for column, _, _ in compiler.select]
        fields = compiler.klass_info["select_fields"]
        compiled = (
            queryset.model,
            statement,
            params,
            slots,
            tuple(compiler.get_converters(select).items()),
            (fields[0], fields[0] + len(fields)),
            tuple(select[i].target.attname for i in fields),
            tuple(compiler.annotation_col_map.items()),
            (compiler.klass_info, compiler.select, queryset._fetch_mode),
        )
        return self._compiled.setdefault(db.vendor, compiled)

    def run(self, *values) -> list[M]:
        # Where the ORM would read (the router: a marked page's reads go to the replica).
        if self.model is None:
            self.model = self.build(*self.PLACEHOLDERS[: self.arity]).model
        db = connections[router.db_for_read(self.model)]
        compiled = self._compiled.get(db.vendor) or self._compile(db)
        model, statement, params, slots, converters, (start, end), names, annotations, related = (
            compiled
        )
        bound = [p if s is None else values[s] for p, s in zip(params, slots, strict=True)]
        klass_info, select, fetch_mode = related
        # Django's own populators for select_related objects (cheap to make; made per run so
        # nothing is shared between two runs' instances).
        related = get_related_populators(klass_info, select, db.alias, fetch_mode)
        with prepared.cursor(db) as cursor:
            cursor.execute(statement, bound)
            fetched = cursor.fetchall()
        out = []
        for row in fetched:
            row = list(row)
            for position, (functions, expression) in converters:
                for function in functions:
                    row[position] = function(row[position], expression, db)
            instance = model.from_db(db.alias, names, row[start:end])
            for populator in related:
                populator.populate(row, instance)
            for name, position in annotations:
                setattr(instance, name, row[position])
            out.append(instance)
        return out
