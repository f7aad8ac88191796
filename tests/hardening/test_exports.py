"""F-1, F-10, M3, M7: every export of the product, fed hostile names and comments.

Each export is data: no cell is a formula (XLSX: no formula cell, formula-like text marked
quotePrefix; CSV: a leading apostrophe), no cell is markup, numbers are numeric cells
rounded as the screen rounds them, and the file names are ASCII with an RFC 6266
`filename*`.
"""

import io
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from agencies.models import Province
from indicators import exporting
from tests.exports import read_export, read_response

from .conftest import COMMENT, FORMULA, MARKUP

FORMATS = ["csv", "xlsx"]
NUMBER = re.compile(r"-?\d+(,\d+)?")  # a CSV number: Excel reads it as one, not a formula


def page_exports(edition_id=None):
    """(name, url, query) of every export a page offers."""
    exports = [
        ("overview", reverse("indicators:overview"), {"year": 2024}),
        ("rankings", reverse("indicators:rankings"), {"year": 2024}),
        ("procedures", reverse("indicators:procedure_list"), {}),
        ("service-index", reverse("indicators:service_index"), {}),
        ("plans", reverse("inspections:plan_list"), {}),
        ("visits", reverse("inspections:visit_list"), {}),
        ("recommendations", reverse("inspections:recommendation_board"), {"state": "all"}),
    ]
    return exports


def _get(client, url, query, fmt):
    response = client.get(url, {**query, "_export": fmt})
    assert response.status_code == 200, (url, response.status_code)
    return response


