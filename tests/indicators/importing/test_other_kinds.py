"""Agencies, criteria, scores, dossier statistics and 766 scores import; templates; commands."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from agencies.models import Agency, AgencyLineage
from indicators.importing import KINDS, build_preview, commit
from indicators.importing.reading import TableReader
from indicators.importing.templates import build_template
from indicators.models import (
    Criterion,
    CriterionScore,
    IndexResult,
    ProcedureStat,
    ServiceIndexScore,
)

from .conftest import row_counts


def run(kind, options, path):
    preview = build_preview(KINDS[kind](**options), path)
    assert preview.ok, [str(e) for e in preview.errors]
    return preview, commit(preview)


def test_agencies_import_with_groups_and_lineage_in_any_order(scope, dept_group, tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text(
        "Tên đơn vị,Khối,Hiệu lực từ,Đơn vị tiền thân,Quan hệ kế thừa,Ngày hiệu lực kế "
        "thừa,Căn cứ pháp lý\n"
        "Sở Tài chính,so,01/03/2025,Sở Kế hoạch và Đầu tư,Hợp nhất vào,01/03/2025,NĐ "
        "45/2025/NĐ-CP\n"
        "Sở Kế hoạch và Đầu tư,so,,,,,\n",
        encoding="utf-8",
    )
    preview, outcome = run("agencies", scope["agencies"], path)
    assert preview.new_agencies == ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]
    edge = AgencyLineage.objects.get()
    assert (edge.predecessor.name, edge.successor.name, edge.legal_basis) == (
        "Sở Kế hoạch và Đầu tư",
        "Sở Tài chính",
        "NĐ 45/2025/NĐ-CP",
    )
    assert Agency.objects.get(name="Sở Tài chính").valid_from == datetime.date(2025, 3, 1)
    before = row_counts()
    run("agencies", scope["agencies"], path)
    assert row_counts() == before


def test_criteria_tree_import_links_parents_by_code(scope, framework, tmp_path):
    path = tmp_path / "criteria.csv"
    path.write_text(
        "Mã,Nội dung,Điểm tối đa,Cách chấm\n"
        "2,Thể chế,6,\n"
        "2.1,Ban hành văn bản,3,Có / không\n"
        "2.1.1,Đúng hạn,1.5,\n",
        encoding="utf-8",
    )
    run("criteria", scope["criteria"], path)
    leaf = Criterion.objects.get(framework=framework, code="2.1.1")
    assert leaf.parent.code == "2.1" and leaf.parent.parent.code == "2" and leaf.level == 3
    assert (
        leaf.field.code == "2"
        and Criterion.objects.get(code="2.1").rule_type == Criterion.Rule.BINARY
    )


def test_scores_import_creates_reports_and_queues_the_recompute(
    scope, framework, agency_a, tmp_path
):
    path = tmp_path / "scores.csv"
    path.write_text(
        "Tên đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm thẩm định\n"
        "Sở Xây dựng,1.1,2,1.5\n"
        'Sở Xây dựng,1.2,"2,5",2\n',
        encoding="utf-8",
    )
    run("scores", scope["scores"], path)
    scores = CriterionScore.objects.filter(report__agency=agency_a).order_by("criterion__code")
    assert [(s.self_score, s.appraised_score) for s in scores] == [
        (Decimal(2), Decimal("1.5")),
        (Decimal("2.5"), Decimal(2)),
    ]
    framework.refresh_from_db()
    assert framework.inputs_changed_at is not None


def test_procedure_statistics_import_keeps_counts_and_warnings(scope, agency_a, tmp_path):
    path = tmp_path / "tthc.csv"
    path.write_text(
        "Tên đơn vị,Năm,Kỳ trước chuyển sang,Tiếp nhận mới trong kỳ,"
        "Giải quyết đúng hạn,Đang giải quyết trong hạn\n"
        'Sở Xây dựng,2023,10,"1.713",1500,100\n',
        encoding="utf-8",
    )
    run("procedures", scope["procedures"], path)
    stat = ProcedureStat.objects.get(agency=agency_a)
    assert (stat.received_new, stat.period_start, stat.period_end) == (
        1713,
        datetime.date(2023, 1, 1),
        datetime.date(2023, 12, 31),
    )
    assert stat.warnings  # 1,610 of 1,723 explained: a gap is a warning, not an error


def test_service_index_import_sums_groups_and_bands(scope, agency_a, tmp_path):
    path = tmp_path / "766.csv"
    path.write_text(
        "Tên đơn vị,Loại kỳ,Từ ngày,Đến ngày,transparency,progress,online_service,"
        "online_payment,satisfaction,digitisation\n"
        "Sở Xây dựng,Tháng,01/01/2024,31/01/2024,18,19,11,9,17,20\n"
        ",Tháng,01/01/2024,31/01/2024,17,18,10,8,16,19\n",
        encoding="utf-8",
    )
    run("service_index", scope["service_index"], path)
    score = ServiceIndexScore.objects.get(agency=agency_a)
    assert (score.total, score.band) == (Decimal(94), "Xuất sắc")
    assert ServiceIndexScore.objects.get(agency__isnull=True).total == Decimal(88)
    run("service_index", scope["service_index"], path)
    assert ServiceIndexScore.objects.count() == 2


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_template_has_vietnamese_headers_the_reader_maps(kind, tmp_path):
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(build_template(kind))
    reader = TableReader(path, columns=KINDS[kind].columns)
    rows = list(reader)
    assert set(reader.headers) == {column.key for column in KINDS[kind].columns}
    assert len(rows) == 1  # the sample row; the notes sheet is not read


def test_import_command_exits_non_zero_with_the_error_list_and_writes_nothing(
    scope, province, tmp_path, capsys
):
    path = tmp_path / "bad.csv"
    path.write_text("agency,index_pct\nSở Xây dựng,90\nSở Không Có,80\n", encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError) as error:
        call_command(
            "import_results",
            str(path),
            "--year",
            "2023",
            "--group",
            "so",
            "--province",
            province.code,
        )
    assert error.value.returncode == 1
    assert "Dòng 3, cột A (agency): không tìm thấy đơn vị" in capsys.readouterr().err
    assert row_counts() == before


def test_import_command_dry_run_writes_nothing_then_imports(
    scope, province, agency_a, tmp_path, capsys
):
    path = tmp_path / "ok.csv"
    path.write_text("agency,index_pct,rank\nSở Xây dựng,90,1\n", encoding="utf-8")
    call_command("import_results", str(path), "--year", "2023", "--group", "so", "--dry-run")
    assert IndexResult.objects.count() == 0
    call_command(
        "import_results",
        str(path),
        "--year",
        "2023",
        "--group",
        "so",
        "--decision-no",
        "1/QĐ-UBND",
        "--decision-date",
        "2023-12-26",
    )
    assert IndexResult.objects.get().published_index_pct == Decimal(90)
    assert "Đã nhập 1 dòng" in capsys.readouterr().out


def test_export_edition_command_writes_a_file_import_results_reads_back(
    scope, province, agency_a, agency_b, tmp_path
):
    from indicators.models import PublishedEdition

    source = tmp_path / "in.csv"
    source.write_text(
        'agency,index_pct,rank\nSở Xây dựng,"91,14",1\nSở GTVT,85.02,2\n', encoding="utf-8"
    )
    call_command("import_results", str(source), "--year", "2023", "--group", "so")
    edition = PublishedEdition.objects.get()
    exported = tmp_path / "out.csv"
    call_command("export_edition", str(edition.pk), "--format", "csv", "--output", str(exported))
    IndexResult.objects.all().delete()
    call_command("import_results", str(exported), "--year", "2023", "--group", "so")
    assert sorted(
        IndexResult.objects.values_list("agency__name", "published_rank", "published_index_pct")
    ) == [("Sở Giao thông vận tải", 2, Decimal("85.02")), ("Sở Xây dựng", 1, Decimal("91.14"))]


def test_agencies_import_updates_only_the_columns_the_file_has(scope, agency_a, tmp_path):
    agency_a.valid_from, agency_a.kind = datetime.date(2020, 1, 1), Agency.Kind.SERVICE_UNIT
    agency_a.save()
    path = tmp_path / "short.csv"
    path.write_text("Tên đơn vị,Tên viết tắt\nSở Xây dựng,SXD\n", encoding="utf-8")
    run("agencies", scope["agencies"], path)
    agency_a.refresh_from_db()
    assert (agency_a.short_name, agency_a.valid_from, agency_a.kind) == (
        "SXD",
        datetime.date(2020, 1, 1),
        Agency.Kind.SERVICE_UNIT,
    )
