from .framework import Criterion, DeadlineExtension, Framework
from .procedures import PeriodType, ProcedureStat, ServiceIndexScore, ServicePeriodType
from .reports import AnnualReport, CriterionScore, Evidence, SurveyScore
from .results import IndexResult, PendingTotals, PublishedEdition, RateResult
from .runs import RankingRun
from .scales import ApplicableMaximum, Band, SurveyComponent
from .targets import Alert, AlertRule, Target, TargetMetric

__all__ = [
    "Alert",
    "AlertRule",
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
    "Target",
    "TargetMetric",
]
