"""export_edition EDITION_ID [--format xlsx|csv] [--output FILE]: a published edition as published.

The file has the results import's headers, so `import_results` reads it back unchanged.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators import exporting
from indicators.models import PublishedEdition


class Command(BaseCommand):
    help = "Xuất một bản công bố (nội dung đã đóng băng) ra tệp .xlsx hoặc .csv"

    def add_arguments(self, parser):
        parser.add_argument("edition_id", type=int)
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--output", help="Tên tệp (mặc định theo năm, khối, số quyết định)")

    def handle(self, *args, edition_id, **options):
        edition = (
            PublishedEdition.objects.select_related("framework__group")
            .filter(pk=edition_id)
            .first()
        )
        if edition is None:
            raise CommandError(f"Không có bản công bố #{edition_id}")
        headers, rows = exporting.edition_table(edition)
        writer = exporting.write_xlsx if options["format"] == "xlsx" else exporting.write_csv
        output = Path(options["output"] or exporting.edition_filename(edition, options["format"]))
        output.write_bytes(writer(headers, rows))
        self.stdout.write(
            f"Đã ghi {len(rows)} dòng của {edition} vào {output} (SHA-256 nội dung: "
            f"{edition.content_hash})."
        )
