"""import_scores FILE --year Y --group G [--province P] [--dry-run] [--create-agencies]"""

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Nhập điểm từng tiêu chí của các đơn vị; lỗi thì không ghi gì"
    kind = "scores"
    needs_year = True
    needs_group = True
