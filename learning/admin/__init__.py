"""The authoring tool: teachers write curriculum here.

Every save is validated whole before anything is written: a question must be
answerable for its kind (checked across the question form and its choice inline),
and prerequisite inlines refuse cycles with the path they would close.

Question banks come in through "Import questions" on the question list (upload, preview
as a dry run, confirm) and go out through the "Export selected questions" actions.
"""

from learning.admin import curriculum, questions  # noqa: F401  (registers the admins)
