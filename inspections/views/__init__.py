"""Views of the inspections app, one module per screen family."""

from .brief import council_brief
from .fragments import agency_criterion_findings, agency_panel
from .lists import PlanListView, RecommendationBoardView, VisitListView
from .plans import plan_create, plan_detail, plan_edit
from .recommendations import (
    recommendation_confirm,
    recommendation_detail,
    recommendation_post_update,
    update_attachment,
)
from .visits import visit_create, visit_detail, visit_edit, visit_findings

__all__ = [
    "PlanListView",
    "RecommendationBoardView",
    "VisitListView",
    "agency_criterion_findings",
    "agency_panel",
    "council_brief",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "recommendation_confirm",
    "recommendation_detail",
    "recommendation_post_update",
    "update_attachment",
    "visit_create",
    "visit_detail",
    "visit_edit",
    "visit_findings",
]
