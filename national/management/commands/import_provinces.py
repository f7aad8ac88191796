"""import_provinces [FILE] [--dry-run]: provinces and their lineage (default: NQ 202/2025)."""

from django.core.management.base import BaseCommand, CommandError

from indicators.importing import ImportFailed
from national.provinces import DEFAULT_FILE, import_provinces


class Command(BaseCommand):
    help = (
        "Tạo tỉnh, thành phố và quan hệ sắp xếp từ tệp .xlsx/.csv; không ghi tệp thì dùng "
        "danh sách 63 → 34 tỉnh theo Nghị quyết 202/2025/QH15. Có lỗi thì không ghi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi")

    def handle(self, *args, **options):
        try:
            outcome = import_provinces(options["file"], dry_run=options["dry_run"])
        except ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(failed.errors)} lỗi; không ghi dữ liệu nào.") from None
        if options["dry_run"]:
            self.stdout.write(self.style.SUCCESS("Kiểm tra xong; chưa ghi gì (--dry-run)."))
            return
        for note in outcome.notes:
            self.stdout.write(f"Sắp xếp: {note}")
        self.stdout.write(self.style.SUCCESS(f"Tỉnh, thành phố: {outcome.summary()}."))
