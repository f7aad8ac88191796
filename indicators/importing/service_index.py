"""766 service-index scores (QĐ 766/QĐ-TTg): six group scores per agency and period.

A blank agency is the province as a whole. Group scores above their maxima are errors
(`indicators.service_index.check_scores`); a total that differs from the sum of the groups
by more than the portal's rounding is an error too, since it means a shifted column. Rows
are written in bulk (one query per batch for existing rows), as this is the kind that
reaches 100,000 rows (monthly scores of every commune over years).
"""

from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import Province, groups_in_years
from indicators.models import ServiceIndexScore, ServicePeriodType
from indicators.service_index import GROUPS, TOTAL_TOLERANCE, band_for, check_scores, total_of

from .agency_names import AgencyResolver, PeriodKeys
from .base import Importer, ImportSetupError, Outcome, RowErrors, assign_changes
from .numbers import COUNT, NumberSpec, format_vi
from .reading import Column, SheetRow

COLUMNS = [
    Column(
        "agency",
        "Tên đơn vị",
        ("Đơn vị", "agency_name"),
        note="Để trống cho toàn tỉnh.",
        sample="Sở Tư pháp",
    ),
    Column(
        "period_type",
        "Loại kỳ",
        ("Kỳ", "period_type"),
        required=True,
        note="Tuần; Tháng; Quý; Năm; Kỳ báo cáo khác",
        sample="Tuần",
    ),
    Column(
        "period_start",
        "Từ ngày",
        ("period_start",),
        required=True,
        note="dd/mm/yyyy",
        sample="01/01/2024",
    ),
    Column(
        "period_end",
        "Đến ngày",
        ("period_end",),
        required=True,
        note="dd/mm/yyyy",
        sample="31/01/2024",
    ),
    *[
        Column(
            name,
            f"{label} ({maximum})",
            (name, label),
            required=True,
            note=f"0–{maximum} điểm",
            sample=str(maximum - 1).replace(".", ","),
        )
        for name, label, maximum in GROUPS
    ],
    Column(
        "deduction",
        "Điểm trừ kỹ thuật",
        ("deduction", "Điểm trừ"),
        note="Không bắt buộc; trừ vào tổng điểm.",
        sample="0",
    ),
    Column(
        "total",
        "Tổng điểm",
        ("total", "Điểm tổng"),
        note="Không bắt buộc; nếu có phải bằng tổng sáu nhóm trừ điểm trừ kỹ thuật.",
        sample="94",
    ),
    Column("band", "Xếp loại", ("band",), sample="Xuất sắc"),
    Column("rank", "Xếp hạng", ("rank", "Hạng"), sample="1"),
    Column(
        "group_size",
        "Số đơn vị xếp hạng",
        ("group_size", "Trên tổng số"),
        note="Không bắt buộc; với dòng toàn tỉnh: số tỉnh, thành phố (ví dụ 34).",
        sample="13",
    ),
]


