"""URLs of the indicators app, one module per feature so each stays small."""

from . import dashboard, imports, procedures, reports, targets

app_name = "indicators"
urlpatterns = [
    *dashboard.urlpatterns,
    *reports.urlpatterns,
    *procedures.urlpatterns,
    *imports.urlpatterns,
    *targets.urlpatterns,
]
