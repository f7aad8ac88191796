"""The national PAR INDEX table of one year: one row per province, XLSX or CSV.

The file is read once with the project's streaming reader (`indicators.importing.reading`,
bounded by `agencies.spreadsheets`), every row is checked, and only a file without
errors is written, in one transaction: all of its rows or none. Errors name the row and
the column as the file does ("Dòng 7, cột B (Điểm thẩm định): …"). Rows are keyed on
(province, year) and updated in place, so importing the same file twice changes nothing.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from agencies.models import Province
from indicators.importing.base import ImportFailed, Outcome, RowErrors, assign_changes
from indicators.importing.numbers import COUNT, PERCENT, NumberSpec, format_vi
from indicators.importing.reading import Column, FileProblem, RowError, TableReader, fold_header

from .models import ParIndexResult

POINTS = NumberSpec(maximum=Decimal(100))
# A published total may differ from its parts by rounding; beyond this it is flagged.
TOLERANCE = Decimal("0.011")

COLUMNS = [
    Column(
        "province",
        "Tỉnh, thành phố",
        ("Tỉnh", "Tỉnh/thành phố", "Địa phương", "Mã tỉnh", "province"),
        required=True,
        note="Tên hoặc mã tỉnh, thành phố trực thuộc Trung ương.",
        sample="Hải Phòng",
    ),
    Column(
        "appraisal_points",
        "Điểm thẩm định",
        ("Điểm đánh giá, thẩm định", "Điểm tự đánh giá được thẩm định", "appraisal"),
        note="Điểm, không bắt buộc.",
        sample="58,20",
    ),
    Column(
        "survey_points",
        "Điểm điều tra xã hội học",
        ("Điểm điều tra XHH", "Điểm ĐTXHH", "survey"),
        note="Điểm, không bắt buộc.",
        sample="37,97",
    ),
    Column(
        "index_pct",
        "Chỉ số PAR INDEX (%)",
        ("PAR INDEX", "Chỉ số PAR INDEX", "Chỉ số CCHC (%)", "Chỉ số CCHC", "Chỉ số", "index"),
        required=True,
        note="0–100; ghi 96,17 hoặc 96.17.",
        sample="96,17",
    ),
    Column("rank", "Xếp hạng", ("Thứ hạng", "Hạng", "rank"), note="Số nguyên ≥ 1.", sample=1),
    Column("group", "Nhóm", ("Xếp nhóm", "group"), note="A, B, C hoặc D.", sample="A"),
]
PREFIXES = ("thanh pho ", "tp ", "tinh ")


class ParTable:
    """What the downloadable template says of the national table."""

    label = "Bảng Chỉ số CCHC (PAR INDEX) các tỉnh, thành phố của Bộ Nội vụ"
    columns = COLUMNS
    notes = [
        "Mỗi dòng một tỉnh, thành phố; năm và số quyết định chọn khi nhập.",
        "Bắt buộc: Tỉnh, thành phố và Chỉ số PAR INDEX (%). Giá trị được lưu nguyên như "
        "quyết định công bố.",
        "Tỉnh đã sáp nhập chỉ có kết quả cho những năm tỉnh còn tồn tại.",
    ]


def province_key(text) -> str:
    """ "TP. Hải Phòng", "Thành phố Hải Phòng" and "hai phong" are the same key."""
    folded = fold_header(text)
    for prefix in PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


@dataclass
class ParsedTable:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


class _Provinces:
    """Every province by folded code and name, read once."""

    def __init__(self):
        self.by_key = {}
        for province in Province.objects.all():
            self.by_key.setdefault(fold_header(province.code), province)
            self.by_key.setdefault(province_key(province.name), province)

    def find(self, text):
        return self.by_key.get(fold_header(text)) or self.by_key.get(province_key(text))


def _group(errors: RowErrors, value) -> str:
    text = fold_header(value).removeprefix("nhom ").upper()
    if not text:
        return ""
    if text not in ParIndexResult.Group.values:
        errors.add("group", _("nhóm phải là A, B, C hoặc D"))
        return ""
    return text


def read_par_table(path, *, year: int, filename: str = "") -> ParsedTable:
    """Parse and check every row of the national table for `year`; nothing is written."""
    table = ParsedTable()
    provinces = _Provinces()
    reader = TableReader(path, columns=COLUMNS, filename=filename or Path(path).name)
    seen: dict[int, int] = {}
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    try:
        for row in reader:
            errors = RowErrors(reader, row)
            province = provinces.find(row.values.get("province"))
            if province is None:
                errors.add(
                    "province",
                    _("không có tỉnh, thành phố này (nhập danh mục tỉnh bằng import_provinces)"),
                )
            elif not (province.is_active_on(first) or province.is_active_on(last)):
                errors.add(
                    "province",
                    gettext("{province} không tồn tại trong năm {year}").format(
                        province=province, year=year
                    ),
                )
            elif province.pk in seen:
                errors.add(
                    "province",
                    gettext("{province} đã có ở dòng {seen}").format(
                        province=province, seen=seen[province.pk]
                    ),
                )
            data = {
                "province": province,
                "appraisal_points": errors.number("appraisal_points", POINTS),
                "survey_points": errors.number("survey_points", POINTS),
                "index_pct": errors.number("index_pct", PERCENT, required=True),
                "rank": errors.number("rank", COUNT),
                "group": _group(errors, row.values.get("group")),
            }
            if data["rank"] is not None and data["rank"] < 1:
                errors.add("rank", _("hạng phải từ 1 trở lên"))
            parts = (data["appraisal_points"], data["survey_points"], data["index_pct"])
            if None not in parts and abs(parts[0] + parts[1] - parts[2]) > TOLERANCE:
                # Published totals are kept verbatim, even when their parts disagree.
                table.warnings.append(
                    RowError(
                        row.number,
                        reader.column_name("index_pct"),
                        gettext(
                            "điểm thẩm định + điểm điều tra = {format_vi}, khác chỉ số đã công "
                            "bố; giữ nguyên giá trị công bố"
                        ).format(format_vi=format_vi(parts[0] + parts[1])),
                    )
                )
            table.errors += errors.errors
            if province is not None and province.pk not in seen:
                seen[province.pk] = row.number
            if not errors.errors:
                table.rows.append({**data, "line": row.number})
    except FileProblem as problem:
        table.errors += problem.errors
    table.errors += reader.late_errors
    for data in table.rows:
        if data["rank"] is not None and data["rank"] > len(seen):
            table.errors.append(
                RowError(
                    data["line"],
                    reader.column_name("rank"),
                    gettext("hạng lớn hơn số tỉnh trong tệp ({seen})").format(seen=len(seen)),
                    str(data["rank"]),
                )
            )
    if not table.rows and not table.errors:
        table.errors.append(
            RowError(None, "", _("tệp không có dòng dữ liệu nào dưới dòng tiêu đề"))
        )
    table.errors.sort(key=lambda error: error.row or 0)
    return table


def import_par_table(
    path, *, year: int, decision_no: str = "", filename: str = "", dry_run: bool = False
) -> tuple[Outcome, ParsedTable]:
    """Check the file and, unless `dry_run`, write every row in one transaction.

    Raises `ImportFailed` (nothing written) when any row is wrong."""
    table = read_par_table(path, year=year, filename=filename)
    if table.errors:
        raise ImportFailed(table.errors)
    outcome = Outcome()
    if dry_run:
        return outcome, table
    count = len(table.rows)
    with transaction.atomic():
        existing = {
            result.province_id: result
            for result in ParIndexResult.objects.select_for_update().filter(year=year)
        }
        for data in table.rows:
            values = {
                "appraisal_points": data["appraisal_points"],
                "survey_points": data["survey_points"],
                "index_pct": data["index_pct"],
                "rank": int(data["rank"]) if data["rank"] is not None else None,
                "province_count": count,
                "group": data["group"],
                "decision_no": decision_no,
                "is_illustrative": False,
            }
            result = existing.get(data["province"].pk)
            if result is None:
                ParIndexResult.objects.create(province=data["province"], year=year, **values)
                outcome.created += 1
            elif assign_changes(result, values):
                result.save()
                outcome.updated += 1
            else:
                outcome.unchanged += 1
    return outcome, table
