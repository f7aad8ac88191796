"""import_agencies FILE [--province P] [--dry-run] [--create-agencies]"""

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Nhập danh mục đơn vị (khối, cấp trên, quan hệ kế thừa); lỗi thì không ghi gì"
    kind = "agencies"
    needs_year = False
    needs_group = False
