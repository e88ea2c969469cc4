"""User-facing errors: raised anywhere, printed as one clear line by the CLI."""

from __future__ import annotations


class StudyappError(Exception):
    """An error whose message is fit to show the learner as-is (no traceback)."""


class ConfigError(StudyappError):
    """A setting (flag or environment variable) has an unusable value."""


class StorageError(StudyappError):
    """The database cannot be opened, created or written."""
