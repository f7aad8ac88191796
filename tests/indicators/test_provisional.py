"""Published and provisional figures told apart: the profile's default year and marks, the
provisional ranking's completeness, and the ranking following each step of the cycle."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import IndexResult
from tests.indicators.dashboard_data import build_group
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a, report_b)
from tests.indicators.workflow_setup import fill, score

OVERVIEW = reverse("indicators:overview")


def profile_url(agency):
    return reverse("indicators:agency_profile", args=[agency.pk])


@pytest.fixture
def published_2023(dept_group):
    """Six agencies with 2023 published and 2024 still provisional."""
    agencies = build_group(group=dept_group, n=6)
    IndexResult.objects.filter(framework__year=2023).update(is_published=True)
    return agencies


def test_profile_opens_on_the_last_published_year_not_the_provisional_one(
    supervisor_client, published_2023
):
    response = supervisor_client.get(profile_url(published_2023[1]))
    assert response.context["year"] == 2023
    body = response.content.decode()
    assert "Kết quả năm 2023 đã công bố" in body
    assert "print-watermark" not in body
    # The provisional year is offered in the selector, labelled as such.
    assert ">2024 (tạm tính)</option>" in body


def test_an_explicit_provisional_year_is_shown_marked_on_screen_and_in_print(
    supervisor_client, published_2023
):
    response = supervisor_client.get(profile_url(published_2023[1]), {"year": 2024})
    assert response.context["year"] == 2024
    body = response.content.decode()
    assert "Kết quả tạm tính, chưa công bố" in body
    assert body.count("badge-provisional") >= 3  # the header line and the rank and index cards
    assert 'class="print-watermark"' in body


def test_a_year_without_a_result_says_which_year_is_shown_instead(
    supervisor_client, published_2023
):
    response = supervisor_client.get(profile_url(published_2023[1]), {"year": 2019})
    assert response.context["year"] == 2023
    assert "Đơn vị không có kết quả năm 2019; đang hiển thị năm 2023." in (
        response.content.decode()
    )


def test_an_empty_year_of_the_overview_is_not_called_provisional(
    staff_client, province, dept_group, published_2023
):
    from tests.factories import AgencyGroupFactory

    build_group(group=AgencyGroupFactory(province=province, code="xa"), n=2, years=(2025,))
    response = staff_client.get(OVERVIEW, {"group": dept_group.pk, "year": 2025})
    body = response.content.decode()
    assert "chưa có kết quả chỉ số CCHC năm 2025" in body  # the empty state
    assert "data-provisional" not in body


# --- a provisional ranking and its reports' completeness ------------------------------


def _result_for(report, index="55.00"):
    return IndexResult.objects.create(
        framework=report.framework,
        agency=report.agency,
        report=report,
        index_pct=Decimal(index),
        band="Trung bình",
        rank=1,
        group_size=2,
    )


def test_each_row_of_a_provisional_ranking_shows_how_much_of_its_report_is_scored(
    staff_client, framework, report_a, report_b, reporter, other_reporter
):
    fill(report_a, reporter, {"1.1": "2", "1.2": "3", "2.1": "4"}, with_evidence=False)
    fill(report_b, other_reporter, {"1.1": "1"}, with_evidence=False)  # 1.2 and 2.1 blank
    _result_for(report_a, "90.00")
    _result_for(report_b, "10.00")
    response = staff_client.get(OVERVIEW, {"year": 2023})
    body = response.content.decode()
    assert 'data-scored="3/3"' in body and 'data-scored="1/3"' in body
    assert body.count("chưa đầy đủ</span>") == 2  # report B's row and the note's legend
    assert "data-incomplete-count><strong>1</strong> trên 2 báo cáo" in body


def test_the_profile_shows_blank_criteria_as_not_scored_not_as_zero(
    staff_client, framework, report_b, other_reporter, agency_b
):
    fill(report_b, other_reporter, {"1.1": "1"}, with_evidence=False)
    result = _result_for(report_b)
    result.components = {"1": {"pct": "20.0000"}, "2": {"pct": "0.0000"}}  # blanks as 0
    result.save()
    body = staff_client.get(profile_url(agency_b)).content.decode()
    assert "data-completeness>1/3 tiêu chí đã chấm</span>" in body
    assert "chưa đầy đủ" in body
    from indicators.profiles import agency_profile

    stats = {s["code"]: s for s in agency_profile(agency=agency_b, year=2023)["field_stats"]}
    assert stats["1"]["agency"] == 20  # partly scored: its value, marked incomplete
    assert stats["2"]["completeness"]["scored"] == 0 and stats["2"]["agency"] is None


@pytest.mark.parametrize("step", ["save_draft", "submit", "withdraw"])
def test_each_self_assessment_step_marks_the_ranking_stale_and_recomputes_it(
    step, staff_client, clock, framework, report_a, reporter, django_capture_on_commit_callbacks
):
    """The provisional ranking follows the agency's steps: stale badge at once, recompute
    after commit (eager under `make run`), the overview's cached body rebuilt."""
    from indicators import self_assessment

    with django_capture_on_commit_callbacks(execute=True):
        report = fill(report_a, reporter, with_evidence=True)
    assert staff_client.get(OVERVIEW, {"year": 2023}).context["status"]["state"] == "fresh"
    clock.shift(60)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        if step == "save_draft":
            s = score(report, "2.1")
            self_assessment.save_draft(
                report=report,
                user=reporter,
                version=report.version,
                rows={s.pk: {"self_score": Decimal("5")}},
            )
        elif step == "submit":
            self_assessment.submit(report=report, user=reporter)
        else:
            report = self_assessment.submit(report=report, user=reporter)
            self_assessment.withdraw(report=report, user=reporter)
    response = staff_client.get(OVERVIEW, {"year": 2023})
    assert response.context["status"]["state"] == "stale"
    assert "xếp hạng chưa được tính lại" in response.content.decode()
    clock.shift(60)
    for callback in queued:
        callback()
    result = IndexResult.objects.get(agency=report_a.agency, framework=framework)
    response = staff_client.get(OVERVIEW, {"year": 2023})
    assert response.context["status"]["state"] == "fresh"
    shown = f"{result.index_pct:.2f}".replace(".", ",")
    assert shown in response.content.decode()  # the rebuilt body has the recomputed index


