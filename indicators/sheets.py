"""What the product exports, as `exporting.Sheet`s: a django-tables2 table, a group's
ranking (page or command), a frozen edition. `indicators.exporting` writes them.

A published edition is exported from its frozen `PublishedEdition.content` (never from
the live tables), with the headers of the results import template, so exporting an
edition and importing the file gives back the same data.
"""

import datetime

from django.core.exceptions import BadRequest
from django.db.models import F
from django.utils.translation import gettext as _
from django_tables2 import DateColumn

from indicators.exporting import (
    FORMATS,
    Sheet,
    dated_lines,
    file_response,
    number_or_text,
    rounded,
)
from indicators.models import IndexResult

# Edition content key → column header (the results import's Vietnamese headers).
EDITION_COLUMNS = [
    ("rank", "Xếp hạng"),
    ("agency", "Tên đơn vị"),
    ("evidence_points", "Điểm đánh giá qua tài liệu kiểm chứng"),
    ("survey_points", "Điểm ĐTXHH"),
    ("survey_cchc_points", "Điểm ĐTXHH – CCHC"),
    ("survey_satisfaction_points", "Điểm ĐTXHH – MĐHL"),
    ("total_points", "Tổng điểm"),
    ("index_pct", "Chỉ số CCHC (%)"),
    ("satisfaction_pct", "Chỉ số hài lòng (%)"),
    ("band", "Xếp loại"),
]


def table_rows(table) -> tuple[list[str], list[list]]:
    """Headers and rows of a django-tables2 table as its export sees them (`value_*`),
    all filtered rows in the table's order. Date columns give dates, not ISO text."""
    columns = [
        column for column in table.columns.iterall() if not column.column.exclude_from_export
    ]
    headers = [str(column.header) for column in columns]
    dated = {column.name for column in columns if isinstance(column.column, DateColumn)}
    rows = []
    for row in table.rows:
        values = []
        for column in columns:
            value = row.get_cell_value(column.name)
            if column.name in dated and isinstance(value, str) and value:
                value = _date_or_text(value)
            values.append(value)
        rows.append(values)
    return headers, rows


def _date_or_text(value: str):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return value


def table_sheet(table, *, title: str, filename: str, lines=()) -> Sheet:
    headers, rows = table_rows(table)
    return Sheet(
        title=title, headers=headers, rows=rows, lines=dated_lines(title, *lines), filename=filename
    )


class SheetExportMixin:
    """For a SingleTableMixin list view: `?_export=csv|xlsx` answers the filtered table as
    a file through `indicators.exporting` (django-tables2's own export would write the
    HTML its columns render, and formulas). Any other `_export` value is a 400."""

    export_trigger_param = "_export"
    export_formats = FORMATS
    export_name = "du-lieu"
    export_title = ""

    def render_to_response(self, context, **kwargs):
        fmt = self.request.GET.get(self.export_trigger_param)
        if fmt is None:
            return super().render_to_response(context, **kwargs)
        if fmt not in self.export_formats:
            raise BadRequest(_("Định dạng xuất không hỗ trợ (chỉ CSV hoặc XLSX)."))
        table = self.get_table(**self.get_table_kwargs())
        sheet = table_sheet(table, title=self.export_title, filename=self.export_name)
        return file_response(sheet, fmt=fmt)


# --- rankings ---------------------------------------------------------------------------


def ranking_status(framework, *, provisional: bool) -> tuple[str, str]:
    """(the title line saying published or provisional, the file name's tail)."""
    edition = framework.editions.order_by("-created_at").first() if framework else None
    if provisional or edition is None:
        return _("TẠM TÍNH: kết quả chưa công bố, còn có thể thay đổi"), "tam-tinh"
    return (
        _("Đã công bố theo Quyết định số {number} ngày {date}").format(
            number=edition.decision_no, date=edition.decision_date.strftime("%d/%m/%Y")
        ),
        edition.decision_no,
    )


