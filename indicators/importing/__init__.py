"""Importing spreadsheets: templates, streaming readers, one module per kind of data.

`KINDS` maps a kind's name to its importer; `build_preview` and `commit` (in `base`) are
the two calls every entry point makes (web page, Celery task, management commands).
"""

from .agencies import AgencyImporter
from .base import ImportFailed, ImportSetupError, Outcome, Preview, build_preview, commit
from .criteria import CriteriaImporter
from .procedures import ProcedureImporter
from .results import ResultImporter
from .scores import ScoreImporter
from .service_index import ServiceIndexImporter

KINDS = {
    importer.kind: importer
    for importer in (
        ResultImporter,
        AgencyImporter,
        CriteriaImporter,
        ScoreImporter,
        ProcedureImporter,
        ServiceIndexImporter,
    )
}
# Which options each kind needs (the web form and the commands ask for these).
NEEDS_YEAR = {"results", "criteria", "scores"}
NEEDS_GROUP = {"results", "criteria", "scores"}

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
