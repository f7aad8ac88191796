"""An import file speaks Vietnamese whoever imports it: an English interface still reads
the Vietnamese labels and headers of a file (they are translated only on screen)."""

import pytest
from django.utils import translation

from indicators.importing.base import RowErrors
from indicators.importing.procedures import COLUMNS
from indicators.importing.reading import SheetRow
from indicators.models import PeriodType


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("written", "value"), [("Quý", "quarter"), ("Kỳ báo cáo khác", "custom")])
def test_a_choice_is_read_from_its_vietnamese_label_in_either_language(language, written, value):
    row = SheetRow(number=2, values={"period_type": written})
    with translation.override(language):
        errors = RowErrors(reader=None, row=row)
        assert errors.choice("period_type", PeriodType.choices) == PeriodType(value)
        assert not errors.errors


def test_an_english_label_is_read_too():
    row = SheetRow(number=2, values={"period_type": "Quarter"})
    with translation.override("en"):
        assert RowErrors(reader=None, row=row).choice("period_type", PeriodType.choices) == (
            PeriodType.QUARTER
        )


def test_the_procedure_headers_are_vietnamese_whatever_the_language():
    with translation.override("en"):
        labels = {column.label for column in COLUMNS}
    assert "Tổng số TTHC" in labels
