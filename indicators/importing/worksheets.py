"""openpyxl's workbook reader and worksheet parser, made to tell an importer what
`read_only` hides, in memory that does not grow with the strings.

`indicators.importing.reading` drives `openpyxl.worksheet._reader.WorkSheetParser` (the
parser `read_only=True` uses) directly, because the read-only worksheet hides formulas,
and a damaged cell ends the whole read with an `IndexError`. `SheetParser` marks formula
cells, and turns a cell it cannot parse (a shared-string index past the table, a number
that is not one) into a `BROKEN` cell reported on its row.

openpyxl keeps the shared strings (all the text of a workbook Excel wrote) as a list of
Python strings, some fifty bytes of overhead each: a million short strings cost a worker
two hundred megabytes. `open_workbook` keeps them as one UTF-8 buffer and an array of
offsets instead (`CompactStrings`), about the size of the text itself.
"""

import zipfile
import zlib
from array import array
from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _
from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, builtin_format_code
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

# What a damaged workbook raises from inside zipfile, zlib, the XML parser or openpyxl.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, SyntaxError, KeyError, ValueError, IndexError)
REPAIR = _("hãy mở bằng Excel và lưu lại (File › Save As › .xlsx)")
BROKEN = "broken"
STRING_TAG = f"{{{SHEET_MAIN_NS}}}si"
TEXT_TAG = f"{{{SHEET_MAIN_NS}}}t"


class CompactStrings(Sequence):
    """The shared strings as one UTF-8 buffer and the offset where each ends."""

    def __init__(self, source):
        self._text = bytearray()
        self._ends = array("Q")
        root = None
        for event, node in iterparse(source, events=("start", "end")):
            if root is None:
                root = node
            if event == "end" and node.tag == STRING_TAG:
                # As openpyxl reads a string (runs joined, its escape of "_" undone); a plain
                # <si><t>…</t></si>, nearly every string, without its slow general parser.
                if len(node) == 1 and node[0].tag == TEXT_TAG:
                    text = node[0].text or ""
                else:
                    text = Text.from_tree(node).content
                text = text.replace("x005F_", "")
                self._text += text.encode()
                self._ends.append(len(self._text))
                root.clear()  # the parsed items would otherwise stay in the tree

    def __len__(self):
        return len(self._ends)

    def __getitem__(self, index):
        if not 0 <= index < len(self._ends):
            raise IndexError(index)  # negative too: Excel's indexes start at 0
        start = self._ends[index - 1] if index else 0
        return self._text[start : self._ends[index]].decode()


class _CompactReader(ExcelReader):
    def read_strings(self):
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = CompactStrings(source)


def open_workbook(path):
    """`openpyxl.load_workbook(path, read_only=True, data_only=True)`, its shared strings
    kept compact; read them from a sheet's `_shared_strings`."""
    reader = _CompactReader(path, read_only=True, data_only=True)
    reader.read()
    return reader.wb


class SheetParser(WorkSheetParser):
    """openpyxl's parser, also telling whether a cell holds a formula (data_only hides it)."""

    def parse_cell(self, element):
        try:
            cell = super().parse_cell(element)
        except (IndexError, ValueError, TypeError, KeyError):
            # A shared string index past the table, a number that is not one, a bad date:
            # the cell is reported on its row instead of ending the import with a traceback.
            return self._broken_cell(element)
        # A plain cell has one child (<v>); only look for <f> when there are more.
        if len(element) > 1 and element.find(FORMULA_TAG) is not None:
            cell["formula"] = True
        return cell

    def _broken_cell(self, element) -> dict:
        try:
            row, column = coordinate_to_tuple(element.get("r") or "")
        except (ValueError, TypeError):
            row, column = self.row_counter, self.col_counter + 1
        self.col_counter = column
        return {
            "row": row,
            "column": column,
            "value": element.findtext(VALUE_TAG),
            "data_type": BROKEN,
            "style_id": 0,
        }


def percent_style_ids(workbook) -> set[int]:
    ids = set()
    for index, style in enumerate(workbook._cell_styles):
        number_format = (
            builtin_format_code(style.numFmtId)
            if style.numFmtId < BUILTIN_FORMATS_MAX_SIZE
            else workbook._number_formats[style.numFmtId - BUILTIN_FORMATS_MAX_SIZE]
        )
        if number_format and "%" in number_format:
            ids.add(index)
    return ids