class ServiceIndexImporter(Importer):
    kind = "service_index"
    label = _("Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)")
    columns = COLUMNS
    notes = [
        "Mỗi dòng: một đơn vị (hoặc toàn tỉnh nếu để trống tên) trong một kỳ.",
        "Xếp hạng tính riêng từng khối, từng kỳ; hạng của toàn tỉnh là hạng giữa các tỉnh.",
        "Điểm sáu nhóm bắt buộc, không vượt điểm tối đa của nhóm; tổng 100.",
    ]
    display_headers = [_("Đơn vị"), _("Kỳ"), _("Từ ngày"), _("Tổng"), _("Xếp loại"), _("Hạng")]

    def __init__(self, **options):
        super().__init__(**options)
        self.province = Province.objects.filter(pk=options.get("province_id")).first()
        if self.province is None:
            raise ImportSetupError(gettext("không tìm thấy tỉnh đã chọn"))
        self.agencies = AgencyResolver(
            province=self.province, create=bool(options.get("create_agencies")), unique=False
        )
        self.seen = PeriodKeys()

    def parse_row(self, row: SheetRow, errors: RowErrors) -> dict | None:
        name = errors.text("agency", max_length=200)
        match = self.agencies.resolve(errors) if name else None
        data = {
            "match": match,
            "period_type": errors.choice("period_type", ServicePeriodType.choices, default=""),
            "period_start": errors.date("period_start", required=True),
            "period_end": errors.date("period_end", required=True),
            "band": errors.text("band", max_length=32),
            "rank": errors.number("rank", COUNT),
            "group_size": errors.number("group_size", COUNT),
            "deduction": errors.number("deduction", NumberSpec(maximum=Decimal(100))) or Decimal(0),
        }
        for group, _label, maximum in GROUPS:
            data[group] = errors.number(group, NumberSpec(maximum=maximum), required=True)
        data["total"] = errors.number("total", NumberSpec(maximum=Decimal(100)))
        if not data["period_type"]:
            errors.add("period_type", gettext("thiếu loại kỳ"))
        if (
            data["period_start"]
            and data["period_end"]
            and data["period_end"] < data["period_start"]
        ):
            errors.add("period_end", gettext("ngày kết thúc phải sau ngày bắt đầu"))
        problems, _ = check_scores(data)
        # A cell already refused by its own column check is not reported a second time.
        for field, message in problems.items():
            if not any(error.column == errors.reader.column_name(field) for error in errors.errors):
                errors.add(field, message)
        computed = total_of(data)
        # The portal rounds each group; a larger gap means the columns slid by one.
        if (
            computed is not None
            and data["total"] is not None
            and abs(data["total"] - computed) > TOTAL_TOLERANCE
        ):
            errors.add(
                "total",
                gettext(
                    "tổng điểm khác tổng sáu nhóm trừ điểm trừ kỹ thuật ({computed}); có thể cột "
                    "bị lệch"
                ).format(computed=format_vi(computed)),
            )
        if name and match is None:
            return None
        if data["period_start"] is None:
            return None
        earlier = self.seen.first_row(
            self.seen.key(match, data["period_type"], data["period_start"]), row.number
        )
        if earlier is not None:
            errors.add(
                "agency",
                gettext("trùng đơn vị và kỳ với dòng {earlier}").format(earlier=earlier),
                name,
            )
            return None
        data["total"] = data["total"] if data["total"] is not None else computed
        if not data["band"] and data["total"] is not None:
            data["band"] = band_for(data["total"]).name
        data["_note"] = match.explanation if match else "toàn tỉnh"
        return data

    def display(self, data: dict) -> list[str]:
        match = data["match"]
        who = (
            (match.agency.name if match.agency else match.new_name) if match else self.province.name
        )
        return [
            who,
            data["period_type"],
            f"{data['period_start']:%d/%m/%Y}" if data["period_start"] else "",
            format_vi(data["total"]),
            data["band"],
            format_vi(data["rank"]),
        ]

    def new_agencies(self) -> list[str]:
        return self.agencies.new_names()

    def write(self, batch: list[dict], outcome: Outcome):
        fields = [name for name, _, _ in GROUPS] + [
            "deduction",
            "total",
            "band",
            "rank",
            "group_size",
            "period_end",
            "group",
        ]
        rows = []
        for data in batch:
            agency = self.agencies.agency_for(data["match"], outcome) if data["match"] else None
            rows.append((agency, data))
        # Each row is ranked in its agency's khối of the period's year (blocs are dated).
        blocs = groups_in_years(
            [agency for agency, _ in rows if agency], {d["period_start"].year for _, d in rows}
        )
        keys = {(a.pk if a else None, d["period_type"], d["period_start"]) for a, d in rows}
        # One query per batch for the rows already stored: the period bounds narrow it, the
        # exact (agency, type, start) key picks the row.
        existing = {
            (s.agency_id, s.period_type, s.period_start): s
            for s in ServiceIndexScore.objects.filter(
                province=self.province,
                period_start__in={k[2] for k in keys},
                period_type__in={k[1] for k in keys},
            )
        }
        new, changed = [], []
        for agency, data in rows:
            score = existing.get(
                (agency.pk if agency else None, data["period_type"], data["period_start"])
            )
            values = {name: data[name] for name in fields if name != "group"}
            values["group_id"] = blocs[agency.pk, data["period_start"].year] if agency else None
            for count in ("rank", "group_size"):
                values[count] = int(values[count]) if values[count] is not None else None
            if score is None:
                new.append(
                    ServiceIndexScore(
                        province=self.province,
                        agency=agency,
                        period_type=data["period_type"],
                        period_start=data["period_start"],
                        **values,
                    )
                )
            elif assign_changes(score, values):
                changed.append(score)
            else:
                outcome.unchanged += 1
        # Scores are not audited (no history), so bulk writes lose nothing here.
        ServiceIndexScore.objects.bulk_create(new)
        ServiceIndexScore.objects.bulk_update(changed, fields)
        outcome.created += len(new)
        outcome.updated += len(changed)
