"""Remediation plans: opened after publication, overdue actions marked and reminded once,
who may write and who only reads, updates with evidence, and the export."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from agencies.models import Notification
from indicators.models import AnnualReport, Criterion, CriterionScore, IndexResult
from inspections import remediation
from inspections.models import ActionUpdate, RemediationAction, RemediationPlan
from tests.exports import read_response
from tests.factories import FrameworkFactory, RecommendationFactory, VisitFactory
from tests.inspections.remediation_data import remediation_action

from .. import factories

TODAY = datetime.date(2025, 6, 10)
TZ_NOON = datetime.datetime(2025, 6, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def published(dept_group, agency_a):
    """Agency A's published 2024 result, with two leaves that lost points and one full."""
    framework = FrameworkFactory(group=dept_group, year=2024)
    report = AnnualReport.objects.create(
        framework=framework, agency=agency_a, status=AnnualReport.Status.PUBLISHED
    )
    for code, maximum, points in (("6.3", 2, "0.5"), ("1.1", 1, "0.5"), ("2.1", 3, "3")):
        leaf = factories.CriterionFactory(
            framework=framework, code=code, max_points=Decimal(maximum)
        )
        CriterionScore.objects.create(
            report=report, criterion=leaf, max_points=leaf.max_points, final_score=Decimal(points)
        )
    IndexResult.objects.create(framework=framework, agency=agency_a, is_published=True)
    return framework


@pytest.fixture
def action(agency_a, published):
    return remediation_action(agency_a, published, due=datetime.date(2025, 6, 1))[0]


# --- opening ---------------------------------------------------------------------------------


def test_weak_criteria_come_most_points_lost_first(agency_a, published):
    weak = remediation.weak_criteria(agency=agency_a, framework=published)
    assert [(w["criterion"].code, w["lost"]) for w in weak] == [
        ("6.3", Decimal("1.5")),
        ("1.1", Decimal("0.5")),
    ]


def test_a_plan_is_opened_only_after_publication(agency_a, dept_group, reporter):
    draft = FrameworkFactory(group=dept_group, year=2025)
    AnnualReport.objects.create(framework=draft, agency=agency_a)
    leaf = factories.CriterionFactory(framework=draft)
    with pytest.raises(remediation.RemediationError, match="chưa công bố"):
        remediation.open_plan(
            agency=agency_a, framework=draft, user=reporter, title="KH", criterion=leaf
        )


def test_the_reporter_opens_a_plan_on_a_weak_criterion(reporter_client, agency_a, published):
    leaf = Criterion.objects.get(framework=published, code="6.3")
    url = reverse("inspections:remediation_open", args=[agency_a.pk])
    page = reporter_client.get(url)
    assert page.status_code == 200 and "6.3." in page.text and "2.1." not in page.text
    response = reporter_client.post(
        url, {"title": "Nâng tỷ lệ hồ sơ đúng hạn", "criterion": leaf.pk, "submission": "k1"}
    )
    plan = RemediationPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert (plan.agency, plan.framework, plan.criterion) == (agency_a, published, leaf)
    again = reporter_client.post(url, {"title": "Lặp", "criterion": leaf.pk, "submission": "k1"})
    assert again.status_code == 302 and RemediationPlan.objects.count() == 1


def test_a_plan_needs_a_criterion_or_a_recommendation(staff_client, agency_a, published):
    response = staff_client.post(
        reverse("inspections:remediation_open", args=[agency_a.pk]), {"title": "KH"}
    )
    assert response.status_code == 400
    assert "Chọn một tiêu chí hoặc một kiến nghị" in response.text


def test_a_plan_can_answer_a_recommendation(staff_client, noivu_staff, agency_a, published):
    rec = RecommendationFactory(visit=VisitFactory(), addressee=agency_a)
    response = staff_client.post(
        reverse("inspections:remediation_open", args=[agency_a.pk]),
        {"title": "Thực hiện kiến nghị", "recommendation": rec.pk},
    )
    assert response.status_code == 302
    assert RemediationPlan.objects.get().recommendation == rec


# --- overdue ---------------------------------------------------------------------------------


def test_an_overdue_action_is_marked(action):
    assert action.is_overdue(TODAY)
    assert not action.is_overdue(datetime.date(2025, 5, 31))
    assert list(RemediationAction.objects.overdue(TODAY)) == [action]
    action.status, action.completed_date = RemediationAction.Status.DONE, TODAY
    action.save()
    assert not action.is_overdue(TODAY) and not RemediationAction.objects.overdue(TODAY)


