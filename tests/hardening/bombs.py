"""Hostile workbooks, made on the fly: a zip bomb and a workbook with a dangling string.

Also a command, to make the files whose memory docs/benchmarks-harden.md measures:

    python -m tests.hardening.bombs /tmp/bomb.xlsx --mb 400
    python -m tests.hardening.bombs /tmp/near.xlsx --mb 31 --distinct
"""

import argparse
import secrets
import zipfile
from pathlib import Path

CHUNK = b"<si><t>" + b"A" * 4096 + b"</t></si>"


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
        '<sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
}
# Header "Tên đơn vị" | "Chỉ số CCHC (%)", then Sở Xây dựng | 91.14: strings 0, 1 and 2.
STRINGS = ["Tên đơn vị", "Chỉ số CCHC (%)", "Sở Xây dựng"]


def _sheet(agency_string: int, dimension: str = "A1:B2", value: str = "91.14") -> str:
    return (
        f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        f'<row r="2"><c r="A2" t="s"><v>{agency_string}</v></c><c r="B2"><v>{value}</v></c>'
        "</row></sheetData></worksheet>"
    )


def _strings_head(strings=tuple(STRINGS)) -> bytes:
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    return f'<sst xmlns="{MAIN}">{items}'.encode()


def _workbook(path: Path, *, sheet: str, strings) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, text in PARTS.items():
            target.writestr(name, text)
        target.writestr("xl/worksheets/sheet1.xml", sheet)
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as handle:
            for chunk in strings:
                handle.write(chunk)
    return path


def zip_bomb(path: Path, *, megabytes: int = 40) -> Path:
    """A results workbook of one row whose shared strings inflate to `megabytes` MB of
    one repeated string: a few hundred kilobytes on disk."""
    repeats = megabytes * 1024 * 1024 // len(CHUNK)
    strings = [_strings_head(), *[CHUNK] * repeats, b"</sst>"]
    return _workbook(path, sheet=_sheet(2), strings=strings)


def shared_strings_workbook(
    path: Path, *, agency: str = "Sở Xây dựng", dimension: str = "A1:B2", value: str = "91.14"
) -> Path:
    """A well-formed workbook as Excel writes it: its text in the shared strings."""
    strings = [_strings_head((*STRINGS[:2], agency)), b"</sst>"]
    return _workbook(path, sheet=_sheet(2, dimension, value), strings=strings)


def distinct_strings(path: Path, *, megabytes: int = 31) -> Path:
    """A workbook within every bound: `megabytes` MB of short distinct strings (about a
    million), which compress only a few times."""
    chunks, size = [_strings_head()], 0
    while size < megabytes * 1024 * 1024:
        piece = "".join(f"<si><t>Xã {secrets.token_hex(4)}</t></si>" for _ in range(1000))
        chunks.append(piece.encode())
        size += len(chunks[-1])
    chunks.append(b"</sst>")
    return _workbook(path, sheet=_sheet(2), strings=chunks)


def dangling_string(path: Path) -> Path:
    """A workbook whose data row points at shared string 99, which does not exist."""
    return _workbook(path, sheet=_sheet(99), strings=[_strings_head(), b"</sst>"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--mb", type=int, default=400, help="inflated size of the strings")
    parser.add_argument("--distinct", action="store_true", help="distinct strings, no bomb")
    options = parser.parse_args()
    make = distinct_strings if options.distinct else zip_bomb
    make(options.output, megabytes=options.mb)
    print(f"{options.output}: {options.output.stat().st_size:,} bytes on disk")


if __name__ == "__main__":
    main()
