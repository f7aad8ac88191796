from .framework import (
    ApplicableMaximum,
    Band,
    Criterion,
    DeadlineExtension,
    Framework,
    SurveyComponent,
)
from .procedures import PeriodType, ProcedureStat, ServiceIndexScore, ServicePeriodType
from .reports import AnnualReport, CriterionScore, Evidence, SurveyScore
from .results import IndexResult, PendingTotals, PublishedEdition, RateResult
from .runs import RankingRun

__all__ = [
    "AnnualReport",
    "ApplicableMaximum",
    "Band",
    "Criterion",
    "CriterionScore",
    "DeadlineExtension",
    "Evidence",
    "Framework",
    "IndexResult",
    "PendingTotals",
    "PeriodType",
    "ProcedureStat",
    "PublishedEdition",
    "RankingRun",
    "RateResult",
    "ServiceIndexScore",
    "ServicePeriodType",
    "SurveyComponent",
    "SurveyScore",
]