def test_an_overdue_action_is_reminded_once_per_occurrence(action, reporter, noivu_staff):
    assert remediation.mark_overdue_actions(today=TODAY) == 1
    assert remediation.mark_overdue_actions(today=TODAY) == 0
    assert remediation.mark_overdue_actions(today=TODAY + datetime.timedelta(days=1)) == 0
    told = Notification.objects.filter(text__contains="quá hạn")
    assert sorted(n.user.username for n in told) == ["noivu", "sxd"]
    # A new due date ahead re-arms it: when that one passes too, it is reminded again.
    remediation.update_action(
        action=action,
        user=reporter,
        version=action.version,
        date=TODAY,
        text="Xin gia hạn",
        status_after="in_progress",
        due_date=datetime.date(2025, 7, 1),
    )
    assert remediation.mark_overdue_actions(today=TODAY) == 0
    assert remediation.mark_overdue_actions(today=datetime.date(2025, 7, 2)) == 1
    assert Notification.objects.filter(text__contains="quá hạn").count() == 4


def test_the_beat_task_runs_the_reminder(action):
    from inspections.tasks import mark_overdue_actions

    with time_machine.travel(TZ_NOON, tick=False):
        assert mark_overdue_actions.delay().get() == 1


# --- permissions and updates -----------------------------------------------------------------


def _update(client, action, **extra):
    data = {
        f"a{action.pk}-date": "2025-06-09",
        f"a{action.pk}-text": "Đã ban hành kế hoạch",
        f"a{action.pk}-status_after": "done",
        f"a{action.pk}-version": action.version,
        **extra,
    }
    return client.post(reverse("inspections:remediation_action_update", args=[action.pk]), data)


@time_machine.travel(TZ_NOON, tick=False)
def test_the_reporter_updates_an_action_with_evidence(reporter_client, noivu_staff, action):
    pdf = SimpleUploadedFile("Báo cáo kết quả.pdf", b"%PDF-1.4\n", "application/pdf")
    response = _update(reporter_client, action, **{f"a{action.pk}-evidence": pdf})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.completed_date, action.version) == (
        "done",
        datetime.date(2025, 6, 9),
        2,
    )
    update = action.updates.order_by("pk").last()
    assert update.original_name == "Báo cáo kết quả.pdf"
    told = Notification.objects.get(text__contains="báo hoàn thành")
    assert told.user.username == "noivu" and told.url == action.plan.get_absolute_url()
    assert update.evidence.name.startswith(f"remediation/{action.plan.agency_id}/{action.pk}/")


@time_machine.travel(TZ_NOON, tick=False)
def test_an_update_from_a_stale_page_is_refused(reporter_client, staff_client, action):
    assert _update(staff_client, action).status_code == 302
    stale = _update(reporter_client, action)  # still carries version 1
    assert stale.status_code == 409 and "vừa được người khác cập nhật" in stale.text
    assert action.updates.count() == 2  # the fixture's and the staff's


@time_machine.travel(TZ_NOON, tick=False)
def test_evidence_that_is_not_what_it_says_is_refused_naming_the_file(reporter_client, action):
    fake = SimpleUploadedFile("ketqua.pdf", b"MZ\x90\x00", "application/pdf")
    response = _update(reporter_client, action, **{f"a{action.pk}-evidence": fake})
    assert response.status_code == 400 and "ketqua.pdf" in response.text


@time_machine.travel(TZ_NOON, tick=False)
def test_supervisors_read_plans_but_cannot_write(supervisor_client, action):
    detail = supervisor_client.get(action.plan.get_absolute_url())
    assert detail.status_code == 200 and "data-action-update" not in detail.text
    assert "Chỉ xem" in detail.text
    assert _update(supervisor_client, action).status_code == 403
    add = reverse("inspections:remediation_add_action", args=[action.plan_id])
    assert supervisor_client.post(add, {"text": "x"}).status_code == 403
    panel = supervisor_client.get(
        reverse("inspections:agency_remediation_panel", args=[action.plan.agency_id])
    )
    assert "data-overdue" in panel.text and "Lập kế hoạch khắc phục" not in panel.text


