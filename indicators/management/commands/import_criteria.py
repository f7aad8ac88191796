"""import_criteria FILE --year Y --group G [--province P] [--dry-run] [--create-agencies]"""

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Nhập cây tiêu chí của bộ chỉ số (năm, khối); lỗi thì không ghi gì"
    kind = "criteria"
    needs_year = True
    needs_group = True
