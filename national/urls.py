from django.urls import path

from . import views

app_name = "national"
urlpatterns = [
    path("", views.ProvinceRankingView.as_view(), name="ranking"),
    path("tinh/<int:province_id>/", views.province_detail, name="province"),
    path("chon-tinh/", views.province_switch, name="switch"),
    path("nhap-bang/", views.import_table, name="import"),
    path("nhap-bang/mau.xlsx", views.import_template, name="import_template"),
]
