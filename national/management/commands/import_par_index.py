"""import_par_index FILE --year Y [--decision-no N] [--dry-run]: the national table."""

from django.core.management.base import BaseCommand, CommandError

from indicators.importing import ImportFailed
from national.importing import import_par_table


class Command(BaseCommand):
    help = (
        "Nhập bảng Chỉ số CCHC (PAR INDEX) các tỉnh của Bộ Nội vụ cho một năm từ tệp "
        ".xlsx/.csv; có lỗi thì không ghi dòng nào."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--decision-no", default="", help="Ví dụ 268/QĐ-BNV")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi")

    def handle(self, *args, **options):
        try:
            outcome, table = import_par_table(
                options["file"],
                year=options["year"],
                decision_no=options["decision_no"],
                dry_run=options["dry_run"],
            )
        except ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(failed.errors)} lỗi; không ghi dữ liệu nào.") from None
        for warning in table.warnings:
            self.stderr.write(f"Cảnh báo — {warning}")
        if options["dry_run"]:
            self.stdout.write(
                self.style.SUCCESS(f"Kiểm tra xong: {len(table.rows)} dòng hợp lệ; chưa ghi gì.")
            )
            return
        self.stdout.write(self.style.SUCCESS(f"Đã nhập PAR INDEX: {outcome.summary()}."))
