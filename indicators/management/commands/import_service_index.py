"""import_service_index FILE [--province P] [--dry-run] [--create-agencies]"""

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Nhập điểm Chỉ số phục vụ (QĐ 766) theo đơn vị và kỳ; lỗi thì không ghi gì"
    kind = "service_index"
    needs_year = False
    needs_group = False
