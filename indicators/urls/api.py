"""The read-only API, mounted at /api/ (namespace "api"), with its OpenAPI schema.

No Swagger/Redoc page: their JavaScript comes from a CDN, which the CSP and closed
provincial networks forbid. The schema itself is at /api/schema/.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from agencies.access import READERS, role_required
from indicators import api

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("agencies", api.AgencyViewSet, basename="agency")
router.register("results", api.PublishedResultViewSet, basename="result")
router.register("rankings", api.RankingViewSet, basename="ranking")
router.register("procedure-stats", api.ProcedureStatViewSet, basename="procedure-stat")
router.register("service-index", api.ServiceIndexViewSet, basename="service-index")

urlpatterns = [
    path("", role_required(READERS)(router.get_api_root_view()), name="root"),
    path(
        "schema/",
        role_required(READERS)(SpectacularAPIView.as_view(api_version="1")),
        name="schema",
    ),
    path(
        "open-data/<str:province_code>/rankings/", api.open_data_rankings, name="open_data_rankings"
    ),
    path("", include(router.urls)),
]
