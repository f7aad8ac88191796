"""Procedure (TTHC) and dossier (hồ sơ) statistics per agency and period.

Raw counts only; rates are computed by `indicators.dossiers`, and the sanity rules of
`indicators.dossier_checks` decide what is wrong: a part above its whole (resolved + in
progress > carried over + received) is a row error naming the fields; a gap is a warning
kept on the row (`warnings`). A count
left blank is "not reported", not 0. Rows are keyed by (agency, period type, period start).
A row with only a year ("Năm" = 2023) covers 01/01–31/12 of that year.
"""

import datetime

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import Province
from indicators.dossier_checks import check_stat
from indicators.dossiers import COUNT_FIELDS
from indicators.models import PeriodType, ProcedureStat
from indicators.tasks.alerts import queue_alert_check

from .agency_names import AgencyResolver, PeriodKeys
from .base import Importer, ImportSetupError, Outcome, RowErrors, assign_changes
from .numbers import COUNT, format_vi
from .reading import Column, RowError, SheetRow

FIELD = ProcedureStat._meta.get_field


def vietnamese(text) -> str:
    """A model's (translatable) verbose name as the file's header: its Vietnamese msgid,
    whatever the language of the request that imports."""
    with translation.override(None):
        return str(text)


COLUMNS = [
    Column("agency", "Tên đơn vị", ("Đơn vị", "agency_name"), required=True, sample="Sở Tư pháp"),
    Column(
        "year",
        "Năm",
        ("year",),
        note="Dùng khi kỳ là cả năm (không cần Từ ngày/Đến ngày).",
        sample="2023",
    ),
    Column(
        "period_type",
        "Loại kỳ",
        ("Kỳ", "period_type"),
        note="Tháng; Quý; Năm; Kỳ báo cáo khác (mặc định Năm)",
        sample="Năm",
    ),
    Column("period_start", "Từ ngày", ("period_start",), note="dd/mm/yyyy", sample="01/01/2023"),
    Column("period_end", "Đến ngày", ("period_end",), note="dd/mm/yyyy", sample="31/12/2023"),
    *[
        Column(
            name,
            capfirst(vietnamese(FIELD(name).verbose_name)),  # keeps "TTHC", "DVCTT" in capitals
            (name,),
            note="Số nguyên ≥ 0; để trống nếu không báo cáo.",
            sample="",
        )
        for name in COUNT_FIELDS
    ],
    Column("on_time_formula", "Công thức tỷ lệ đúng hạn", ("on_time_formula",), sample="766"),
    Column("source", "Nguồn số liệu", ("source",), sample="Báo cáo số 12/BC-STP"),
]


class ProcedureImporter(Importer):
    kind = "procedures"
    label = _("Số liệu TTHC và hồ sơ")
    columns = COLUMNS
    notes = [
        "Mỗi dòng: một đơn vị trong một kỳ báo cáo. Số liệu là số lượng (không phải tỷ lệ).",
        "Số bộ phận vượt tổng (ví dụ đã giải quyết + đang giải quyết > tổng hồ sơ) là "
        "lỗi; thiếu hụt là cảnh báo.",
    ]
    display_headers = [
        _("Đơn vị"),
        _("Kỳ"),
        _("Từ ngày"),
        _("Đến ngày"),
        _("Tiếp nhận mới"),
        _("Cảnh báo"),
    ]

    def __init__(self, **options):
        super().__init__(**options)
        self.province = Province.objects.filter(pk=options.get("province_id")).first()
        if self.province is None:
            raise ImportSetupError(gettext("không tìm thấy tỉnh đã chọn"))
        self.default_year = options.get("year")
        self.agencies = AgencyResolver(
            province=self.province, create=bool(options.get("create_agencies")), unique=False
        )
        self.seen = PeriodKeys()
        self.row_warnings: list[RowError] = []

    def parse_row(self, row: SheetRow, errors: RowErrors) -> dict | None:
        match = self.agencies.resolve(errors)
        data = {name: errors.number(name, COUNT) for name in COUNT_FIELDS}
        data.update(
            period_type=errors.choice("period_type", PeriodType.choices, default=PeriodType.YEAR),
            period_start=errors.date("period_start"),
            period_end=errors.date("period_end"),
            on_time_formula=errors.choice(
                "on_time_formula",
                ProcedureStat.OnTimeFormula.choices,
                default=ProcedureStat.OnTimeFormula.RULE_766,
            ),
            source=errors.text("source"),
        )
        year = errors.number("year", COUNT) or self.default_year
        if data["period_start"] is None and data["period_type"] == PeriodType.YEAR and year:
            data["period_start"], data["period_end"] = (
                datetime.date(int(year), 1, 1),
                datetime.date(int(year), 12, 31),
            )
        if data["period_start"] is None or data["period_end"] is None:
            errors.add("period_start", gettext("cần Từ ngày và Đến ngày (hoặc cột Năm với kỳ Năm)"))
            return None
        if data["period_end"] < data["period_start"]:
            errors.add("period_end", gettext("ngày kết thúc phải sau ngày bắt đầu"))
        data["year"] = data["period_start"].year
        problems, warnings = check_stat(data)
        for name, message in problems.items():
            errors.add(name if name in row.values else "", message, data.get(name))
        data["warnings"] = warnings
        self.row_warnings += [RowError(row.number, "", warning) for warning in warnings[:3]]
        if match is None:
            return None
        earlier = self.seen.first_row(
            self.seen.key(match, data["period_type"], data["period_start"]), row.number
        )
        if earlier is not None:
            errors.add(
                "agency", gettext("trùng đơn vị và kỳ với dòng {earlier}").format(earlier=earlier)
            )
            return None
        data["match"] = match
        data["present"] = set(row.values)
        data["_note"] = match.explanation
        return data

    def display(self, data: dict) -> list[str]:
        match = data["match"]
        return [
            match.agency.name if match.agency else match.new_name,
            str(PeriodType(data["period_type"]).label),
            f"{data['period_start']:%d/%m/%Y}",
            f"{data['period_end']:%d/%m/%Y}",
            format_vi(data["received_new"]),
            " ".join(data["warnings"]),
        ]

    def new_agencies(self) -> list[str]:
        return self.agencies.new_names()

    def write(self, batch: list[dict], outcome: Outcome):
        keep = [*COUNT_FIELDS, "period_end", "year", "on_time_formula", "source", "warnings"]
        for data in batch:
            agency = self.agencies.agency_for(data["match"], outcome)
            # Counts of columns the file lacks are left as they are (not reset to "unreported").
            values = {
                key: data[key] for key in keep if key not in COUNT_FIELDS or key in data["present"]
            }
            stat = ProcedureStat.objects.filter(
                agency=agency, period_type=data["period_type"], period_start=data["period_start"]
            ).first()
            if stat is None:
                ProcedureStat.objects.create(
                    agency=agency,
                    period_type=data["period_type"],
                    period_start=data["period_start"],
                    **values,
                )
                outcome.created += 1
            elif assign_changes(stat, values):
                stat._change_reason = "Nhập từ tệp số liệu TTHC"
                stat.save()
                outcome.updated += 1
            else:
                outcome.unchanged += 1

    def finish(self, outcome: Outcome, *, sha256: str, user=None):
        # New dossier figures may put a rate under the province's alert threshold.
        queue_alert_check(province_id=self.province.pk)