def _cells(response, fmt):
    """Every text cell of the file: (value, is formula, quotePrefix)."""
    if fmt == "csv":
        export = read_response(response)
        values = [*export.lines, *export.headers, *[v for row in export.rows for v in row]]
        return [(value, False, False) for value in values]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [
        (cell.value, cell.data_type == "f", cell.quotePrefix)
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def is_number(value) -> bool:
    return not isinstance(value, str) or bool(NUMBER.fullmatch(value))


def assert_inert(cells, fmt, *, expect=(FORMULA,)):
    texts = [str(value) for value, _formula, _prefixed in cells]
    assert not any(formula for _value, formula, _prefixed in cells), "a formula cell"
    for value, _formula, prefixed in cells:
        if is_number(value):
            continue
        text = str(value)
        if fmt == "csv":
            assert not exporting.is_formula_like(text), text
        elif exporting.is_formula_like(text):
            assert prefixed, f"formula-like text without quotePrefix: {text}"
    for text in texts:
        assert "<span" not in text and "&#x27;" not in text and "&amp;" not in text, text
    for wanted in expect:
        shown = f"'{wanted}" if fmt == "csv" else wanted
        assert shown in texts, f"{wanted!r} missing from the export"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "name,url,query", page_exports(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_page_export_writes_inert_plain_text(staff_client, hostile, name, url, query, fmt):
    response = _get(staff_client, url, query, fmt)
    cells = _cells(response, fmt)
    expect = {
        "plans": (COMMENT, FORMULA),
        "visits": (FORMULA, COMMENT),
        "recommendations": (FORMULA, COMMENT),
    }.get(name, (FORMULA,))
    assert_inert(cells, fmt, expect=expect)
    texts = [str(value) for value, *_ in cells]
    if name not in ("plans",):
        assert any(MARKUP in text for text in texts), "the markup name is written as text"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_rankings_export_url_writes_inert_plain_text(staff_client, hostile, fmt):
    url = reverse("indicators:rankings_export", args=[fmt])
    response = staff_client.get(url, {"year": 2024})
    assert_inert(_cells(response, fmt), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_edition_download_with_a_slash_in_its_decision_is_a_file(
    supervisor_client, hostile_edition, fmt
):
    """M3: "3323/QĐ-UBND" was the sheet title ("Invalid character / found in sheet title")."""
    response = supervisor_client.get(
        reverse("indicators:edition_export", args=[hostile_edition.pk, fmt])
    )
    assert response.status_code == 200
    assert_inert(_cells(response, fmt), fmt)
    disposition = response["Content-Disposition"]
    assert 'filename="xep-hang-so-2024-3323-QD-UBND.' + fmt + '"' in disposition
    assert "filename*=UTF-8''" in disposition and disposition.isascii()
    if fmt == "xlsx":
        assert load_workbook(io.BytesIO(response.content)).sheetnames == ["3323-QĐ-UBND"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_commands_write_inert_plain_text(hostile, hostile_edition, tmp_path, fmt):
    target = tmp_path / f"rank.{fmt}"
    call_command(
        "export_rankings",
        "--year",
        "2024",
        "--group",
        "so",
        "--format",
        fmt,
        "--output",
        str(target),
        stderr=StringIO(),
    )
    edition = tmp_path / f"edition.{fmt}"
    call_command(
        "export_edition",
        str(hostile_edition.pk),
        "--format",
        fmt,
        "--output",
        str(edition),
        stdout=StringIO(),
    )
    for path in (target, edition):
        export = read_export(path.read_bytes(), fmt)
        values = [*export.lines, *export.headers, *[v for row in export.rows for v in row]]
        if fmt == "csv":
            assert f"'{FORMULA}" in values
            assert not any(exporting.is_formula_like(v) for v in values if not is_number(v))
        else:
            sheet = load_workbook(path).worksheets[0]
            cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
            assert not any(c.data_type == "f" for c in cells)
            assert all(c.quotePrefix for c in cells if c.value == FORMULA)


def test_csv_to_stdout_goes_through_the_same_writer(hostile):
    out = StringIO()
    call_command("export_rankings", "--year", "2024", "--group", "so", stdout=out)
    export = read_export(out.getvalue().encode("utf-8"), "csv")
    assert [row[2] for row in export.rows] == [f"'{FORMULA}", MARKUP]


# --- M7: numbers as the screen shows them --------------------------------------------------


def test_the_ranking_file_rounds_as_the_screen_does(staff_client, hostile):
    """90.625 is "90,63" on screen (half up); the file said 90.62 (half even)."""
    page = staff_client.get(reverse("indicators:rankings"), {"year": 2024})
    assert "90,63" in page.text
    xlsx = read_response(
        staff_client.get(reverse("indicators:rankings"), {"year": 2024, "_export": "xlsx"})
    )
    first = xlsx.records()[0]
    assert first["Chỉ số (%)"] == 90.63 and first["LV 5"] == 90.63
    assert (first["Hạng"], first["Số đơn vị xếp hạng"], first["Thay đổi hạng"]) == (1, 2, 1)
    csv = read_response(
        staff_client.get(reverse("indicators:rankings"), {"year": 2024, "_export": "csv"})
    )
    assert csv.records()[0]["Chỉ số (%)"] == "90,63" and csv.records()[1]["Thay đổi hạng"] == "-1"


def test_a_provisional_ranking_says_so_and_a_published_one_names_its_decision(
    staff_client, hostile, hostile_edition
):
    provisional = read_response(
        staff_client.get(reverse("indicators:rankings"), {"year": 2024, "_export": "xlsx"})
    )
    assert "Hà Tĩnh" in provisional.lines[0] and "2024" in provisional.lines[0]
    assert "Khối sở" in provisional.lines[0] and provisional.lines[1].startswith("TẠM TÍNH")
    hostile.results.update(is_published=True)
    Province.objects.filter(pk=hostile.province_id).bump_data_version()
    published = staff_client.get(reverse("indicators:rankings"), {"year": 2024, "_export": "csv"})
    assert "3323/QĐ-UBND" in read_response(published).lines[1]
    assert "3323-QD-UBND.csv" in published["Content-Disposition"]


@pytest.mark.parametrize(
    "value,expected", [("90.625", "90.63"), ("2.675", "2.68"), ("0.005", "0.01"), (90.625, "90.63")]
)
def test_one_rounding_rule_for_screen_and_file(value, expected):
    from django.template.defaultfilters import floatformat

    assert str(exporting.rounded(value)) == expected == floatformat(value, 2).replace(",", ".")


def test_excel_sheet_titles_are_made_legal():
    assert exporting.sheet_title("QĐ 3323/QĐ-UBND [a]:*?") == "QĐ 3323-QĐ-UBND -a----"
    assert len(exporting.sheet_title("x" * 40)) == 31


def test_file_names_are_ascii_with_the_utf8_name_beside():
    header = exporting.content_disposition("xếp hạng sở 2025 3323/QĐ-UBND.xlsx")
    assert header.startswith('attachment; filename="xep-hang-so-2025-3323-QD-UBND.xlsx"')
    assert "filename*=UTF-8''x%E1%BA%BFp" in header
