"""The appraisal page at the speed of the job: accept the self-scores (one row, or every
untouched row in one write), only the rows that differ, each row saved as it is typed under
the report's optimistic lock, and a live total with the rank it would give."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators import appraisal, ranking
from indicators.audit import change_log
from indicators.models import AnnualReport, CriterionScore, IndexResult
from indicators.standing import appraisal_standing
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a, report_b)
from tests.indicators.workflow_setup import (
    EXPLANATION_DEADLINE,
    appraised,
    score,
    submitted,
)

Status = AnnualReport.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def under_appraisal(report_a, reporter, noivu_staff):
    """Report A in round 1; self-scores 1.1 = 2, 1.2 = 3, 2.1 = 4; 2.1 already lowered to 3."""
    report = submitted(report_a, reporter)
    appraisal.start_appraisal(report=report, user=noivu_staff)
    report.refresh_from_db()
    s21 = score(report, "2.1")
    appraisal.appraise(
        report=report,
        user=noivu_staff,
        version=report.version,
        rows={s21.pk: {"score": Decimal("3"), "comment": "Thiếu số liệu quý IV"}},
    )
    report.refresh_from_db()
    return report


def _page(client, report, **params):
    return client.get(reverse("indicators:report_appraise", args=[report.pk]), params)


def _row_url(report, code):
    return reverse("indicators:appraisal_row", args=[report.pk, score(report, code).pk])


# --- accept the self-scores ---------------------------------------------------------------


def test_accepting_all_untouched_rows_is_one_write_recorded_in_the_history(
    under_appraisal, staff_client
):
    report = under_appraisal
    url = reverse("indicators:appraisal_accept_all", args=[report.pk])
    response = staff_client.post(url, {"version": report.version}, follow=True)
    assert "Đã đồng ý điểm tự chấm của 2 tiêu chí" in response.content.decode()
    fresh = AnnualReport.objects.get(pk=report.pk)
    assert fresh.version == report.version + 1  # one version for both rows
    assert [score(report, c).appraised_score for c in ("1.1", "1.2", "2.1")] == [
        Decimal("2"),
        Decimal("3"),
        Decimal("3"),  # already appraised: untouched by the button
    ]
    accepted = [c for c in change_log(report) if c.field == "Điểm thẩm định vòng 1"]
    assert {(c.subject, c.new, c.reason) for c in accepted} >= {
        ("Tiêu chí 1.1", "2,00", "Đồng ý điểm tự chấm"),
        ("Tiêu chí 1.2", "3,00", "Đồng ý điểm tự chấm"),
    }


def test_a_second_click_of_accept_all_writes_nothing_and_is_no_conflict(
    under_appraisal, staff_client
):
    report = under_appraisal
    url = reverse("indicators:appraisal_accept_all", args=[report.pk])
    staff_client.post(url, {"version": report.version})
    records = CriterionScore.history.count()
    # The same page's button again (its version is now old): the work is already done.
    response = staff_client.post(url, {"version": report.version}, follow=True)
    page = response.content.decode()
    assert "Không còn tiêu chí nào chưa thẩm định" in page
    assert "sau khi bạn mở trang" not in page
    assert CriterionScore.history.count() == records
    assert AnnualReport.objects.get(pk=report.pk).version == report.version + 1


def test_accept_all_from_a_stale_page_is_refused_and_writes_nothing(
    under_appraisal, staff_client, noivu_staff
):
    report = under_appraisal
    s11 = score(report, "1.1")
    appraisal.appraise(  # someone else appraises 1.1 meanwhile
        report=report,
        user=noivu_staff,
        version=report.version,
        rows={s11.pk: {"score": Decimal("1"), "comment": "Ban hành muộn"}},
    )
    url = reverse("indicators:appraisal_accept_all", args=[report.pk])
    response = staff_client.post(url, {"version": report.version}, follow=True)
    assert "sau khi bạn mở trang" in response.content.decode()
    assert score(report, "1.2").appraised_score is None
    assert score(report, "1.1").appraised_score == Decimal("1")


def test_one_row_accepts_its_self_score_and_answers_the_row(under_appraisal, staff_client):
    report = under_appraisal
    response = staff_client.post(
        _row_url(report, "2.1"), {"version": report.version, "accept": "1"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="row-{score(report, "2.1").pk}"' in body and 'value="4,00"' in body
    token = f'id="appraisal-version" value="{report.version + 1}" hx-swap-oob="true"'
    assert token in body
    assert score(report, "2.1").appraised_score == Decimal("4")


def test_a_row_accepted_without_javascript_saves_the_page_with_it(under_appraisal, staff_client):
    report = under_appraisal
    s11, s21 = score(report, "1.1"), score(report, "1.2")
    response = staff_client.post(
        reverse("indicators:report_appraise", args=[report.pk]),
        {"version": report.version, f"s{s11.pk}-score": "", "accept": str(s21.pk)},
    )
    assert response.status_code == 302
    assert score(report, "1.2").appraised_score == Decimal("3")
    assert score(report, "1.1").appraised_score is None


# --- only the rows that differ ------------------------------------------------------------


def test_the_filter_shows_only_the_rows_that_differ_from_the_self_score(
    under_appraisal, staff_client
):
    report = under_appraisal
    everything = _page(staff_client, report).content.decode()
    differing = _page(staff_client, report, khac="1").content.decode()
    for code in ("1.1", "1.2", "2.1"):
        assert f'id="row-{score(report, code).pk}"' in everything
    assert f'id="row-{score(report, "2.1").pk}"' in differing
    assert f'id="row-{score(report, "1.1").pk}"' not in differing
    assert "Cải cách TTHC" in differing and "Chỉ đạo, điều hành" not in differing


def test_saving_a_filtered_page_leaves_the_hidden_rows_alone(
    under_appraisal, staff_client, noivu_staff
):
    report = under_appraisal
    s11, s21 = score(report, "1.1"), score(report, "2.1")
    appraisal.accept_self_scores(
        report=report, user=noivu_staff, version=report.version, score_ids=[s11.pk]
    )
    report.refresh_from_db()
    response = staff_client.post(
        reverse("indicators:report_appraise", args=[report.pk]) + "?khac=1",
        {
            "version": report.version,
            f"s{s21.pk}-score": "2,5",
            f"s{s21.pk}-comment": "Thiếu số liệu quý IV",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?khac=1")
    assert score(report, "2.1").appraised_score == Decimal("2.5")
    assert score(report, "1.1").appraised_score == Decimal("2")  # not posted, kept


# --- autosave of a row --------------------------------------------------------------------


def test_a_row_saves_by_itself_and_hands_back_the_new_version(under_appraisal, staff_client):
    report = under_appraisal
    s11 = score(report, "1.1")
    response = staff_client.post(
        _row_url(report, "1.1"),
        {"version": report.version, f"s{s11.pk}-score": "1,5", f"s{s11.pk}-comment": "Muộn"},
        **HTMX,
    )
    body = response.content.decode()
    assert "Đã lưu lúc" in body and "khác điểm tự chấm" in body
    token = f'id="appraisal-version" value="{report.version + 1}" hx-swap-oob="true"'
    assert token in body
    assert 'id="appraisal-actions" class="mb-3" hx-swap-oob="true"' in body
    assert score(report, "1.1").appraised_score == Decimal("1.5")


def test_a_row_saved_from_a_stale_page_is_refused_with_a_conflict_message(
    under_appraisal, staff_client, noivu_staff
):
    report = under_appraisal
    s11 = score(report, "1.1")
    appraisal.appraise(
        report=report,
        user=noivu_staff,
        version=report.version,
        rows={s11.pk: {"score": Decimal("1"), "comment": "Ban hành muộn"}},
    )
    response = staff_client.post(
        _row_url(report, "1.1"),
        {"version": report.version, f"s{s11.pk}-score": "2", f"s{s11.pk}-comment": ""},
        **HTMX,
    )
    body = response.content.decode()
    assert "Chưa lưu:" in body and "sau khi bạn mở trang" in body and "tải lại trang" in body
    assert "hx-swap-oob" not in body  # the page keeps its old token: nothing typed is overwritten
    assert response["HX-Retarget"] == f"#status-{s11.pk}"
    assert score(report, "1.1").appraised_score == Decimal("1")


def test_a_row_differing_without_a_comment_says_which_row_and_why(under_appraisal, staff_client):
    report = under_appraisal
    s11 = score(report, "1.1")
    response = staff_client.post(
        _row_url(report, "1.1"),
        {"version": report.version, f"s{s11.pk}-score": "1", f"s{s11.pk}-comment": ""},
        **HTMX,
    )
    assert "Tiêu chí 1.1: điểm thẩm định khác điểm tự chấm, cần ghi ý kiến." in (
        response.content.decode()
    )
    assert score(report, "1.1").appraised_score is None


def test_a_reporter_cannot_save_an_appraisal_row(under_appraisal, reporter_client):
    report = under_appraisal
    s11 = score(report, "1.1")
    response = reporter_client.post(
        _row_url(report, "1.1"), {"version": report.version, f"s{s11.pk}-score": "0"}, **HTMX
    )
    assert response.status_code == 403
    assert score(report, "1.1").appraised_score is None


# --- the live total and the rank it would give --------------------------------------------


def test_the_live_total_and_rank_are_what_closing_the_appraisal_gives(
    under_appraisal, report_b, other_reporter, noivu_staff, staff_client, framework
):
    """Agency B is appraised at its self-scores (9/10 = 90 %); A stands at 2 + 3 + 3 = 8 with
    its untouched rows counted at their self-scores, then rises to 9 when 2.1 goes to 4."""
    appraised(report_b, other_reporter, noivu_staff)
    ranking.recompute(framework=framework, full=True)
    report = under_appraisal
    standing = appraisal_standing(report=report)
    assert (standing.total_points, standing.applicable_max) == (Decimal("8"), Decimal("10"))
    assert (standing.index_pct, standing.rank, standing.group_size) == (Decimal("80"), 2, 2)
    page = _page(staff_client, report).content.decode()
    assert 'data-kpi="appraised-rank">2/2<' in page and 'data-kpi="appraised-total">8,00<' in page

    s21 = score(report, "2.1")
    body = staff_client.post(
        _row_url(report, "2.1"),
        {"version": report.version, f"s{s21.pk}-score": "4", f"s{s21.pk}-comment": ""},
        **HTMX,
    ).content.decode()
    assert 'data-kpi="appraised-total">9,00<' in body and 'data-kpi="appraised-rank">1/2<' in body

    # What the panel promised is what the ranking gives once the appraisal closes.
    report.refresh_from_db()
    appraisal.accept_self_scores(report=report, user=noivu_staff, version=report.version)
    report.refresh_from_db()
    promised = appraisal_standing(report=report)
    appraisal.finish_appraisal(report=report, user=noivu_staff)
    ranking.recompute(framework=framework)
    result = IndexResult.objects.get(framework=framework, agency=report.agency)
    assert (result.total_points, result.index_pct, result.rank, result.band) == (
        promised.total_points,
        promised.index_pct,
        promised.rank,
        promised.band,
    )


# --- steps bound to fail ------------------------------------------------------------------


def test_steps_bound_to_fail_are_disabled_with_the_condition_that_applies(
    under_appraisal, staff_client, noivu_staff, clock
):
    report = under_appraisal
    page = _page(staff_client, report).content.decode()
    assert 'id="finish-appraisal" disabled' in page
    assert "còn tiêu chí chưa có điểm thẩm định: 1.1, 1.2." in page
    assert 'id="request-explanation" disabled' in page

    clock.move_to(EXPLANATION_DEADLINE + datetime.timedelta(minutes=1))
    staff_client.force_login(noivu_staff)  # the session of a month ago has expired
    url = reverse("indicators:appraisal_accept_all", args=[report.pk])
    staff_client.post(url, {"version": report.version})
    page = _page(staff_client, report).content.decode()
    assert 'id="finish-appraisal" disabled' not in page
    assert 'id="request-explanation" disabled' in page
    assert "Hạn giải trình (17:00 10/01/2024) đã qua; hãy gia hạn cho đơn vị trước." in page


def test_each_refusal_names_the_one_condition_that_applies(
    under_appraisal, report_b, reporter, noivu_staff
):
    from indicators import self_assessment, workflow

    with pytest.raises(workflow.WorkflowError) as refused:
        self_assessment.withdraw(report=under_appraisal, user=reporter)
    assert "Sở Nội vụ đã bắt đầu thẩm định" in str(refused.value)
    assert "hoặc" not in str(refused.value)
    with pytest.raises(workflow.WorkflowError) as refused:
        self_assessment.withdraw(report=report_b, user=reporter)
    assert "báo cáo chưa gửi" in str(refused.value) and "hoặc" not in str(refused.value)

    s12 = score(under_appraisal, "1.2")
    CriterionScore.objects.filter(pk=s12.pk).update(not_applicable=True, self_score=None)
    with pytest.raises(workflow.WorkflowError, match="1.2: đơn vị đánh dấu không áp dụng"):
        appraisal.accept_self_scores(
            report=under_appraisal,
            user=noivu_staff,
            version=under_appraisal.version,
            score_ids=[s12.pk],
        )

    appraisal.accept_self_scores(
        report=under_appraisal, user=noivu_staff, version=under_appraisal.version
    )
    report = appraisal.request_explanation(report=under_appraisal, user=noivu_staff)
    with pytest.raises(workflow.WorkflowError, match="vẫn còn hạn giải trình đến 17:00 10/01/2024"):
        appraisal.start_appraisal(report=report, user=noivu_staff)


def test_a_row_of_another_report_is_not_found_through_this_one(
    under_appraisal, report_b, staff_client
):
    other = score(report_b, "1.1")
    url = reverse("indicators:appraisal_row", args=[under_appraisal.pk, other.pk])
    response = staff_client.post(url, {"version": under_appraisal.version, "accept": "1"}, **HTMX)
    assert response.status_code == 404


# --- cost ---------------------------------------------------------------------------------


def _group_under_appraisal(province, *, code: str, agencies: int, criteria: int):
    """A 2024 group of `agencies` with `criteria` sub-criteria per criterion, ranked, and
    its first report back under appraisal (round 1); returns that report."""
    from demo.management.commands.bench_rankings import _build_framework, _build_scores
    from tests.factories import AgencyFactory, AgencyGroupFactory

    group = AgencyGroupFactory(province=province, code=code, name=f"Khối {code}")
    members = [AgencyFactory(group=group, province=province) for _ in range(agencies)]
    framework = _build_framework(group, 2024, criteria=criteria)
    _build_scores(framework, members)
    ranking.recompute(framework=framework, full=True)
    report = framework.reports.order_by("pk").first()
    AnnualReport.objects.filter(pk=report.pk).update(status=Status.UNDER_APPRAISAL)
    report.refresh_from_db()
    return report


def test_a_row_save_costs_the_same_whatever_the_group_and_tree(province, staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for code, agencies, criteria in (("nho", 3, 1), ("lon", 30, 4)):
        report = _group_under_appraisal(province, code=code, agencies=agencies, criteria=criteria)
        row = report.scores.filter(not_applicable=False).first()
        data = {"version": report.version, f"s{row.pk}-score": "0", f"s{row.pk}-comment": "Thiếu"}
        url = reverse("indicators:appraisal_row", args=[report.pk, row.pk])
        staff_client.post(url, data, **HTMX)  # warm the session and membership caches
        data["version"] = report.version + 1
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.post(url, data, **HTMX)
        assert "Đã lưu lúc" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