def test_a_draft_save_changes_the_provisional_index_shown(
    staff_client, clock, framework, report_a, reporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = fill(report_a, reporter, {"1.1": "2", "1.2": "3", "2.1": "1"})
    first = IndexResult.objects.get(report=report).index_pct
    staff_client.get(OVERVIEW, {"year": 2023})
    clock.shift(60)
    with django_capture_on_commit_callbacks(execute=True):
        fill(report, reporter, {"1.1": "2", "1.2": "3", "2.1": "5"}, with_evidence=False)
    second = IndexResult.objects.get(report=report).index_pct
    assert second > first
    body = staff_client.get(OVERVIEW, {"year": 2023}).content.decode()
    assert f"{second:.2f}".replace(".", ",") in body


# --- panels a reader may not open ------------------------------------------------------


def test_a_reporter_on_another_agencys_profile_is_told_instead_of_a_panel_that_never_loads(
    reporter_client, published_2023
):
    other = published_2023[2]
    body = reporter_client.get(profile_url(other)).content.decode()
    for name in ("inspections:agency_panel", "inspections:agency_criterion_findings"):
        assert f'hx-get="{reverse(name, args=[other.pk])}"' not in body
    assert "Bạn không có quyền xem mục này" in body
    # Every hx-get the page makes is one the reporter may open.
    for url in (reverse("indicators:agency_procedures_panel", args=[other.pk]),):
        assert f'hx-get="{url}"' in body
        assert reporter_client.get(url).status_code == 200


def test_a_reporter_on_their_own_profile_gets_the_panels(reporter_client, agency_a, dept_group):
    build_group(group=dept_group, n=2)
    body = reporter_client.get(profile_url(agency_a)).content.decode()
    url = reverse("inspections:agency_panel", args=[agency_a.pk])
    assert f'hx-get="{url}"' in body
    assert reporter_client.get(url).status_code == 200
