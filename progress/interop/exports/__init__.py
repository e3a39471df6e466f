"""Data exports: who may export what (``access``), the tables and file formats (``tables``),
a learner's own tables (``personal``, also what the privacy page lists), building a queued
job (``jobs``, run by the task worker) and the use cases (``services``).

Three kinds of export, checked with the same rules as the pages:

- ``my_data``: any signed-in user, everything Pathwise keeps about them (``personal``:
  profile, stats, attempts, sessions, mastery, metrics, daily snapshots and activity,
  learning events, goal, study plans, calendar feed and API token metadata, export jobs,
  LRS statements, and the badges and points the achievements app registers);
- ``class``: a teacher, one class they teach (``classroom_get_for_user``): the class's
  attempts and mastery;
- ``everything``: superusers, every learner's attempts and mastery.

Formats: JSON (one object of tables), CSV (a zip with one CSV per table) and xAPI
(JSON lines, one statement per attempt; see ``progress.xapi``). Files are written by a
background task (``progress.tasks.export_job_run_task``) under ``MEDIA_ROOT/exports`` with
an unguessable name, served only to their owner, and deleted after
``PATHWISE_EXPORT_TTL_HOURS`` by ``purge_exports``. Builders stream rows with
``.iterator()``, so memory does not grow with the size of the export.
"""
