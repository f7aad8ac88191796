"""Importing spreadsheets: templates, streaming readers, one module per kind of data.

`KINDS` maps a kind's name to its importer; `build_preview` and `commit` (in `driver`) are
the two calls every entry point makes (web page, Celery task, management commands).
"""

from .base import ImportFailed, ImportSetupError, Outcome
from .driver import KINDS, NEEDS_GROUP, NEEDS_YEAR, Preview, build_preview, commit

__all__ = [
    "KINDS",
    "NEEDS_GROUP",
    "NEEDS_YEAR",
    "ImportFailed",
    "ImportSetupError",
    "Outcome",
    "Preview",
    "build_preview",
    "commit",
]