def test_another_agencys_reporter_sees_and_touches_nothing(other_reporter_client, action):
    plan = action.plan
    assert other_reporter_client.get(plan.get_absolute_url()).status_code == 404
    assert _update(other_reporter_client, action).status_code == 404
    open_url = reverse("inspections:remediation_open", args=[plan.agency_id])
    assert other_reporter_client.get(open_url).status_code == 404
    evidence = reverse("inspections:remediation_evidence", args=[action.updates.get().pk])
    assert other_reporter_client.get(evidence).status_code == 404


def test_staff_add_an_action_and_a_due_date_before_the_start_is_refused(staff_client, action):
    url = reverse("inspections:remediation_add_action", args=[action.plan_id])
    data = {"text": "Rà soát quy trình", "responsible_unit": "Phòng HC", "start_date": "2025-07-01"}
    bad = staff_client.post(url, {**data, "due_date": "2025-06-01"})
    assert bad.status_code == 400 and "Thời hạn không được trước ngày bắt đầu" in bad.text
    assert staff_client.post(url, {**data, "due_date": "2025-09-30"}).status_code == 302
    assert action.plan.actions.count() == 2


def test_the_council_brief_lists_open_actions_overdue_marked(supervisor_client, action):
    with time_machine.travel(TZ_NOON, tick=False):
        brief = supervisor_client.get(
            reverse("inspections:council_brief", args=[action.plan.agency_id])
        )
    assert "data-brief-remediation" in brief.text and action.text[:40] in brief.text
    assert brief.context["remediation"]["overdue"] == 1


# --- export ----------------------------------------------------------------------------------


def test_the_board_export_is_data_with_formulas_neutralised(staff_client, action):
    action.text = '=HYPERLINK("http://x","bấm")'
    action.save()
    ActionUpdate.objects.create(action=action, text="<b>đậm</b>", status_after="in_progress")
    response = staff_client.get(
        reverse("inspections:remediation_board"),
        {"agency": action.plan.agency_id, "_export": "xlsx"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ke-hoach-khac-phuc')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any(c.data_type == "f" for c in cells)
    assert next(c for c in cells if c.value == action.text).quotePrefix
    export = read_response(response)
    record = export.records()[0]
    assert record["Đơn vị"] == action.plan.agency.name and record["Năm"] == 2024
    assert record["Thời hạn"] == datetime.datetime(2025, 6, 1)
    assert record["Trạng thái"] == "Chưa thực hiện (quá hạn)"
    assert "<b>đậm</b>" in record["Cập nhật gần nhất"]


def test_the_board_shows_a_reporter_only_their_own_agencys_actions(
    reporter_client, action, agency_b, published
):
    remediation_action(agency_b, published)
    page = reporter_client.get(reverse("inspections:remediation_board"))
    assert page.status_code == 200 and "overdue-badge" in page.text
    assert [a.plan.agency for a in page.context["table"].data] == [action.plan.agency]
    response = reporter_client.get(reverse("inspections:remediation_board"), {"_export": "csv"})
    rows = read_response(response).rows
    assert len(rows) == 1


def test_the_board_filters_overdue_actions(staff_client, action, agency_a, published):
    later = remediation_action(agency_a, published, due=datetime.date(2099, 1, 1))[0]
    with time_machine.travel(TZ_NOON, tick=False):
        page = staff_client.get(reverse("inspections:remediation_board"), {"state": "overdue"})
    shown = list(page.context["table"].data)
    assert shown == [action] and later not in shown


def test_the_profile_panel_reads_as_many_queries_whatever_the_number_of_plans(
    supervisor_client, action, agency_a, published
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("inspections:agency_remediation_panel", args=[agency_a.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert supervisor_client.get(url).status_code == 200
        return len(captured)

    one = queries()
    for _ in range(3):
        remediation_action(agency_a, published)
    assert queries() == one


def test_the_board_reads_as_many_queries_whatever_the_number_of_actions(
    staff_client, action, agency_a, agency_b, published
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = staff_client.get(reverse("inspections:remediation_board"))
            assert page.status_code == 200
        return len(captured)

    one = queries()
    for agency in (agency_a, agency_b, agency_b):
        remediation_action(agency, published)
    assert queries() == one


def test_the_panels_download_link_gives_the_agencys_actions(supervisor_client, action, agency_a):
    import re

    panel = supervisor_client.get(
        reverse("inspections:agency_remediation_panel", args=[agency_a.pk])
    )
    link = re.search(r'href="([^"]*_export=xlsx)"', panel.text).group(1).replace("&amp;", "&")
    export = read_response(supervisor_client.get(link))
    assert [row[0] for row in export.rows] == [agency_a.name]
