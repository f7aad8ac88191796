"""Views of the inspections app, one module per screen family."""

from .brief import council_brief
from .fragments import agency_criterion_findings, agency_panel
from .lists import PlanListView, RecommendationBoardView, RemediationBoardView, VisitListView
from .plans import plan_create, plan_detail, plan_edit
from .recommendations import (
    recommendation_confirm,
    recommendation_detail,
    recommendation_post_update,
    update_attachment,
)
from .remediation import (
    agency_remediation_panel,
    remediation_action_update,
    remediation_add_action,
    remediation_detail,
    remediation_evidence,
    remediation_open,
)
from .visits import visit_create, visit_detail, visit_edit, visit_findings

__all__ = [
    "PlanListView",
    "RecommendationBoardView",
    "RemediationBoardView",
    "VisitListView",
    "agency_criterion_findings",
    "agency_panel",
    "agency_remediation_panel",
    "council_brief",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "recommendation_confirm",
    "recommendation_detail",
    "recommendation_post_update",
    "remediation_action_update",
    "remediation_add_action",
    "remediation_detail",
    "remediation_evidence",
    "remediation_open",
    "update_attachment",
    "visit_create",
    "visit_detail",
    "visit_edit",
    "visit_findings",
]
