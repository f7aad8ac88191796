"""F-6, F-7, F-8: a double submit writes once and never answers 500; `next` stays on the
site; an evidence file name too long for the file system is shortened, not a 500."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.db.models import QuerySet
from django.urls import reverse

from agencies.models import Submission
from indicators.forms.procedures import ProcedureStatForm
from indicators.models import Evidence, ProcedureStat
from indicators.models.reports import short_file_name
from inspections.forms import PlanForm
from inspections.models import InspectionPlan, RecommendationUpdate, Visit
from tests.factories import PlanFactory, RecommendationFactory, VisitFactory
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a)
from tests.indicators.workflow_setup import PDF, score

PLAN = {
    "kind": "noivu_cchc",
    "number": "1296/KH-SNV",
    "date": "2022-06-27",
    "issuer": "Sở Nội vụ",
    "year": "2022",
    "subject": "Kiểm tra công tác CCHC năm 2022",
}
FIGURES = {"period_type": "year", "year": "2022", "on_time_formula": "766", "received_new": "9"}
UPDATE = {"text": "Đã ban hành kế hoạch khắc phục", "status_after": "in_progress"}


def twice(client, url, data):
    """The same form posted twice, as a double click sends it."""
    data = {**data, Submission.FIELD: Submission.new_key()}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code < 500 and second.status_code < 500
    return first, second


def blind(monkeypatch, form_class, model):
    """The form's checks run as if the other request had not committed yet: both pass,
    and the database's unique constraint is the only one to see the clash."""
    clean = form_class.clean

    def blind_clean(self):
        with mock.patch.object(QuerySet, "exists", return_value=False):
            return clean(self)

    monkeypatch.setattr(form_class, "clean", blind_clean)
    monkeypatch.setattr(model, "validate_unique", lambda self, exclude=None: None)
    monkeypatch.setattr(model, "validate_constraints", lambda self, exclude=None: None)


@pytest.fixture
def rec_a(province, agency_a, noivu_staff):
    visit = VisitFactory(plan=PlanFactory(province=province, created_by=noivu_staff))
    visit.agencies.set([agency_a])
    return RecommendationFactory(visit=visit, addressee=agency_a)


# --- F-6: double submits -------------------------------------------------------------------


def test_a_double_submitted_plan_is_created_once(staff_client, province):
    first, second = twice(staff_client, reverse("inspections:plan_create"), PLAN)
    assert first.status_code == second.status_code == 302
    assert InspectionPlan.objects.count() == 1


def test_a_plan_saved_meanwhile_by_another_request_is_a_form_error_not_a_500(
    staff_client, province, monkeypatch
):
    """The race the token cannot see: two different forms with one number."""
    staff_client.post(reverse("inspections:plan_create"), PLAN)
    blind(monkeypatch, PlanForm, InspectionPlan)
    response = staff_client.post(reverse("inspections:plan_create"), PLAN)
    assert response.status_code == 200 and "Đã có kế hoạch mang số này" in response.text
    assert InspectionPlan.objects.count() == 1


def test_a_double_submitted_visit_is_created_once(staff_client, province, agency_a, noivu_staff):
    plan = PlanFactory(province=province, created_by=noivu_staff)
    data = {
        "date": "25/10/2022",
        "agencies": [agency_a.pk],
        "lead_name": "Trần Thế Dũng",
        "lead_position": "Phó Giám đốc Sở Nội vụ",
        "mode": "direct",
        "team-TOTAL_FORMS": "0",
        "team-INITIAL_FORMS": "0",
    }
    twice(staff_client, reverse("inspections:visit_create", args=[plan.pk]), data)
    assert Visit.objects.filter(plan=plan).count() == 1


def test_a_double_submitted_recommendation_update_is_written_once(reporter_client, rec_a):
    url = reverse("inspections:recommendation_post_update", args=[rec_a.pk])
    first, second = twice(reporter_client, url, UPDATE)
    assert RecommendationUpdate.objects.filter(recommendation=rec_a).count() == 1
    page = reporter_client.get(second["Location"])
    assert "đã được gửi" in page.text


def test_double_submitted_figures_are_saved_once(reporter_client, agency_a):
    url = reverse("indicators:procedure_entry", args=[agency_a.pk])
    first, second = twice(reporter_client, url, FIGURES)
    assert first.status_code == second.status_code == 302
    assert ProcedureStat.objects.filter(agency=agency_a).count() == 1


