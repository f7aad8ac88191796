"""What every spreadsheet crossing the product's edge must respect: the limits an uploaded
XLSX meets before anything parses it, and the rule for text a spreadsheet program would run
as a formula. Both the importers and the reporter lists use them.

## Limits, so no upload can exhaust memory

An XLSX is a zip of XML parts. openpyxl streams the worksheet, but it reads the shared
strings, the styles and the workbook parts whole into memory, and a zip "bomb" (a few
hundred kilobytes that inflate to gigabytes of one repeated string) then drives a worker
to gigabytes. The zip's central directory says how big each part inflates (Python's
zipfile never inflates a part past its declared size), so the parts are checked from the
directory alone, before any is opened:

- every part that is read whole stays under `WHOLE_PART_BYTES`;
- all parts together inflate to at most `TOTAL_BYTES`;
- no large part inflates more than `MAX_RATIO` times: spreadsheet XML compresses about
  five to twenty times; hundreds of times is a bomb, not data;
- the sheet declares at most `settings.IMPORT_MAX_ROWS` rows (the reader also counts);
- no text in a worksheet runs longer than `MAX_TEXT_BYTES` between two tags. The XML
  parser holds a cell's text whole, and Excel itself keeps at most 32.767 characters in a
  cell, so a longer run is not a spreadsheet. This one check inflates the worksheets (in
  chunks, holding one at a time) before the reader parses them.

Each limit broken raises `TooLarge` with a Vietnamese message; the reader turns it into a
`FileProblem` like any other problem of the file as a whole.

## Formulas
Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's CSV-injection
rule, plus their full-width forms that East Asian Excel also reads as formulas) is run by
Excel as a formula; a writer must store it as text (`is_formula_like`).
"""

import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext

MB = 1024 * 1024
WHOLE_PART_BYTES = 32 * MB
TOTAL_BYTES = 512 * MB
MAX_RATIO = 100
RATIO_FROM_BYTES = MB  # small parts (an empty sheet, a theme) may compress any amount
MAX_PARTS = 2000
MAX_TEXT_BYTES = 32_767 * 4 + 1024  # Excel's cell limit in UTF-8, with room for markup
CHUNK_BYTES = 1024 * 1024
WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


class TooLarge(ValueError):
    """A limit the file breaks; the message is for users."""


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def grouped(number: int) -> str:
    """12345 → "12.345", as Vietnamese writes it."""
    return f"{number:,}".replace(",", ".")


def check_workbook(path) -> None:
    """Raise `TooLarge` when the XLSX at `path` (a path or an open binary file) breaks a
    limit; read nothing inflated beyond the first kilobytes of each worksheet."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise TooLarge(
                    gettext("tệp Excel có {parts} phần, quá nhiều cho một bảng tính").format(
                        parts=len(parts)
                    )
                )
            total = 0
            for part in parts:
                total += part.file_size
                _check_part(part)
            if total > TOTAL_BYTES:
                raise TooLarge(
                    gettext(
                        "tệp Excel giải nén ra {value} MB, vượt giới hạn {value2} MB; hãy chia "
                        "tệp thành nhiều phần"
                    ).format(value=total // MB, value2=TOTAL_BYTES // MB)
                )
            rows = declared_rows(archive)
            for part in parts:
                if WORKSHEET.match(part.filename):
                    _check_text_runs(archive, part)
    except zipfile.BadZipFile as error:
        raise TooLarge(
            gettext("không mở được tệp Excel: tệp bị hỏng, không giải nén được ({error})").format(
                error=error
            )
        ) from None
    if rows > max_rows():
        raise TooLarge(
            gettext(
                "bảng tính khai báo {rows} dòng, vượt giới hạn {grouped} dòng mỗi lần nhập; hãy "
                "chia tệp thành nhiều phần"
            ).format(rows=grouped(rows), grouped=grouped(max_rows()))
        )


def _check_part(part: zipfile.ZipInfo) -> None:
    name, size = part.filename, part.file_size
    if not WORKSHEET.match(name) and size > WHOLE_PART_BYTES:
        raise TooLarge(
            gettext(
                "phần “{name}” của tệp Excel giải nén ra {value} MB (giới hạn {value2} MB); tệp "
                "có thể bị hỏng hoặc là tệp nén độc hại"
            ).format(name=name, value=size // MB, value2=WHOLE_PART_BYTES // MB)
        )
    if size > RATIO_FROM_BYTES and size > MAX_RATIO * max(part.compress_size, 1):
        raise TooLarge(
            gettext(
                "phần “{name}” của tệp Excel nén {grouped} lần, bất thường với dữ liệu bảng tính "
                "(tệp nén độc hại?); hãy mở bằng Excel và lưu lại"
            ).format(name=name, grouped=grouped(size // max(part.compress_size, 1)))
        )


def _check_text_runs(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    run = 0  # bytes since the last "<", carried from one chunk to the next
    with archive.open(part) as handle:
        for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""):
            pieces = chunk.split(b"<")
            longest = max(run + len(pieces[0]), *map(len, pieces[1:-1]), 0)
            run = len(pieces[-1]) if len(pieces) > 1 else run + len(chunk)
            if max(longest, run) > MAX_TEXT_BYTES:
                raise TooLarge(
                    gettext(
                        "một ô trong “{filename}” dài hơn giới hạn 32.767 ký tự của Excel; tệp có "
                        "thể bị hỏng hoặc là tệp độc hại"
                    ).format(filename=part.filename)
                )


def declared_rows(archive: zipfile.ZipFile) -> int:
    """The largest row number any worksheet's <dimension> declares (0 when none does),
    read from the first kilobytes of each sheet."""
    rows = 0
    for part in archive.infolist():
        if not WORKSHEET.match(part.filename):
            continue
        with archive.open(part) as handle:
            head = handle.read(4096)
        match = DIMENSION.search(head)
        if match and match.group(1):
            rows = max(rows, int(match.group(1)))
    return rows
