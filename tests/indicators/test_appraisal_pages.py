"""The appraisal board and the survey entry at group scale: one page of agencies at a time,
queries independent of the group, KPIs over the whole group, survey saves of the page's rows
only, all or nothing, never over someone else's concurrent edit."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.management.commands.bench_rankings import _build_framework, _build_scores
from indicators import surveys, workflow
from indicators.models import AnnualReport, Framework, SurveyScore
from tests.factories import AgencyFactory, AgencyGroupFactory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = datetime.datetime(2024, 12, 15, 17, 0, tzinfo=TZ)


def _group(province, n: int, code: str) -> Framework:
    """A 2024 framework of `n` agencies "Xã 00"… with reports, scores and survey points (ĐTXHH,
    MĐHL)."""
    group = AgencyGroupFactory(province=province, code=code, name=f"Khối {code}")
    agencies = [AgencyFactory(group=group, province=province, name=f"Xã {i:02d}") for i in range(n)]
    framework = _build_framework(group, 2024, criteria=2)
    _build_scores(framework, agencies)
    Framework.objects.filter(pk=framework.pk).update(self_assessment_deadline=DEADLINE)
    framework.refresh_from_db()
    return framework


def _submit(framework, names, at):
    AnnualReport.objects.filter(framework=framework, agency__name__in=names).update(submitted_at=at)


def _names(rows):
    return [row["report"].agency.name for row in rows]


def _queries(client, *args, method="get"):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(*args)
    assert response.status_code in (200, 302)
    return len(queries)


@pytest.fixture
def small(province):
    return _group(province, 3, "nho")


@pytest.fixture
def large(province):
    """60 agencies: two pages of 50; Xã 00–04 on time, Xã 05–06 and Xã 55 late, the rest missing."""
    framework = _group(province, 60, "lon")
    _submit(framework, [f"Xã {i:02d}" for i in range(5)], DEADLINE - datetime.timedelta(days=1))
    _submit(framework, ["Xã 05", "Xã 06", "Xã 55"], DEADLINE + datetime.timedelta(days=1))
    return framework


def _board(client, framework, **params):
    return client.get(
        reverse("indicators:appraisal_board"), {"year": 2024, "framework": framework.pk, **params}
    )


# --- appraisal board ---------------------------------------------------------------------


def test_board_queries_do_not_grow_with_the_group(small, large, staff_client):
    url = reverse("indicators:appraisal_board")
    staff_client.get(url)  # warm the session and membership caches
    counts = [
        _queries(staff_client, url, {"year": 2024, "framework": f.pk, **extra})
        for extra in ({}, {"state": "missing", "q": "Xã"})
        for f in (small, large)
    ]
    assert counts[0] == counts[1] and counts[2] == counts[3]


def test_board_shows_fifty_agencies_a_page_by_name(large, staff_client):
    first = _board(staff_client, large)
    assert _names(first.context["detail"]["rows"]) == [f"Xã {i:02d}" for i in range(50)]
    page = first.content.decode()
    assert "Trang 1/2" in page
    assert f"?year=2024&amp;framework={large.pk}&page=2" in page
    second = _board(staff_client, large, page=2)
    assert _names(second.context["detail"]["rows"]) == [f"Xã {i:02d}" for i in range(50, 60)]


def test_board_kpis_cover_the_whole_group_on_every_page_and_filter(large, staff_client):
    for params in ({}, {"page": 2}, {"state": "late"}, {"q": "Xã 1"}, {"q": "không có"}):
        detail = _board(staff_client, large, **params).context["detail"]
        assert detail["counts"] == {"on_time": 5, "late": 3, "missing": 52}
        assert detail["total"] == 60 and detail["rate"] == Decimal(800) / 60
    assert "13,3%" in _board(staff_client, large, page=2).content.decode()


def test_board_filters_by_submission_state(large, staff_client):
    assert _names(_board(staff_client, large, state="late").context["detail"]["rows"]) == [
        "Xã 05",
        "Xã 06",
        "Xã 55",
    ]
    assert _names(_board(staff_client, large, state="on_time").context["detail"]["rows"]) == [
        f"Xã {i:02d}" for i in range(5)
    ]
    missing = _board(staff_client, large, state="missing")
    assert missing.context["detail"]["page"].paginator.count == 52
    assert (
        f"?year=2024&amp;framework={large.pk}&amp;state=missing&page=2" in missing.content.decode()
    )
    # An unknown state is no filter at all.
    assert (
        _board(staff_client, large, state="bogus").context["detail"]["page"].paginator.count == 60
    )


def test_board_searches_agency_names_within_the_state(large, staff_client):
    assert _names(_board(staff_client, large, q="xã 5").context["detail"]["rows"]) == [
        f"Xã {i}" for i in range(50, 60)
    ]
    assert _names(
        _board(staff_client, large, q="Xã 5", state="late").context["detail"]["rows"]
    ) == ["Xã 55"]
    response = _board(staff_client, large, q="Xã 1", state="late")
    assert response.context["detail"]["rows"] == []
    assert "Không có đơn vị nào khớp điều kiện lọc." in response.content.decode()


def test_board_counts_a_submission_without_a_deadline_as_on_time(small, staff_client):
    Framework.objects.filter(pk=small.pk).update(self_assessment_deadline=None)
    _submit(small, ["Xã 01"], DEADLINE)
    response = _board(staff_client, small)
    detail = response.context["detail"]
    assert detail["counts"] == {"on_time": 1, "late": 0, "missing": 2}
    assert [row["state"] for row in detail["rows"]] == ["missing", "on_time", "missing"]
    # The summary table of the groups says the same.
    summary = {f.pk: f for f in response.context["summary"]}[small.pk]
    assert (summary.n_submitted, summary.n_on_time) == (1, 1)


def test_board_summary_counts_on_time_against_the_deadline(large, staff_client):
    summary = {f.pk: f for f in _board(staff_client, large).context["summary"]}[large.pk]
    assert (summary.n_reports, summary.n_submitted, summary.n_on_time) == (60, 8, 5)


# --- survey entry ------------------------------------------------------------------------


def _survey_url(framework):
    return reverse("indicators:survey_entry", args=[framework.pk])


def _as_posted(form) -> dict:
    """What the browser posts for a loaded survey page, untouched: rows, cells and their loaded
    copies."""
    data = {"row": [report.pk for report, _ in form.grid]}
    for name in form.fields:
        value = form.initial.get(name)
        data[name] = "" if value is None else str(value)
    return data


def _loaded(client, framework, **params):
    response = client.get(_survey_url(framework), params)
    return response, _as_posted(response.context["form"])


def _cell(framework, agency_name, code="cchc_survey"):
    report = AnnualReport.objects.get(framework=framework, agency__name=agency_name)
    return f"r{report.pk}_c{framework.survey_components.get(code=code).pk}"


def _points(framework, agency_name, code="cchc_survey"):
    return SurveyScore.objects.get(
        report__framework=framework, report__agency__name=agency_name, component__code=code
    ).points


def test_survey_queries_do_not_grow_with_the_group(small, large, staff_client):
    staff_client.get(_survey_url(small))
    assert _queries(staff_client, _survey_url(small)) == _queries(staff_client, _survey_url(large))
    posts = []
    for framework in (small, large):
        _, data = _loaded(staff_client, framework)
        data[_cell(framework, "Xã 01")] = "3"
        posts.append(_queries(staff_client, _survey_url(framework), data, method="post"))
    assert posts[0] == posts[1]
    assert _points(large, "Xã 01") == Decimal("3")


def test_survey_shows_fifty_agencies_a_page_and_searches_names(large, staff_client):
    response, data = _loaded(staff_client, large)
    assert [r.agency.name for r, _ in response.context["form"].grid] == [
        f"Xã {i:02d}" for i in range(50)
    ]
    assert len(data["row"]) == 50 and "?page=2" in response.content.decode()
    response, _ = _loaded(staff_client, large, page=2)
    assert [r.agency.name for r, _ in response.context["form"].grid] == [
        f"Xã {i:02d}" for i in range(50, 60)
    ]
    response, _ = _loaded(staff_client, large, q="xã 5")
    assert [r.agency.name for r, _ in response.context["form"].grid] == [
        f"Xã {i}" for i in range(50, 60)
    ]
    response, _ = _loaded(staff_client, large, q="không có")
    assert "Không có đơn vị nào khớp điều kiện lọc." in response.content.decode()


def test_survey_save_writes_only_the_rows_of_the_page_and_comes_back_to_it(large, staff_client):
    before = dict(SurveyScore.objects.filter(report__framework=large).values_list("pk", "points"))
    edited = {
        SurveyScore.objects.get(report__agency__name=name, component__code=code).pk
        for name, code in (("Xã 55", "cchc_survey"), ("Xã 56", "satisfaction"))
    }
    _, data = _loaded(staff_client, large, page=2, q="Xã")
    data[_cell(large, "Xã 55")] = "1,25"
    data[_cell(large, "Xã 56", "satisfaction")] = ""
    response = staff_client.post(f"{_survey_url(large)}?page=2&q=X%C3%A3", data)
    assert response.status_code == 302 and response.url == f"{_survey_url(large)}?page=2&q=X%C3%A3"
    after = dict(SurveyScore.objects.filter(report__framework=large).values_list("pk", "points"))
    assert {pk for pk, points in before.items() if after.get(pk) != points} == edited
    assert _points(large, "Xã 55") == Decimal("1.25") and len(after) == len(before) - 1
    assert "Đã lưu 2 ô điểm" in staff_client.get(response.url).content.decode()


def test_survey_save_writes_the_rows_shown_even_if_the_page_shifted(large, staff_client):
    _, data = _loaded(staff_client, large)
    AgencyFactory(
        group=large.group, province=large.province, name="Xã 000"
    )  # Xã 49 moves to page 2
    workflow.open_year(
        framework=large, self_assessment_deadline=DEADLINE, explanation_deadline=None
    )
    data[_cell(large, "Xã 49")] = "2"
    assert staff_client.post(_survey_url(large), data).status_code == 302
    assert _points(large, "Xã 49") == Decimal("2")


def test_survey_save_is_all_or_nothing_and_names_the_bad_cell(small, staff_client):
    before = dict(SurveyScore.objects.filter(report__framework=small).values_list("pk", "points"))
    _, data = _loaded(staff_client, small)
    data[_cell(small, "Xã 00")] = "1"
    data[_cell(small, "Xã 02", "satisfaction")] = "9"
    page = staff_client.post(_survey_url(small), data).content.decode()
    assert "Xã 02 – MĐHL: tối đa 8" in page and "Chưa lưu được" in page
    assert (
        dict(SurveyScore.objects.filter(report__framework=small).values_list("pk", "points"))
        == before
    )
    # Past the form, the domain call itself rolls back a cell it already wrote.
    components = {c.code: c.pk for c in small.survey_components.all()}
    a, b = (data["row"][0], components["cchc_survey"]), (data["row"][2], components["satisfaction"])
    stored = surveys.stored_points(reports=small.reports.all())
    with pytest.raises(workflow.WorkflowError, match="Xã 02 – MĐHL: điểm phải từ 0 đến 8"):
        surveys.save_survey_scores(
            framework=small,
            values={a: Decimal("1"), b: Decimal("9")},
            loaded={a: stored[a], b: stored[b]},
        )
    assert (
        dict(SurveyScore.objects.filter(report__framework=small).values_list("pk", "points"))
        == before
    )


def test_survey_save_refuses_a_cell_someone_else_changed_meanwhile(small, staff_client):
    _, data = _loaded(staff_client, small)
    # Another user saves Xã 01's ĐTXHH and Xã 02's MĐHL after this page was loaded.
    SurveyScore.objects.filter(report__agency__name="Xã 01", component__code="cchc_survey").update(
        points=Decimal("7")
    )
    SurveyScore.objects.filter(report__agency__name="Xã 02", component__code="satisfaction").update(
        points=Decimal("6")
    )
    data[_cell(small, "Xã 00")] = "1"
    data[_cell(small, "Xã 01")] = "2"
    page = staff_client.post(_survey_url(small), data).content.decode()
    assert "người khác đã sửa các ô này sau khi bạn mở trang: Xã 01 – ĐTXHH (nay là 7,00)" in page
    assert _points(small, "Xã 01") == Decimal("7") and _points(small, "Xã 00") != Decimal("1")
    # Without touching Xã 01, the save goes through and leaves the other user's values alone.
    data[_cell(small, "Xã 01")] = data[f"loaded_{_cell(small, 'Xã 01')}"]
    assert staff_client.post(_survey_url(small), data).status_code == 302
    assert (
        _points(small, "Xã 00"),
        _points(small, "Xã 01"),
        _points(small, "Xã 02", "satisfaction"),
    ) == (1, 7, 6)


def test_survey_save_accepts_the_value_someone_else_already_saved(small, staff_client):
    _, data = _loaded(staff_client, small)
    SurveyScore.objects.filter(report__agency__name="Xã 01", component__code="cchc_survey").update(
        points=Decimal("7")
    )
    data[_cell(small, "Xã 01")] = "7"
    assert staff_client.post(_survey_url(small), data).status_code == 302
    assert _points(small, "Xã 01") == Decimal("7")