def test_figures_saved_meanwhile_by_another_request_are_a_form_error_not_a_500(
    reporter_client, agency_a, monkeypatch
):
    url = reverse("indicators:procedure_entry", args=[agency_a.pk])
    reporter_client.post(url, FIGURES)
    blind(monkeypatch, ProcedureStatForm, ProcedureStat)
    response = reporter_client.post(url, FIGURES)
    assert response.status_code == 200 and "vừa được lưu ở một lượt gửi khác" in response.text
    assert ProcedureStat.objects.filter(agency=agency_a).count() == 1


def test_a_form_without_a_token_still_saves(staff_client, province):
    """Older pages and scripts post no token: they are not refused."""
    assert staff_client.post(reverse("inspections:plan_create"), PLAN).status_code == 302


def test_a_claimed_token_is_released_when_the_write_fails(staff_client, province, monkeypatch):
    data = {**PLAN, Submission.FIELD: Submission.new_key()}

    def fail(self, *args, **kwargs):
        raise IntegrityError("plan_number_unique")

    monkeypatch.setattr(InspectionPlan, "save", fail)
    staff_client.post(reverse("inspections:plan_create"), data)
    monkeypatch.undo()
    staff_client.post(reverse("inspections:plan_create"), data)  # the user sends it again
    assert InspectionPlan.objects.count() == 1


def test_a_double_submitted_evidence_file_is_stored_once(report_a, reporter_client):
    s = score(report_a, "1.1")
    url = reverse("indicators:evidence_upload", args=[s.pk])
    for _ in range(2):
        reporter_client.post(url, {"file": SimpleUploadedFile("ke-hoach.pdf", PDF)})
    assert Evidence.objects.filter(score=s).count() == 1


# --- F-7: open redirects -------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil",
    ],
)
def test_evidence_upload_and_delete_never_leave_the_site(report_a, reporter_client, target):
    s = score(report_a, "1.1")
    upload = reporter_client.post(
        reverse("indicators:evidence_upload", args=[s.pk]),
        {"file": SimpleUploadedFile("ke-hoach.pdf", PDF), "next": target},
    )
    assert upload["Location"] == report_a.get_absolute_url()
    evidence = Evidence.objects.get(score=s)
    delete = reporter_client.post(
        reverse("indicators:evidence_delete", args=[evidence.pk]), {"next": target}
    )
    assert delete["Location"] == report_a.get_absolute_url()


def test_a_next_on_the_site_is_followed(report_a, reporter_client):
    s = score(report_a, "1.1")
    edit = reverse("indicators:report_edit", args=[report_a.pk])
    response = reporter_client.post(
        reverse("indicators:evidence_upload", args=[s.pk]),
        {"file": SimpleUploadedFile("ke-hoach.pdf", PDF), "next": edit},
    )
    assert response["Location"] == edit


# --- F-8: long file names ------------------------------------------------------------------


def test_an_evidence_file_name_over_255_bytes_is_stored_shortened(report_a, reporter_client):
    name = "Báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính " * 5 + ".pdf"
    assert len(name.encode()) > 255
    s = score(report_a, "1.1")
    response = reporter_client.post(
        reverse("indicators:evidence_upload", args=[s.pk]),
        {"file": SimpleUploadedFile(name, PDF)},
        follow=True,
    )
    assert response.status_code == 200
    evidence = Evidence.objects.get(score=s)
    stored = evidence.file.name.rsplit("/", 1)[-1]
    assert len(stored.encode()) <= 255 and stored.endswith(".pdf")
    assert len(evidence.original_name) <= 255 and evidence.original_name.endswith(".pdf")
    download = reporter_client.get(reverse("indicators:evidence_download", args=[evidence.pk]))
    assert (
        download["Content-Disposition"].isascii()
        and "filename*=UTF-8''" in download["Content-Disposition"]
    )


def test_short_file_names_keep_whole_letters_and_the_extension():
    name = short_file_name("ả" * 200 + ".docx", limit=50)
    assert name.endswith(".docx") and len(name.encode()) <= 50
    assert name[:-5] == "ả" * len(name[:-5])
    assert short_file_name("không-đuôi" * 40, limit=30).encode().__len__() <= 30
