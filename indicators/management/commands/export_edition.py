"""export_edition EDITION_ID [--format xlsx|csv] [--output FILE]: a published edition as published.

The file has the results import's headers, so `import_results` reads it back unchanged.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators import exporting, sheets
from indicators.models import PublishedEdition


class Command(BaseCommand):
    help = "Xuất một bản công bố (nội dung đã đóng băng) ra tệp .xlsx hoặc .csv"

    def add_arguments(self, parser):
        parser.add_argument("edition_id", type=int)
        parser.add_argument("--format", choices=exporting.FORMATS, default="xlsx")
        parser.add_argument("--output", help="Tên tệp (mặc định theo năm, khối, số quyết định)")

    def handle(self, *args, edition_id, **options):
        edition = (
            PublishedEdition.objects.select_related("framework__group", "framework__province")
            .filter(pk=edition_id)
            .first()
        )
        if edition is None:
            raise CommandError(f"Không có bản công bố #{edition_id}")
        sheet = sheets.edition_sheet(edition)
        fmt = options["format"]
        output = Path(options["output"] or f"{exporting.ascii_filename(sheet.filename)}.{fmt}")
        output.write_bytes(exporting.write(sheet, fmt))
        self.stdout.write(
            f"Đã ghi {len(sheet.rows)} dòng của {edition} vào {output} (SHA-256 nội dung: "
            f"{edition.content_hash})."
        )
