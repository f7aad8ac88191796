"""Targets: the gap computed in one place, shown on the overview, the profile and the brief;
entered on a page (optimistic lock, double click) and imported from a spreadsheet."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from agencies.models import Submission
from indicators import targets
from indicators.charts import ranking as charts
from indicators.importing import ImportFailed, build_preview, commit
from indicators.importing.targets import TargetImporter
from indicators.models import IndexResult, ProcedureStat, Target, TargetMetric
from tests.indicators.dashboard_data import FIELDS, build_group

OVERVIEW = reverse("indicators:overview")


@pytest.fixture
def ranked(dept_group):
    return build_group(group=dept_group, n=5)


def _target(group, *, metric="index", value="95", agency=None, field_code="", year=2024):
    return Target.objects.create(
        province=group.province,
        group=group,
        year=year,
        agency=agency,
        metric=metric,
        field_code=field_code,
        value=Decimal(value),
    )


def test_an_agency_target_overrides_its_group_and_a_field_code_the_every_field_one(
    dept_group, ranked
):
    _target(dept_group, value="95")
    _target(dept_group, value="80", agency=ranked[0])
    _target(dept_group, metric="field", value="85")
    _target(dept_group, metric="field", value="70", field_code="2")
    book = targets.book_for(group_id=dept_group.pk, year=2024)
    assert book.target_for("index", agency_id=ranked[1].pk) == Decimal("95")
    assert book.target_for("index", agency_id=ranked[0].pk) == Decimal("80")
    assert book.target_for("field", agency_id=ranked[1].pk, field_code="1") == Decimal("85")
    assert book.target_for("field", agency_id=ranked[1].pk, field_code="2") == Decimal("70")
    assert targets.book_for(group_id=dept_group.pk, year=2023).target_for("index") is None


def test_the_gap_is_value_minus_target_and_says_met_or_below(dept_group, ranked):
    _target(dept_group, value="95")
    _target(dept_group, metric="on_time", value="98")
    ProcedureStat.objects.create(
        agency=ranked[4],
        period_type="year",
        year=2024,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        carried_over=0,
        received_new=100,
        resolved_early=50,
        resolved_on_time=40,
        in_progress_on_time=0,
    )
    leader = IndexResult.objects.get(agency=ranked[1], framework__year=2024)  # 96.50
    last = IndexResult.objects.get(agency=ranked[4], framework__year=2024)  # 93.50
    gaps = {g.metric: g for g in targets.agency_gaps(agency=ranked[1], year=2024, result=leader)}
    assert gaps["index"].gap == leader.index_pct - 95 and gaps["index"].state == "met"
    assert gaps["on_time"].state == "missing"  # a target without figures
    gaps = {g.metric: g for g in targets.agency_gaps(agency=ranked[4], year=2024, result=last)}
    assert gaps["index"].gap == Decimal("-1.5") and gaps["index"].state == "below"
    assert gaps["on_time"].value == Decimal("90") and gaps["on_time"].gap == Decimal("-8")


def test_overview_table_colours_the_gap_and_the_heatmap_rings_cells_below_target(
    staff_client, dept_group, ranked
):
    _target(dept_group, value="95")
    _target(dept_group, metric="field", value="90", field_code="3")
    response = staff_client.get(OVERVIEW)
    body = response.content.decode()
    # 2024: 96.50, 95.75, 95.00 meet 95; 94.25 and 93.50 fall short.
    assert 'class="target-below" data-target-gap="-1.5000"' in body
    assert 'class="target-below" data-target-gap="-0.7500"' in body
    assert body.count('class="target-met"') == 3
    heat = response.context["figures"]["heatmap"]
    assert "circle-open" in heat  # every agency's field 3 is below 90: ringed


def test_the_heatmap_rings_exactly_the_cells_below_their_target():
    rows = [
        {
            "short_name": "A",
            "field_0": Decimal(95),
            "field_1": Decimal(80),
            "target_1": Decimal(90),
        },
        {
            "short_name": "B",
            "field_0": Decimal(85),
            "field_1": Decimal(95),
            "target_1": Decimal(90),
        },
    ]
    fields = [{"code": c, "name": n} for c, n in FIELDS[:2]]
    fig = charts.field_heatmap(rows=rows, fields=fields)
    rings = [t for t in fig.data if t.type == "scatter"]
    assert len(rings) == 1 and list(rings[0].x) == ["LV 2"] and list(rings[0].y) == ["A"]
    bare = [{k: v for k, v in r.items() if not k.startswith("target")} for r in rows]
    assert [t.type for t in charts.field_heatmap(rows=bare, fields=fields).data] == ["heatmap"]


def test_overview_without_targets_colours_nothing(staff_client, dept_group, ranked):
    body = staff_client.get(OVERVIEW).content.decode()
    assert "data-target-gap" not in body


def test_saving_a_target_moves_the_cached_overview(staff_client, dept_group, ranked, noivu_staff):
    assert "data-target-gap" not in staff_client.get(OVERVIEW).content.decode()
    target = Target(province=dept_group.province, group=dept_group, year=2024, metric="index")
    target.value = Decimal("95")
    targets.save_target(target=target, user=noivu_staff)
    assert "data-target-gap" in staff_client.get(OVERVIEW).content.decode()


def test_profile_panel_shows_the_gaps(supervisor_client, dept_group, ranked):
    _target(dept_group, value="95")
    url = reverse("indicators:agency_targets_panel", args=[ranked[4].pk])
    response = supervisor_client.get(url, {"year": 2024})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-target-state="below"' in body and "thiếu 1,50 điểm" in body
    profile = supervisor_client.get(reverse("indicators:agency_profile", args=[ranked[4].pk]))
    assert url in profile.content.decode()  # the profile loads the panel


def test_profile_panel_without_targets_says_so(supervisor_client, ranked):
    url = reverse("indicators:agency_targets_panel", args=[ranked[0].pk])
    body = supervisor_client.get(url).content.decode()
    assert "Chưa có mục tiêu nào" in body


def test_staff_add_a_target_and_a_double_click_writes_once(staff_client, dept_group, ranked):
    data = {
        "group": dept_group.pk,
        "year": 2024,
        "agency": "",
        "metric": "index",
        "field_code": "",
        "value": "90",
        "note": "KH 123",
        Submission.FIELD: "tok-1",
    }
    first = staff_client.post(reverse("indicators:target_new"), data)
    second = staff_client.post(reverse("indicators:target_new"), data)
    assert first.status_code == second.status_code == 302
    assert Target.objects.count() == 1
    listing = staff_client.get(reverse("indicators:target_list")).content.decode()
    assert "KH 123" in listing


def test_a_second_group_target_for_the_same_metric_is_refused(staff_client, dept_group):
    _target(dept_group, value="90")
    response = staff_client.post(
        reverse("indicators:target_new"),
        {"group": dept_group.pk, "year": 2024, "metric": "index", "value": "92"},
    )
    assert response.status_code == 200
    assert "Khối này đã có mục tiêu" in response.content.decode()


def test_an_edit_from_a_stale_form_is_refused(staff_client, dept_group):
    target = _target(dept_group, value="90")
    url = reverse("indicators:target_edit", args=[target.pk])
    data = {"group": dept_group.pk, "year": 2024, "metric": "index", "value": "91", "version": 1}
    assert staff_client.post(url, data).status_code == 302
    stale = staff_client.post(url, {**data, "value": "99"})
    assert "vừa được người khác sửa" in stale.content.decode()
    target.refresh_from_db()
    assert target.value == Decimal("91") and target.version == 2


def test_delete_asks_first(staff_client, dept_group):
    target = _target(dept_group)
    url = reverse("indicators:target_delete", args=[target.pk])
    assert "Không thể hoàn tác" in staff_client.get(url).content.decode()
    assert Target.objects.exists()
    staff_client.post(url)
    assert not Target.objects.exists()


def test_target_list_empty_state(staff_client, province):
    body = staff_client.get(reverse("indicators:target_list")).content.decode()
    assert "Chưa có mục tiêu nào khớp bộ lọc" in body


def _sheet(tmp_path, rows):
    path = tmp_path / "muc-tieu.csv"
    header = "Khối,Năm,Tên đơn vị,Chỉ tiêu,Mã lĩnh vực,Mục tiêu (%),Ghi chú\n"
    path.write_text(header + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_targets_import_writes_all_rows_or_none(tmp_path, province, dept_group, agency_a):
    good = [
        ["so", "2026", "", "Chỉ số CCHC", "", "90", "KH 1"],
        ["so", "2026", "Sở Xây dựng", "Tỷ lệ hồ sơ đúng hạn", "", "98", ""],
    ]
    options = {"province_id": province.pk}
    preview = build_preview(TargetImporter(**options), _sheet(tmp_path, good))
    assert preview.ok, preview.errors
    commit(preview)
    commit(preview)  # the same file again changes nothing
    assert Target.objects.count() == 2
    assert Target.objects.get(agency=agency_a).metric == TargetMetric.ON_TIME
    bad = [
        ["so", "2026", "", "Chỉ số CCHC", "", "95", ""],
        ["khong-co", "2026", "", "Chỉ số CCHC", "", "120", ""],
        ["so", "2026", "", "Tỷ lệ hồ sơ đúng hạn", "1", "90", ""],
    ]
    preview = build_preview(TargetImporter(**options), _sheet(tmp_path, bad))
    messages = [str(e) for e in preview.errors]
    assert any("Khối" in m and "3" in m for m in messages)  # row 3, column Khối
    assert any("Mục tiêu (%)" in m for m in messages)
    assert any("Mã lĩnh vực" in m and "4" in m for m in messages)
    with pytest.raises(ImportFailed):
        commit(preview)
    assert Target.objects.get(agency=None).value == Decimal("90")  # row 2 not written


def test_targets_import_reads_xlsx(tmp_path, province, dept_group):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Khối", "Năm", "Tên đơn vị", "Chỉ tiêu", "Mã lĩnh vực", "Mục tiêu (%)"])
    sheet.append(["Khối sở, ban, ngành", 2026, None, "Chỉ số thành phần (lĩnh vực)", "3", 0.85])
    sheet["F2"].number_format = "0%"  # 85 % typed as a percentage cell
    path = tmp_path / "muc-tieu.xlsx"
    book.save(path)
    preview = build_preview(TargetImporter(province_id=province.pk), path)
    assert preview.ok, preview.errors
    commit(preview)
    target = Target.objects.get()
    assert (target.metric, target.field_code, target.value) == ("field", "3", Decimal("85"))
