"""Export a group's ranking: `manage.py export_rankings --year Y --group G [--province P] [--format
csv|xlsx] [--output F]`."""

import csv

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F, Q

from indicators.models import Framework, IndexResult

COLUMNS = ["rank", "group_size", "agency", "index_pct", "band", "previous_rank", "rank_change"]


def ranking_rows(framework) -> list[list]:
    """Rows in rank order (unranked last), shown values: published where published."""
    results = (
        IndexResult.objects.filter(framework=framework)
        .select_related("agency")
        .order_by(
            F("published_rank").asc(nulls_last=True), F("rank").asc(nulls_last=True), "agency__name"
        )
    )
    return [
        [
            r.shown_rank,
            r.group_size,
            r.agency.name,
            r.shown_index_pct,
            r.shown_band,
            r.previous_rank,
            r.rank_change,
        ]
        for r in results
    ]


class Command(BaseCommand):
    help = "Xuất bảng xếp hạng của một khối trong một năm ra CSV (mặc định ra màn hình) hoặc XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--group", required=True, help="Mã khối (ví dụ: so)")
        parser.add_argument("--province", help="Mã hoặc tên tỉnh (bắt buộc khi có nhiều tỉnh)")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", help="Tệp ghi ra; mặc định CSV ra màn hình")

    def handle(self, *args, year, group, province=None, format="csv", output=None, **options):
        frameworks = Framework.objects.filter(year=year, group__code__iexact=group)
        if province:
            frameworks = frameworks.filter(
                Q(province__code__iexact=province) | Q(province__name__iexact=province)
            )
        frameworks = list(frameworks.select_related("province", "group")[:2])
        if not frameworks:
            raise CommandError(f"Không tìm thấy bộ chỉ số năm {year} của khối '{group}'.")
        if len(frameworks) > 1:
            raise CommandError("Có nhiều tỉnh cùng khối này: hãy chọn --province.")
        rows = ranking_rows(frameworks[0])
        if format == "xlsx":
            if not output:
                raise CommandError("Định dạng xlsx cần --output <tệp.xlsx>.")
            self._write_xlsx(output, rows, title=f"{frameworks[0].group.code}-{year}")
        elif output:
            with open(
                output, "w", newline="", encoding="utf-8-sig"
            ) as handle:  # BOM: Excel reads UTF-8
                self._write_csv(handle, rows)
        else:
            self._write_csv(self.stdout, rows)
        if output:
            self.stderr.write(f"Đã ghi {len(rows)} dòng vào {output}")

    @staticmethod
    def _write_csv(handle, rows):
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(["" if value is None else value for value in row] for row in rows)

    @staticmethod
    def _write_xlsx(path, rows, *, title):
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title[:31])
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append([float(v) if hasattr(v, "as_tuple") else v for v in row])
        book.save(path)
