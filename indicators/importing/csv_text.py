"""What a CSV file is before it is read: its encoding and its separator."""

import codecs
import csv
from collections import Counter

from django.utils.translation import gettext as _

from agencies.spreadsheets import is_formula_like

SCAN_LINES = 20  # a title, blank lines and the header fit well within these


def looks_utf16(sample: bytes) -> bool:
    """A UTF-16 BOM, or text whose every other byte is NUL (ASCII in UTF-16); a stray NUL
    in UTF-8 text is another problem."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    head = sample[:4096]
    return len(head) >= 8 and (
        head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4
    )


def guess_delimiter(sample: bytes) -> str:
    """The separator the rows use: the one that splits the most of the first lines into
    the same number (> 1) of fields. Neither a title line above the header ("Khối sở, ban,
    ngành") nor the decimal commas of a `;` file ("91,14") decide it, since the rows agree."""
    text = sample.decode("utf-8-sig", errors="replace")
    lines = [line for line in text.splitlines()[:SCAN_LINES] if line.strip()]

    def agreement(delimiter):
        widths = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter))
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        return (count, width) if width > 1 else (0, 0)

    return max([",", ";", "\t"], key=agreement)


def unquoted(row: list[str]) -> list[str]:
    """A row with the apostrophe our CSV export puts before formula-like text taken off
    again ("'=A1" → "=A1"), so an exported file imports back unchanged."""
    return [cell[1:] if cell[:1] == "'" and is_formula_like(cell[1:]) else cell for cell in row]


def encoding_problem(sample: bytes) -> tuple[int | None, str] | None:
    """(line, message) when the start of a file is not UTF-8 text, else None."""
    if looks_utf16(sample):
        return None, _(
            "tệp mã hóa UTF-16 (Unicode của Excel); hãy lưu lại bằng “CSV UTF-8 (Comma delimited)”"
        )
    if b"\x00" in sample:
        return sample[: sample.index(b"\x00")].count(b"\n") + 1, _(
            "tệp chứa ký tự NUL (byte 0), không phải văn bản CSV; hãy mở bằng Excel và "
            "lưu lại bằng “CSV UTF-8 (Comma delimited)”"
        )
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
    except UnicodeDecodeError as error:
        line = sample[: error.start].count(b"\n") + 1
        try:
            guess = sample.decode("cp1258").split("\n")[line - 1][:60]
            hint = _("; đọc theo Windows-1258 được “{guess}”").format(guess=guess)
        except UnicodeDecodeError:
            hint = ""
        return line, _(
            "tệp không phải mã UTF-8 (có thể là Windows-1258, TCVN3 hoặc VNI){hint}; hãy mở "
            "bằng Excel và lưu lại bằng “CSV UTF-8 (Comma delimited)”"
        ).format(hint=hint)
    return None
