"""Forwarding xAPI statements to a Learning Record Store.

- ``outbox``: queue a statement in the same transaction as the event it records (answers,
  completed sessions, badges); off, at no cost, when no LRS is configured.
- ``client``: the HTTP client (POST a batch to ``<endpoint>statements``).
- ``relay``: send due statements in batches, retry with back-off, and the task chain that
  runs it on the tasks worker.
- ``selectors``: the backlog and the relay's last outcome, for the admin page.
"""
