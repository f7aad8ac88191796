"""Importing spreadsheets: templates, streaming readers, one module per kind of data.

`KINDS` maps a kind's name to its importer; `build_preview` and `commit` (in `base`) are
the two calls every entry point makes (web page, Celery task, management commands).
"""

from .base import ImportFailed, ImportSetupError, Outcome, Preview, build_preview, commit
from .results import ResultImporter

KINDS = {
    ResultImporter.kind: ResultImporter,
}

__all__ = ["KINDS", "ImportFailed", "ImportSetupError", "Outcome", "Preview", "build_preview", "commit"]