def ranking_title(*, group, year, province) -> str:
    parts = [
        _("Xếp hạng chỉ số CCHC"),
        group.name if group else "",
        province.name if province else "",
    ]
    if year:
        parts.append(_("năm {year}").format(year=year))
    return " – ".join(part for part in parts if part)


def ranking_sheet(table, *, sel) -> Sheet:
    """The rankings page's table (filter and order as on screen) with its title lines."""
    title = ranking_title(group=sel.group, year=sel.year, province=sel.province)
    status, tail = ranking_status(sel.framework, provisional=sel.is_provisional)
    group = sel.group.code if sel.group else "khoi"
    return table_sheet(
        table,
        title=title,
        lines=[status],
        filename=f"xep-hang-{group}-{sel.year or ''}-{tail}",
    )


COMMAND_COLUMNS = [
    "Hạng",
    "Số đơn vị xếp hạng",
    "Đơn vị",
    "Chỉ số (%)",
    "Xếp loại",
    "Hạng năm trước",
    "Thay đổi hạng",
]


def framework_ranking_sheet(framework) -> Sheet:
    """A framework's ranking for `export_rankings`: shown values (published where published),
    in rank order with unranked agencies last."""
    results = (
        IndexResult.objects.filter(framework=framework)
        .select_related("agency")
        .order_by(
            F("published_rank").asc(nulls_last=True), F("rank").asc(nulls_last=True), "agency__name"
        )
    )
    rows = [
        [
            r.shown_rank,
            r.group_size,
            r.agency.name,
            rounded(r.shown_index_pct),
            r.shown_band,
            r.previous_rank,
            r.rank_change,
        ]
        for r in results
    ]
    provisional = not any(r.is_published for r in results)
    title = ranking_title(group=framework.group, year=framework.year, province=framework.province)
    status, tail = ranking_status(framework, provisional=provisional)
    return Sheet(
        title=title,
        headers=COMMAND_COLUMNS,
        rows=rows,
        lines=dated_lines(title, status),
        filename=f"xep-hang-{framework.group.code}-{framework.year}-{tail}",
    )


# --- editions ---------------------------------------------------------------------------


def edition_sheet(edition) -> Sheet:
    """A frozen edition, in the order it was published, with the results import's headers.

    Only columns the edition has values for are written; when the survey points were
    published split (CCHC / MĐHL), the split is written instead of their sum.
    """
    content = edition.content or {}
    rows = content.get("results") or content.get("rows") or []
    columns = [
        (key, label)
        for key, label in EDITION_COLUMNS
        if any(row.get(key) not in (None, "") for row in rows)
    ]
    if any(key == "survey_cchc_points" for key, _label in columns):
        columns = [(key, label) for key, label in columns if key != "survey_points"]
    codes = sorted(
        {code for row in rows for code in (row.get("components") or {})}, key=_code_order
    )
    headers = [label for _key, label in columns] + [
        _("Lĩnh vực {code} (%)").format(code=code) for code in codes
    ]
    table = [
        [number_or_text(row.get(key)) for key, _label in columns]
        + [
            number_or_text(((row.get("components") or {}).get(code) or {}).get("pct"))
            for code in codes
        ]
        for row in rows
    ]
    framework = edition.framework
    title = ranking_title(group=framework.group, year=framework.year, province=framework.province)
    status = _("Quyết định số {number} ngày {date} ({kind})").format(
        number=edition.decision_no,
        date=edition.decision_date.strftime("%d/%m/%Y"),
        kind=edition.get_kind_display().lower(),
    )
    return Sheet(
        title=edition.decision_no,
        headers=headers,
        rows=table,
        lines=[title, status],
        filename=edition_filename(edition),
    )


def _code_order(code: str):
    return [int(part) if part.isdigit() else part for part in str(code).split(".")]


def edition_filename(edition) -> str:
    """ "xep-hang-so-2025-3323-QD-UBND" once made ASCII by the writer."""
    framework = edition.framework
    return f"xep-hang-{framework.group.code}-{framework.year}-{edition.decision_no}"
