"""import_procedures FILE [--year Y] [--province P] [--dry-run] [--create-agencies]"""

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Nhập số liệu TTHC và hồ sơ theo đơn vị, kỳ báo cáo; lỗi thì không ghi gì"
    kind = "procedures"
    needs_year = False
    needs_group = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--year", type=int, help="Năm cho các dòng chỉ có kỳ Năm mà không ghi năm"
        )

    def extra_options(self, options) -> dict:
        return {"year": options["year"]}
