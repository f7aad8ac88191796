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


@pytest.mark.django_db
def test_an_import_speaks_the_language_of_whoever_uploaded_it(noivu_staff, province):
    """The worker runs without a request: the job carries the uploader's language, so the
    preview of an English user's upload lists its problems in English."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from indicators.importing import jobs

    upload = SimpleUploadedFile("so-lieu.csv", "Đơn vị;Kỳ\nSở Xây dựng;Quý\n".encode())
    options = {"province_id": province.pk}
    with translation.override("en"):
        job = jobs.ImportJob.create(
            upload=upload, kind="procedures", options=options, user=noivu_staff
        )
    with translation.override("vi"):  # the worker's own language
        job.run_preview()
    messages = [e["message"] for e in job.state["preview"]["errors"]]
    assert messages and all("Dòng" not in m for m in messages)
    assert any("missing" in m or "not found" in m or "needs" in m for m in messages), messages
