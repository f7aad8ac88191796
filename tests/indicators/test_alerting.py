"""Threshold alerts: each occurrence raised once and told once (in-app and by e-mail), after
a recompute and a dossier import; the alerts page, its filters and the acknowledgement."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from agencies.models import Notification
from indicators import alerting
from indicators.models import Alert, AlertRule, IndexResult, ProcedureStat
from indicators.ranking import recompute
from tests.factories import FrameworkFactory
from tests.indicators.dashboard_data import build_group

ALERTS = reverse("indicators:alert_list")


@pytest.fixture
def ranked(dept_group):
    agencies = build_group(group=dept_group, n=5)
    IndexResult.objects.update(is_published=True)
    return agencies


def _drop(agency, *, by: str):
    """The agency's 2024 index `by` points below its 2023 one."""
    result = IndexResult.objects.get(agency=agency, framework__year=2024)
    result.previous_index_pct = result.index_pct + Decimal(by)
    result.save()


def test_an_index_drop_is_raised_once_and_not_again_for_the_same_occurrence(
    province, dept_group, ranked, noivu_staff, django_capture_on_commit_callbacks
):
    """Sở Nội vụ and the agency's reporters hear of it, in-app and by e-mail, once."""
    rule = AlertRule.objects.create(province=province, kind="index_drop", threshold=3)
    _drop(ranked[2], by="3.5")
    _drop(ranked[3], by="2.99")  # under the threshold
    with django_capture_on_commit_callbacks(execute=True):
        assert alerting.evaluate_rules(province_id=province.pk, year=2024) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert alerting.evaluate_rules(province_id=province.pk, year=2024) == 0
    alert = Alert.objects.get()
    assert (alert.rule, alert.agency, alert.occurrence) == (rule, ranked[2], "2024")
    assert "giảm 3,50 điểm" in alert.text
    told = Notification.objects.filter(text__contains=ranked[2].name)
    assert [n.user for n in told] == [noivu_staff]  # the agency has no reporter account here
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [noivu_staff.email]


def test_the_agency_reporters_are_told_too(province, dept_group, agency_a, noivu_staff, reporter):
    framework = FrameworkFactory(group=dept_group, province=province, year=2024)
    IndexResult.objects.create(
        framework=framework,
        agency=agency_a,
        index_pct=80,
        previous_index_pct=90,
        is_published=True,
    )
    AlertRule.objects.create(province=province, kind="index_drop", threshold=5)
    alerting.evaluate_rules(province_id=province.pk)
    assert {n.user for n in Notification.objects.all()} == {noivu_staff, reporter}


def test_a_band_drop_of_two_bands(province, dept_group, ranked):
    AlertRule.objects.create(province=province, kind="band_drop", threshold=2)
    now = IndexResult.objects.get(agency=ranked[0], framework__year=2024)
    now.published_index_pct, now.published_band = Decimal("72"), "Khá"
    now.save()
    slid_one = IndexResult.objects.get(agency=ranked[1], framework__year=2024)
    slid_one.published_index_pct, slid_one.published_band = Decimal("85"), "Tốt"
    slid_one.save()
    before = IndexResult.objects.filter(framework__year=2023)
    assert {r.band for r in before} == {"Xuất sắc"}
    assert alerting.evaluate_rules(province_id=province.pk, year=2024) == 1
    assert Alert.objects.get().agency == ranked[0]


def _stat(agency, *, year, on_time, total=100):
    return ProcedureStat.objects.create(
        agency=agency,
        period_type="year",
        year=year,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        carried_over=0,
        received_new=total,
        resolved_on_time=on_time,
    )


def test_a_rate_below_the_floor_is_raised_per_year(province, dept_group, agency_a, agency_b):
    AlertRule.objects.create(
        province=province, kind="rate_below", metric="on_time", threshold=Decimal("98")
    )
    _stat(agency_a, year=2024, on_time=97)
    _stat(agency_b, year=2024, on_time=98)
    assert alerting.evaluate_rules(province_id=province.pk) == 1
    alert = Alert.objects.get()
    assert alert.agency == agency_a and "97,00%" in alert.text and "98,00%" in alert.text
    _stat(agency_a, year=2025, on_time=90)
    assert alerting.evaluate_rules(province_id=province.pk) == 1  # a new year, a new one
    assert alerting.evaluate_rules(province_id=province.pk) == 0


