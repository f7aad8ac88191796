"""Models of the inspections app: inspections and supervisions down to recommendations
(`inspections`), and the remediation plans agencies make after publication
(`remediation`)."""

from .inspections import (
    STAFF_KINDS,
    SUPERVISOR_KINDS,
    Finding,
    FindingQuerySet,
    InspectionKind,
    InspectionPlan,
    PlanQuerySet,
    Recommendation,
    RecommendationQuerySet,
    RecommendationUpdate,
    TeamMember,
    Visit,
    VisitQuerySet,
    update_attachment_path,
)
from .remediation import (
    ActionUpdate,
    RemediationAction,
    RemediationPlan,
    action_evidence_path,
)

__all__ = [
    "STAFF_KINDS",
    "SUPERVISOR_KINDS",
    "ActionUpdate",
    "Finding",
    "FindingQuerySet",
    "InspectionKind",
    "InspectionPlan",
    "PlanQuerySet",
    "Recommendation",
    "RecommendationQuerySet",
    "RecommendationUpdate",
    "RemediationAction",
    "RemediationPlan",
    "TeamMember",
    "Visit",
    "VisitQuerySet",
    "action_evidence_path",
    "update_attachment_path",
]
