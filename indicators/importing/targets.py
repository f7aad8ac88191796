"""Targets (mục tiêu) of Sở Nội vụ, one per row: a group's, or one agency's, for a year.

Rows are keyed by (group or agency, year, metric, field code) and update in place, so
importing the same file twice leaves the same targets. Targets are what the province
decided, so each is written through `save()` (a few hundred rows at most).
"""

from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from agencies.models import AgencyGroup, Province
from indicators.models import Target, TargetMetric

from .agency_names import AgencyResolver
from .base import Importer, ImportSetupError, Outcome, RowErrors, assign_changes
from .numbers import COUNT, PERCENT, format_vi
from .reading import Column, SheetRow, fold_header

COLUMNS = [
    Column("group", "Khối", ("Mã khối", "group"), required=True, sample="so"),
    Column("year", "Năm", ("year",), required=True, sample="2026"),
    Column(
        "agency",
        "Tên đơn vị",
        ("Đơn vị", "agency_name"),
        note="Để trống: mục tiêu chung của cả khối.",
        sample="",
    ),
    Column(
        "metric",
        "Chỉ tiêu",
        ("metric",),
        required=True,
        note="; ".join(str(label) for _, label in TargetMetric.choices),
        sample="Chỉ số CCHC",
    ),
    Column(
        "field_code",
        "Mã lĩnh vực",
        ("field_code", "Lĩnh vực"),
        note="Chỉ với chỉ số thành phần; để trống: mọi lĩnh vực.",
        sample="",
    ),
    Column("value", "Mục tiêu (%)", ("value", "Mục tiêu"), required=True, sample="90"),
    Column("note", "Ghi chú", ("note", "Căn cứ"), sample="KH 123/KH-UBND"),
]


class TargetImporter(Importer):
    kind = "targets"
    label = gettext_lazy("Mục tiêu của tỉnh (theo khối, năm, chỉ tiêu)")
    columns = COLUMNS
    notes = [
        "Mỗi dòng: một mục tiêu của một khối (để trống tên đơn vị) hoặc của một đơn vị.",
        "Khối ghi theo mã hoặc tên khối; mục tiêu là tỷ lệ % từ 0 đến 100.",
    ]
    display_headers = ["Khối", "Năm", "Đơn vị", "Chỉ tiêu", "Mục tiêu (%)"]

    def __init__(self, **options):
        super().__init__(**options)
        self.province = Province.objects.filter(pk=options.get("province_id")).first()
        if self.province is None:
            raise ImportSetupError(_("không tìm thấy tỉnh đã chọn"))
        self.groups = {}
        for group in AgencyGroup.objects.filter(province=self.province):
            self.groups[fold_header(group.code)] = group
            self.groups[fold_header(group.name)] = group
        self.agencies = AgencyResolver(province=self.province, unique=False)
        self.seen: dict[tuple, int] = {}

    def parse_row(self, row: SheetRow, errors: RowErrors) -> dict | None:
        group = self.groups.get(fold_header(row.values.get("group")))
        if group is None:
            errors.add("group", _("không có khối này trong tỉnh (ghi mã hoặc tên khối)"))
        year = errors.number("year", COUNT, required=True)
        if year is not None and not 2000 <= year <= 2100:
            errors.add("year", _("năm phải trong khoảng 2000–2100"))
        metric = errors.choice("metric", TargetMetric.choices)
        if not metric:
            errors.add("metric", _("thiếu chỉ tiêu"))
        field_code = errors.text("field_code", max_length=16)
        if field_code and metric and metric != TargetMetric.FIELD:
            errors.add("field_code", _("mã lĩnh vực chỉ dùng cho chỉ số thành phần"))
        value = errors.number("value", PERCENT, required=True)
        match = None
        if errors.text("agency", max_length=200):
            match = self.agencies.resolve(errors)
            if match is not None and group is not None and match.agency.group_id != group.pk:
                errors.add(
                    "agency", gettext("đơn vị không thuộc khối {name}").format(name=group.name)
                )
        if group is None or year is None or not metric or value is None or len(errors.errors):
            return None
        agency = match.agency if match else None
        key = (group.pk, agency.pk if agency else None, int(year), metric, field_code)
        if key in self.seen:
            errors.add(
                "metric", gettext("trùng mục tiêu với dòng {seen}").format(seen=self.seen[key])
            )
            return None
        self.seen[key] = row.number
        return {
            "group": group,
            "agency": agency,
            "year": int(year),
            "metric": metric,
            "field_code": field_code,
            "value": value,
            "note": errors.text("note"),
        }

    def display(self, data: dict) -> list[str]:
        label = TargetMetric(data["metric"]).label
        if data["field_code"]:
            label = f"{label} LV {data['field_code']}"
        return [
            data["group"].name,
            str(data["year"]),
            data["agency"].name if data["agency"] else "Cả khối",
            str(label),
            format_vi(data["value"]),
        ]

    def write(self, batch: list[dict], outcome: Outcome):
        for data in batch:
            key = {
                "group": data["group"],
                "agency": data["agency"],
                "year": data["year"],
                "metric": data["metric"],
                "field_code": data["field_code"],
            }
            target = Target.objects.filter(**key).first()
            values = {"value": data["value"], "note": data["note"]}
            if target is None:
                Target.objects.create(province=self.province, **key, **values)
                outcome.created += 1
            elif assign_changes(target, values):
                target.version += 1
                target.save()
                outcome.updated += 1
            else:
                outcome.unchanged += 1
