from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("dot-lam-viec/", views.VisitListView.as_view(), name="visit_list"),
    path("ke-hoach/them/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("ke-hoach/<int:plan_pk>/them-dot/", views.visit_create, name="visit_create"),
    path("dot/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("dot/<int:pk>/sua/", views.visit_edit, name="visit_edit"),
    path("dot/<int:pk>/nhan-xet-kien-nghi/", views.visit_findings, name="visit_findings"),
    path("kien-nghi/", views.RecommendationBoardView.as_view(), name="recommendation_board"),
    path("kien-nghi/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path(
        "kien-nghi/<int:pk>/cap-nhat/",
        views.recommendation_post_update,
        name="recommendation_post_update",
    ),
    path(
        "kien-nghi/<int:pk>/xac-nhan/", views.recommendation_confirm, name="recommendation_confirm"
    ),
    path("cap-nhat/<int:pk>/tep/", views.update_attachment, name="update_attachment"),
    # Fragments for the agency profile (htmx hx-get).
    path("don-vi/<int:agency_id>/", views.agency_panel, name="agency_panel"),
    # The council brief: the agency's year and open recommendations on two A4 pages.
    path("don-vi/<int:agency_id>/ban-tom-tat/", views.council_brief, name="council_brief"),
    path(
        "don-vi/<int:agency_id>/tieu-chi/",
        views.agency_criterion_findings,
        name="agency_criterion_findings",
    ),
    # Remediation plans after publication (kế hoạch khắc phục).
    path(
        "don-vi/<int:agency_id>/khac-phuc/",
        views.agency_remediation_panel,
        name="agency_remediation_panel",
    ),
    path("khac-phuc/", views.RemediationBoardView.as_view(), name="remediation_board"),
    path("don-vi/<int:agency_id>/khac-phuc/lap/", views.remediation_open, name="remediation_open"),
    path("khac-phuc/<int:pk>/", views.remediation_detail, name="remediation_detail"),
    path(
        "khac-phuc/<int:pk>/them-hanh-dong/",
        views.remediation_add_action,
        name="remediation_add_action",
    ),
    path(
        "hanh-dong/<int:pk>/cap-nhat/",
        views.remediation_action_update,
        name="remediation_action_update",
    ),
    path("hanh-dong/tep/<int:pk>/", views.remediation_evidence, name="remediation_evidence"),
]