def test_a_recompute_evaluates_the_rules_after_it_commits(
    province, dept_group, agency_a, django_capture_on_commit_callbacks
):
    before = FrameworkFactory(group=dept_group, province=province, year=2023)
    IndexResult.objects.create(framework=before, agency=agency_a, index_pct=90)
    framework = FrameworkFactory(group=dept_group, province=province, year=2024)
    IndexResult.objects.create(
        framework=framework, agency=agency_a, index_pct=80, is_published=True
    )
    AlertRule.objects.create(province=province, kind="index_drop", threshold=5)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        recompute(framework=framework)
    assert not Alert.objects.exists()  # nothing before the recompute commits
    for callback in queued:
        callback()
    assert Alert.objects.get().agency == agency_a


def test_a_dossier_import_evaluates_the_rate_rules(
    tmp_path, province, dept_group, agency_a, django_capture_on_commit_callbacks
):
    from indicators.importing import build_preview, commit
    from indicators.importing.procedures import ProcedureImporter

    AlertRule.objects.create(province=province, kind="rate_below", metric="on_time", threshold=98)
    path = tmp_path / "hs.csv"
    path.write_text(
        "Tên đơn vị,Năm,Loại kỳ,Tiếp nhận mới trong kỳ,Giải quyết đúng hạn\n"
        "Sở Xây dựng,2024,Năm,100,90\n",
        encoding="utf-8",
    )
    preview = build_preview(ProcedureImporter(province_id=province.pk), path)
    assert preview.ok, preview.errors
    with django_capture_on_commit_callbacks(execute=True):
        commit(preview)
    assert Alert.objects.get().agency == agency_a


def test_a_provisional_drop_is_not_an_alert_until_published(province, dept_group, ranked):
    AlertRule.objects.create(province=province, kind="index_drop", threshold=3)
    _drop(ranked[0], by="5")
    IndexResult.objects.filter(framework__year=2024).update(is_published=False)
    assert alerting.evaluate_rules(province_id=province.pk, year=2024) == 0
    IndexResult.objects.filter(framework__year=2024).update(is_published=True)
    assert alerting.evaluate_rules(province_id=province.pk, year=2024) == 1


def test_only_the_latest_year_is_news(province, dept_group, ranked):
    """A recompute of an older year (a correction) raises nothing; the latest one does."""
    AlertRule.objects.create(province=province, kind="index_drop", threshold=3)
    _drop(ranked[0], by="5")
    old = IndexResult.objects.get(agency=ranked[1], framework__year=2023)
    old.previous_index_pct = old.index_pct + 10
    old.save()
    assert alerting.evaluate_rules(province_id=province.pk, year=2023) == 0
    assert alerting.evaluate_rules(province_id=province.pk, year=2024) == 1
    assert Alert.objects.get().agency == ranked[0]


def test_inactive_rules_raise_nothing(province, dept_group, ranked):
    AlertRule.objects.create(province=province, kind="index_drop", threshold=0, is_active=False)
    _drop(ranked[0], by="5")
    assert alerting.evaluate_rules(province_id=province.pk) == 0


@pytest.fixture
def raised(province, dept_group, agency_a, agency_b):
    drop = AlertRule.objects.create(province=province, kind="index_drop", threshold=3)
    rate = AlertRule.objects.create(
        province=province, kind="rate_below", metric="on_time", threshold=98
    )
    Alert.objects.create(rule=drop, agency=agency_a, occurrence="2024", text="SXD giảm điểm")
    Alert.objects.create(rule=rate, agency=agency_b, occurrence="2024", text="SGTVT đúng hạn thấp")
    return drop, rate


