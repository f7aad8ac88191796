from django.urls import path

from indicators.views import procedures

urlpatterns = [
    path("thu-tuc/", procedures.ProcedureListView.as_view(), name="procedure_list"),
    path("thu-tuc/nhap/", procedures.procedure_entry_start, name="procedure_entry"),
    path("thu-tuc/nhap/<int:agency_id>/", procedures.procedure_entry, name="procedure_entry"),
    path(
        "thu-tuc/nhap/<int:agency_id>/kiem-tra/", procedures.procedure_check, name="procedure_check"
    ),
    path("thu-tuc/so-lieu/<int:pk>/sua/", procedures.procedure_edit, name="procedure_edit"),
    path("chi-so-766/", procedures.ServiceIndexView.as_view(), name="service_index"),
    path("chi-so-766/xep-hang/", procedures.service_index_rank, name="service_index_rank"),
    path(
        "don-vi/<int:agency_id>/thu-tuc/",
        procedures.agency_procedures_panel,
        name="agency_procedures_panel",
    ),
]
