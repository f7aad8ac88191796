"""Publishing freezes a dated, hashed edition; adjustments supersede it, never edit it."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.urls import reverse

from agencies.models import Notification
from indicators import publishing, workflow
from indicators.models import AnnualReport, IndexResult, PublishedEdition
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a, report_b)
from tests.indicators.workflow_setup import appraised, score, submitted

DECISION_DATE = datetime.date(2023, 12, 26)


@pytest.fixture
def all_appraised(report_a, report_b, reporter, other_reporter, noivu_staff):
    a = appraised(report_a, reporter, noivu_staff, {"2.1": "3.5"})  # 2 + 3 + 3.5 = 8.5 of 10
    b = appraised(report_b, other_reporter, noivu_staff)  # 2 + 3 + 4 = 9 of 10
    return a, b


def _publish(framework, user, number="3349/QĐ-UBND"):
    return publishing.publish(
        framework=framework, decision_no=number, decision_date=DECISION_DATE, user=user
    )


def test_publish_is_refused_while_a_report_is_not_appraised(
    framework, report_a, report_b, reporter, other_reporter, noivu_staff
):
    appraised(report_a, reporter, noivu_staff)
    submitted(report_b, other_reporter)
    with pytest.raises(
        workflow.WorkflowError,
        match="còn 1 báo cáo chưa thẩm định xong: Sở Giao thông vận tải \\(Đã gửi\\)",
    ):
        _publish(framework, noivu_staff)
    assert not PublishedEdition.objects.exists()
    assert not AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED).exists()


def test_publish_freezes_an_edition_with_its_sha256_and_sets_published_values(
    framework, all_appraised, noivu_staff, agency_a, agency_b
):
    edition = _publish(framework, noivu_staff)
    assert str(edition) == "QĐ 3349/QĐ-UBND ngày 26/12/2023"
    assert (
        edition.content_hash
        == hashlib.sha256(publishing.canonical_json(edition.content)).hexdigest()
    )
    rows = {row["agency_id"]: row for row in edition.content["results"]}
    assert rows[agency_a.pk]["index_pct"] == "85.0000" and rows[agency_a.pk]["rank"] == 2
    assert rows[agency_b.pk]["index_pct"] == "90.0000" and rows[agency_b.pk]["band"] == "Xuất sắc"
    assert rows[agency_a.pk]["criteria"] == {"1.1": "2.00", "1.2": "3.00", "2.1": "3.50"}
    result = IndexResult.objects.get(framework=framework, agency=agency_a)
    assert (result.published_index_pct, result.published_rank, result.edition) == (
        Decimal("85"),
        2,
        edition,
    )
    assert result.is_published and not result.has_discrepancy
    assert set(AnnualReport.objects.values_list("status", flat=True)) == {
        AnnualReport.Status.PUBLISHED
    }
    framework.refresh_from_db()
    assert not framework.is_open


def test_publish_notifies_reporters_and_staff(
    framework,
    all_appraised,
    noivu_staff,
    reporter,
    other_reporter,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _publish(framework, noivu_staff)
    for user in (noivu_staff, reporter, other_reporter):
        assert Notification.objects.filter(
            user=user, text__contains="Đã công bố kết quả Chỉ số CCHC năm 2023"
        ).exists()


def test_a_year_is_published_once(framework, all_appraised, noivu_staff):
    _publish(framework, noivu_staff)
    with pytest.raises(workflow.WorkflowError, match="đã công bố"):
        _publish(framework, noivu_staff, "1/QĐ-UBND")


def test_adjustment_creates_a_superseding_edition_and_keeps_the_old_one(
    framework, all_appraised, noivu_staff, agency_a, report_a
):
    first = _publish(framework, noivu_staff)
    first_content, first_hash = first.content, first.content_hash
    s21 = score(report_a, "2.1")
    second = publishing.adjust(
        framework=framework,
        decision_no="120/QĐ-UBND",
        decision_date=datetime.date(2024, 2, 1),
        reason="Sở Xây dựng bổ sung tài liệu tiêu chí 2.1",
        user=noivu_staff,
        corrections={s21.pk: Decimal("5")},
    )
    assert second.kind == PublishedEdition.Kind.ADJUSTMENT and second.supersedes == first
    first.refresh_from_db()
    assert (first.content, first.content_hash) == (first_content, first_hash)  # frozen
    assert second.content_hash != first_hash
    result = IndexResult.objects.get(framework=framework, agency=agency_a)
    assert (
        result.published_index_pct == Decimal("100")
        and result.edition == second
        and result.published_rank == 1
    )
    assert publishing.latest_edition(framework) == second
    assert score(report_a, "2.1").final_score == Decimal("5")


def test_adjustment_needs_a_publication_a_reason_and_a_change(
    framework, all_appraised, noivu_staff, report_a
):
    s21 = score(report_a, "2.1")
    kwargs = {
        "framework": framework,
        "decision_no": "120/QĐ-UBND",
        "decision_date": DECISION_DATE,
        "user": noivu_staff,
    }
    with pytest.raises(workflow.WorkflowError, match="chưa công bố"):
        publishing.adjust(reason="x", corrections={s21.pk: Decimal("5")}, **kwargs)
    _publish(framework, noivu_staff)
    with pytest.raises(workflow.WorkflowError, match="lý do"):
        publishing.adjust(reason=" ", corrections={s21.pk: Decimal("5")}, **kwargs)
    with pytest.raises(workflow.WorkflowError, match="Không có điểm nào thay đổi"):
        publishing.adjust(reason="Sửa", corrections={s21.pk: Decimal("3.5")}, **kwargs)
    with pytest.raises(workflow.WorkflowError, match="điểm phải từ 0 đến 5"):
        publishing.adjust(reason="Sửa", corrections={s21.pk: Decimal("6")}, **kwargs)
    with pytest.raises(workflow.WorkflowError, match="đã được dùng"):
        publishing.adjust(
            reason="Sửa",
            corrections={s21.pk: Decimal("5")},
            **{**kwargs, "decision_no": "3349/QĐ-UBND"},
        )
    assert PublishedEdition.objects.count() == 1


def test_every_edition_stays_downloadable_and_matches_its_hash(
    framework, all_appraised, noivu_staff, report_a, supervisor_client, reporter_client
):
    first = _publish(framework, noivu_staff)
    s21 = score(report_a, "2.1")
    second = publishing.adjust(
        framework=framework,
        decision_no="120/QĐ-UBND",
        decision_date=DECISION_DATE,
        reason="Sửa",
        user=noivu_staff,
        corrections={s21.pk: Decimal("4")},
    )
    for edition in (first, second):
        for client in (supervisor_client, reporter_client):
            response = client.get(reverse("indicators:edition_download", args=[edition.pk]))
            assert response.status_code == 200
            assert hashlib.sha256(response.content).hexdigest() == edition.content_hash
    page = supervisor_client.get(reverse("indicators:edition_list", args=[framework.pk]))
    assert "120/QĐ-UBND" in page.content.decode() and "3349/QĐ-UBND" in page.content.decode()


def test_publish_view_refuses_with_the_reason_and_publishes_when_ready(
    framework, all_appraised, staff_client, supervisor_client
):
    url = reverse("indicators:framework_publish", args=[framework.pk])
    assert (
        supervisor_client.post(
            url, {"decision_no": "1/QĐ-UBND", "decision_date": "2023-12-26"}
        ).status_code
        == 403
    )
    data = {"decision_no": "QĐ 3349/QĐ-UBND", "decision_date": "2023-12-26"}
    # First shown back with what cannot be undone; nothing is published yet.
    review = staff_client.post(url, data).content.decode()
    assert "Xác nhận công bố" in review and "Không thể hoàn tác" in review
    assert "Quyết định số 3349/QĐ-UBND ngày 26/12/2023" in review
    assert not PublishedEdition.objects.exists()
    back = staff_client.post(url, {**data, "back": "1"}).content.decode()
    assert 'id="publish"' in back and "3349/QĐ-UBND" in back
    assert not PublishedEdition.objects.exists()
    response = staff_client.post(url, {**data, "confirm": "1"}, follow=True)
    assert "Đã công bố kết quả năm 2023" in response.content.decode()
    assert PublishedEdition.objects.get().decision_no == "3349/QĐ-UBND"


def test_agency_profile_shows_the_publication_and_its_adjustment_side_by_side(
    framework, all_appraised, noivu_staff, agency_a, report_a, supervisor_client
):
    """A correction never hides what was announced: the profile lists both editions."""
    _publish(framework, noivu_staff)
    publishing.adjust(
        framework=framework,
        decision_no="120/QĐ-UBND",
        decision_date=datetime.date(2024, 2, 1),
        reason="Bổ sung tài liệu tiêu chí 2.1",
        user=noivu_staff,
        corrections={score(report_a, "2.1").pk: Decimal("5")},
    )
    response = supervisor_client.get(
        reverse("indicators:agency_profile", args=[agency_a.pk]), {"year": framework.year}
    )
    editions = response.context["editions"]
    assert [e["edition"].decision_no for e in editions] == ["3349/QĐ-UBND", "120/QĐ-UBND"]
    assert [e["rank"] for e in editions] == [2, 1]
    assert editions[0]["index_pct"] < editions[1]["index_pct"] == Decimal("100")
    body = response.content.decode()
    assert "Bổ sung tài liệu tiêu chí 2.1" in body and "hiện hành" in body


def test_publish_is_offered_disabled_while_reports_are_pending_and_says_which(
    framework, staff_client
):
    url = reverse("indicators:framework_publish", args=[framework.pk])
    page = staff_client.get(url).content.decode()
    assert 'id="publish" disabled' in page
    assert "Chưa thể công bố: còn 2 báo cáo chưa thẩm định xong:" in page
    assert "Sở Xây dựng (Đang tự đánh giá)" in page
    # Posted anyway (an old page): refused with the same reason, nothing published.
    response = staff_client.post(
        url, {"decision_no": "1/QĐ-UBND", "decision_date": "2023-12-26", "confirm": "1"}
    )
    assert "Chưa thể công bố: còn 2 báo cáo" in response.content.decode()
    assert not PublishedEdition.objects.exists()
