"""Export a group's ranking: `manage.py export_rankings --year Y --group G [--province P] [--format
csv|xlsx] [--output F]`, through the same writer as the pages (`indicators.exporting`)."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from indicators import exporting, sheets
from indicators.models import Framework


class Command(BaseCommand):
    help = "Xuất bảng xếp hạng của một khối trong một năm ra CSV (mặc định ra màn hình) hoặc XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--group", required=True, help="Mã khối (ví dụ: so)")
        parser.add_argument("--province", help="Mã hoặc tên tỉnh (bắt buộc khi có nhiều tỉnh)")
        parser.add_argument("--format", choices=exporting.FORMATS, default="csv")
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
        sheet = sheets.framework_ranking_sheet(frameworks[0])
        if format == "xlsx" and not output:
            raise CommandError("Định dạng xlsx cần --output <tệp.xlsx>.")
        content = exporting.write(sheet, format)
        if output:
            with open(output, "wb") as handle:
                handle.write(content)
            self.stderr.write(f"Đã ghi {len(sheet.rows)} dòng vào {output}")
        else:
            self.stdout.write(content.decode("utf-8"), ending="")
