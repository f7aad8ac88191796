from django.urls import path

from . import views

app_name = "agencies"
urlpatterns = [
    path("thong-bao/", views.notification_list, name="notifications"),
    path("doi-mat-khau/", views.password_change, name="password_change"),
    # the reporter accounts Sở Nội vụ manages
    path("tai-khoan/", views.account_list, name="account_list"),
    path("tai-khoan/tao/", views.account_create, name="account_create"),
    path("tai-khoan/nhap/", views.account_import, name="account_import"),
    path("tai-khoan/nhap/xac-nhan/", views.account_import_confirm, name="account_import_confirm"),
    path("tai-khoan/nhap/mau.xlsx", views.account_import_template, name="account_import_template"),
    path("tai-khoan/nhat-ky/", views.account_log, name="account_log"),
    path("tai-khoan/<int:user_id>/", views.account_detail, name="account_detail"),
    path(
        "tai-khoan/<int:user_id>/cap-lai-mat-khau/",
        views.account_action,
        {"action": "reset_password"},
        name="account_reset_password",
    ),
    path(
        "tai-khoan/<int:user_id>/khoa/",
        views.account_action,
        {"action": "deactivate"},
        name="account_deactivate",
    ),
    path(
        "tai-khoan/<int:user_id>/mo-khoa/",
        views.account_action,
        {"action": "reactivate"},
        name="account_reactivate",
    ),
]
