from django.urls import path

from indicators.views import targets

urlpatterns = [
    path("muc-tieu/", targets.TargetListView.as_view(), name="target_list"),
    path("muc-tieu/them/", targets.target_new, name="target_new"),
    path("muc-tieu/<int:pk>/sua/", targets.target_edit, name="target_edit"),
    path("muc-tieu/<int:pk>/xoa/", targets.target_delete, name="target_delete"),
    path("canh-bao/", targets.AlertListView.as_view(), name="alert_list"),
    path("canh-bao/<int:pk>/da-xu-ly/", targets.alert_acknowledge, name="alert_acknowledge"),
    path(
        "don-vi/<int:agency_id>/muc-tieu/",
        targets.agency_targets_panel,
        name="agency_targets_panel",
    ),
]
