"""Fixtures for the interop tests: a real LRS (Ralph) when installed (tests/lrs.py)."""

from tests.lrs import lrs_settings, ralph, scripted_lrs  # noqa: F401 - fixtures
