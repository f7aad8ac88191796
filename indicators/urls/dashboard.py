from django.urls import path

from indicators.views import dashboard, profile

urlpatterns = [
    path("", dashboard.overview, name="overview"),
    path("xep-hang/", dashboard.rankings, name="rankings"),
    path("xep-hang/xuat/<str:fmt>/", dashboard.rankings_export, name="rankings_export"),
    path("ho-so-don-vi/<int:agency_id>/", profile.agency_profile, name="agency_profile"),
]
