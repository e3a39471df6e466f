"""Fixtures shared by the progress tests."""

import pytest

from progress.signals import concept_mastered, session_completed


@pytest.fixture
def signal_log():
    """Records (signal name, kwargs) for concept_mastered and session_completed."""
    log = []

    def on_mastered(sender, **kwargs):
        log.append(("concept_mastered", kwargs))

    def on_completed(sender, **kwargs):
        log.append(("session_completed", kwargs))

    concept_mastered.connect(on_mastered, dispatch_uid="test-mastered")
    session_completed.connect(on_completed, dispatch_uid="test-completed")
    yield log
    concept_mastered.disconnect(dispatch_uid="test-mastered")
    session_completed.disconnect(dispatch_uid="test-completed")
