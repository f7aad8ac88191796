"""openpyxl's worksheet parser, made to tell an importer what `read_only` hides.

`indicators.importing.reading` drives `openpyxl.worksheet._reader.WorkSheetParser` (the
parser `read_only=True` uses) directly, because the read-only worksheet hides formulas,
and a damaged cell ends the whole read with an `IndexError`. This subclass marks formula
cells, and turns a cell it cannot parse (a shared-string index past the table, a number
that is not one) into a `BROKEN` cell reported on its row.
"""

import zipfile
import zlib

from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, builtin_format_code
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

# What a damaged workbook raises from inside zipfile, zlib, the XML parser or openpyxl.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, SyntaxError, KeyError, ValueError, IndexError)
REPAIR = "hãy mở bằng Excel và lưu lại (File › Save As › .xlsx)"
BROKEN = "broken"


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
