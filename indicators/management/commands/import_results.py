"""import_results FILE --year Y --group G [--province P] [--dry-run] [--create-agencies]"""

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Nhập kết quả chỉ số CCHC đã công bố (một dòng mỗi đơn vị) từ tệp .xlsx/.csv"
    kind = "results"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--decision-no", default="", help="Số quyết định công bố, ví dụ 3349/QĐ-UBND"
        )
        parser.add_argument("--decision-date", default="", help="Ngày quyết định, YYYY-MM-DD")

    def extra_options(self, options) -> dict:
        return {"decision_no": options["decision_no"], "decision_date": options["decision_date"]}
