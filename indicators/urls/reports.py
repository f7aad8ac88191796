"""The annual self-report and appraisal cycle: reports, evidence, appraisal, publication."""

from django.urls import path

from indicators.views import appraisal, appraisal_rows, explanation, reports

urlpatterns = [
    # agency side
    path("bao-cao/", reports.report_list, name="report_list"),
    path("bao-cao/<int:report_id>/", reports.report_detail, name="report_detail"),
    path("bao-cao/<int:report_id>/tu-danh-gia/", reports.report_edit, name="report_edit"),
    path("bao-cao/<int:report_id>/gui/", reports.report_submit, name="report_submit"),
    path("bao-cao/<int:report_id>/rut-lai/", reports.report_withdraw, name="report_withdraw"),
    path(
        "bao-cao/<int:report_id>/giai-trinh/",
        explanation.explanation_answer,
        name="explanation_answer",
    ),
    path("bao-cao/<int:report_id>/lich-su/", reports.report_history, name="report_history"),
    path("bao-cao/diem/<int:score_id>/tai-lieu/", reports.evidence_upload, name="evidence_upload"),
    path(
        "bao-cao/tai-lieu/<int:evidence_id>/", reports.evidence_download, name="evidence_download"
    ),
    path(
        "bao-cao/tai-lieu/<int:evidence_id>/xoa/", reports.evidence_delete, name="evidence_delete"
    ),
    # Sở Nội vụ side
    path("tham-dinh/", appraisal.appraisal_board, name="appraisal_board"),
    path("tham-dinh/bao-cao/<int:report_id>/", appraisal.report_appraise, name="report_appraise"),
    path(
        "tham-dinh/bao-cao/<int:report_id>/dong/<int:score_id>/",
        appraisal_rows.appraisal_row,
        name="appraisal_row",
    ),
    path(
        "tham-dinh/bao-cao/<int:report_id>/dong-y-tu-cham/",
        appraisal_rows.appraisal_accept_all,
        name="appraisal_accept_all",
    ),
    path(
        "tham-dinh/bao-cao/<int:report_id>/bat-dau/",
        appraisal.report_transition,
        {"action": "start"},
        name="appraisal_start",
    ),
    path(
        "tham-dinh/bao-cao/<int:report_id>/yeu-cau-giai-trinh/",
        appraisal.report_transition,
        {"action": "request_explanation"},
        name="appraisal_request_explanation",
    ),
    path(
        "tham-dinh/bao-cao/<int:report_id>/ket-thuc/",
        appraisal.report_transition,
        {"action": "finish"},
        name="appraisal_finish",
    ),
    path("tham-dinh/ky/<int:framework_id>/mo/", appraisal.framework_open, name="framework_open"),
    path("tham-dinh/ky/<int:framework_id>/gia-han/", appraisal.extension_add, name="extension_add"),
    path("tham-dinh/ky/<int:framework_id>/dieu-tra/", appraisal.survey_entry, name="survey_entry"),
    path(
        "tham-dinh/ky/<int:framework_id>/cong-bo/",
        appraisal.framework_publish,
        name="framework_publish",
    ),
    path(
        "tham-dinh/ky/<int:framework_id>/dieu-chinh/",
        appraisal.framework_adjust,
        name="framework_adjust",
    ),
    path("cong-bo/<int:framework_id>/", appraisal.edition_list, name="edition_list"),
    path("cong-bo/ban/<int:edition_id>/", appraisal.edition_download, name="edition_download"),
]
