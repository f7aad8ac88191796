from django.urls import path

from indicators.views import imports

urlpatterns = [
    path("nhap-du-lieu/", imports.import_start, name="import_start"),
    path("nhap-du-lieu/mau/<slug:kind>.xlsx", imports.import_template, name="import_template"),
    path("nhap-du-lieu/<str:token>/", imports.import_preview, name="import_preview"),
    path("nhap-du-lieu/<str:token>/ket-qua/", imports.import_result, name="import_result"),
    path("nhap-du-lieu/<str:token>/tien-do/", imports.import_progress, name="import_progress"),
    path("nhap-du-lieu/<str:token>/huy/", imports.import_discard, name="import_discard"),
    path(
        "cong-bo/ban/<int:edition_id>/tai-ve.<str:fmt>",
        imports.edition_export,
        name="edition_export",
    ),
]
