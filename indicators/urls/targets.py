from django.urls import path

from indicators.views import targets

urlpatterns = [
    path("muc-tieu/", targets.TargetListView.as_view(), name="target_list"),
    path("muc-tieu/them/", targets.target_new, name="target_new"),
    path("muc-tieu/<int:target_id>/sua/", targets.target_edit, name="target_edit"),
    path("muc-tieu/<int:target_id>/xoa/", targets.target_delete, name="target_delete"),
    path("canh-bao/", targets.AlertListView.as_view(), name="alert_list"),
    path("canh-bao/<int:alert_id>/da-xu-ly/", targets.alert_acknowledge, name="alert_acknowledge"),
    path("canh-bao/quy-tac/", targets.AlertRuleListView.as_view(), name="alert_rule_list"),
    path("canh-bao/quy-tac/them/", targets.alert_rule_new, name="alert_rule_new"),
    path("canh-bao/quy-tac/<int:rule_id>/sua/", targets.alert_rule_edit, name="alert_rule_edit"),
    path(
        "don-vi/<int:agency_id>/muc-tieu/",
        targets.agency_targets_panel,
        name="agency_targets_panel",
    ),
]
