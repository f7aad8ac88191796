"""The read-only API, mounted at /api/ (namespace "api"), with its OpenAPI schema at
/api/schema/ and a Swagger UI at /api/docs/.

Swagger UI's files come from drf-spectacular-sidecar through our own static files, and
the split view serves its start-up script as a file of its own: the Content-Security-Policy
allows scripts from this site only, and closed provincial networks reach no CDN.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
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
        "docs/",
        role_required(READERS)(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path(
        "open-data/<str:province_code>/rankings/", api.open_data_rankings, name="open_data_rankings"
    ),
    path("", include(router.urls)),
]