def test_alerts_page_lists_current_alerts_and_filters_by_rule_and_agency(
    staff_client, raised, agency_a
):
    drop, rate = raised
    body = staff_client.get(ALERTS).content.decode()
    assert "SXD giảm điểm" in body and "SGTVT đúng hạn thấp" in body
    body = staff_client.get(ALERTS, {"rule": rate.pk}).content.decode()
    assert "SXD giảm điểm" not in body and "SGTVT đúng hạn thấp" in body
    body = staff_client.get(ALERTS, {"agency": agency_a.pk}).content.decode()
    assert "SXD giảm điểm" in body and "SGTVT đúng hạn thấp" not in body


def test_acknowledging_moves_an_alert_out_of_the_current_list_once(
    staff_client, raised, noivu_staff
):
    alert = Alert.objects.get(text="SXD giảm điểm")
    url = reverse("indicators:alert_acknowledge", args=[alert.pk])
    staff_client.post(url)
    first_at = Alert.objects.get(pk=alert.pk).acknowledged_at
    staff_client.post(url)  # a double click
    alert.refresh_from_db()
    assert alert.acknowledged_by == noivu_staff and alert.acknowledged_at == first_at
    assert "SXD giảm điểm" not in staff_client.get(ALERTS).content.decode()
    assert "SXD giảm điểm" in staff_client.get(ALERTS, {"status": "done"}).content.decode()


def test_a_reporter_sees_only_their_agency_alerts_and_cannot_acknowledge(reporter_client, raised):
    body = reporter_client.get(ALERTS).content.decode()
    assert "SXD giảm điểm" in body and "SGTVT đúng hạn thấp" not in body
    assert "Đánh dấu đã xử lý" not in body
    alert = Alert.objects.get(text="SXD giảm điểm")
    response = reporter_client.post(reverse("indicators:alert_acknowledge", args=[alert.pk]))
    assert response.status_code == 403


def test_alerts_page_empty_state(staff_client, province):
    assert "Không có cảnh báo nào" in staff_client.get(ALERTS).content.decode()


def test_the_profile_panel_lists_current_alerts(supervisor_client, raised, agency_a):
    url = reverse("indicators:agency_targets_panel", args=[agency_a.pk])
    body = supervisor_client.get(url).content.decode()
    assert "SXD giảm điểm" in body and "SGTVT" not in body


RULES = reverse("indicators:alert_rule_list")


def test_staff_set_a_rule_once_however_often_they_click(staff_client, province, dept_group):
    data = {"kind": "rate_below", "threshold": "98", "metric": "on_time", "is_active": "on"}
    url = reverse("indicators:alert_rule_new")
    staff_client.post(url, {**data, "submission": "tok-1"})
    staff_client.post(url, {**data, "submission": "tok-1"})
    rule = AlertRule.objects.get()
    assert rule.province == province and rule.metric == "on_time"
    assert "Tỷ lệ hồ sơ đúng hạn dưới 98%" in staff_client.get(RULES).content.decode()


def test_a_rate_rule_needs_its_rate_and_a_band_rule_whole_bands(staff_client, province):
    url = reverse("indicators:alert_rule_new")
    response = staff_client.post(url, {"kind": "rate_below", "threshold": "98"})
    assert "phải chọn tỷ lệ" in response.content.decode()
    response = staff_client.post(url, {"kind": "band_drop", "threshold": "1.5"})
    assert "phải là số nguyên" in response.content.decode()
    assert not AlertRule.objects.exists()


def test_switching_a_rule_off_keeps_its_alerts(staff_client, raised):
    drop, _ = raised
    url = reverse("indicators:alert_rule_edit", args=[drop.pk])
    staff_client.post(url, {"kind": "index_drop", "threshold": "3"})  # is_active unticked
    drop.refresh_from_db()
    assert not drop.is_active and drop.alerts.count() == 1


def test_rules_page_empty_state(staff_client, province):
    assert "Tỉnh chưa đặt quy tắc cảnh báo nào" in staff_client.get(RULES).content.decode()


def test_another_agencys_reporter_sees_its_targets_but_not_its_alerts(
    client, other_reporter, raised, agency_a
):
    client.force_login(other_reporter)
    url = reverse("indicators:agency_targets_panel", args=[agency_a.pk])
    body = client.get(url).content.decode()
    assert "SXD giảm điểm" not in body and "data-forbidden" in body
