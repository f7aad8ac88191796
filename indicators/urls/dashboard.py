from django.urls import path

from indicators.views import dashboard, profile, what_if

urlpatterns = [
    path("", dashboard.overview, name="overview"),
    path("xep-hang/", dashboard.rankings, name="rankings"),
    path("xep-hang/xuat/<str:fmt>/", dashboard.rankings_export, name="rankings_export"),
    path("ho-so-don-vi/<int:agency_id>/", profile.agency_profile, name="agency_profile"),
    path("ho-so-don-vi/<int:agency_id>/gia-dinh/", what_if.what_if_panel, name="what_if"),
]
