"""Agencies of a province, with their group (khối), parent and lineage.

One row per agency. An agency already in the province (matched by name, tolerantly) is
updated; a new name is created. `parent` and `predecessor` name other agencies, of the
file or already in the database, and are linked after every row exists, so their order in
the file does not matter. A predecessor row makes an `AgencyLineage` edge ("Sở KH&ĐT merged
into Sở Tài chính on 01/03/2025 by NĐ …"); several predecessors are separated by ";".
A group with "Khối từ năm" dates the bloc: the agency ranks in it from that year, in its
earlier bloc before (`AgencyGroupMembership`).
"""

from decimal import Decimal

from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from agencies.matching import AgencyMatchError
from agencies.models import Agency, AgencyGroup, AgencyLineage, Province, move_to_group

from .agency_names import AgencyResolver
from .base import Importer, ImportSetupError, Outcome, RowErrors
from .numbers import NumberSpec
from .reading import Column, RowError, SheetRow

# An evaluation year, as a number.
YEAR = NumberSpec(integer=True, maximum=Decimal(2100))

COLUMNS = [
    Column("name", "Tên đơn vị", ("Đơn vị", "agency", "Tên"), required=True, sample="Sở Tài chính"),
    Column("short_name", "Tên viết tắt", ("short_name",), sample="STC"),
    Column(
        "kind",
        "Loại đơn vị",
        ("kind",),
        note="Sở, ban, ngành; UBND tỉnh; UBND cấp huyện; UBND cấp xã; …",
        sample="Sở, ban, ngành",
    ),
    Column(
        "group",
        "Khối",
        ("Khối xếp hạng", "group"),
        note="Mã hoặc tên khối đã có của tỉnh.",
        sample="so",
    ),
    Column(
        "group_from_year",
        "Khối từ năm",
        ("group_from_year", "Khối áp dụng từ năm"),
        note="Năm đánh giá đầu tiên đơn vị xếp hạng trong khối này; các năm trước giữ khối cũ.",
        sample="2025",
    ),
    Column(
        "parent",
        "Đơn vị cấp trên",
        ("parent",),
        note="Ví dụ UBND huyện của một xã (trước 2025).",
        sample="",
    ),
    Column("valid_from", "Hiệu lực từ", ("valid_from",), note="dd/mm/yyyy", sample="01/03/2025"),
    Column(
        "valid_to",
        "Hiệu lực đến",
        ("valid_to",),
        note="dd/mm/yyyy; để trống nếu còn hoạt động.",
        sample="",
    ),
    Column(
        "is_ranked", "Được xếp hạng", ("is_ranked",), note="Có / Không (mặc định Có).", sample="Có"
    ),
    Column(
        "predecessors",
        "Đơn vị tiền thân",
        ("predecessor", "Đơn vị trước"),
        note="Tên đơn vị trước sáp nhập/đổi tên; nhiều đơn vị cách nhau bằng dấu ;",
        sample="Sở Kế hoạch và Đầu tư",
    ),
    Column(
        "relation",
        "Quan hệ kế thừa",
        ("relation",),
        note="Hợp nhất vào; Tách ra từ; Đổi tên; Chuyển giao chức năng; Giải thể",
        sample="Hợp nhất vào",
    ),
    Column("effective_date", "Ngày hiệu lực kế thừa", ("effective_date",), sample="01/03/2025"),
    Column("legal_basis", "Căn cứ pháp lý", ("legal_basis",), sample="NĐ 45/2025/NĐ-CP"),
]


class AgencyImporter(Importer):
    kind = "agencies"
    label = gettext_lazy("Danh mục đơn vị (khối, cấp trên, kế thừa)")
    columns = COLUMNS
    notes = [
        "Mỗi dòng một đơn vị; đơn vị đã có (trùng tên) được cập nhật, tên mới được tạo mới.",
        "Đơn vị cấp trên và đơn vị tiền thân có thể nằm trong cùng tệp, ở bất kỳ dòng nào.",
    ]
    display_headers = [
        gettext_lazy("Đơn vị"),
        gettext_lazy("Khớp tên"),
        gettext_lazy("Khối"),
        gettext_lazy("Hiệu lực"),
        gettext_lazy("Tiền thân"),
    ]

    def __init__(self, **options):
        super().__init__(**options)
        self.province = Province.objects.filter(pk=options.get("province_id")).first()
        if self.province is None:
            raise ImportSetupError(gettext("không tìm thấy tỉnh đã chọn"))
        self.groups = {}
        for group in AgencyGroup.objects.filter(province=self.province):
            self.groups[group.code.lower()] = group
            self.groups[group.name.lower()] = group
        self.agencies = AgencyResolver(province=self.province, create=True)
        self.references: list[tuple[int, str, str]] = []  # (row, column label, name)

    def parse_row(self, row: SheetRow, errors: RowErrors) -> dict | None:
        match = self.agencies.resolve(errors, "name")
        group_name = errors.text("group")
        group = self.groups.get(group_name.lower()) if group_name else None
        if group_name and group is None:
            errors.add("group", gettext("không có khối này trong tỉnh"))
        data = {
            "match": match,
            "group": group,
            "short_name": errors.text("short_name", max_length=64),
            "kind": errors.choice("kind", Agency.Kind.choices, default=Agency.Kind.DEPARTMENT),
            "group_from_year": errors.number("group_from_year", YEAR),
            "parent": errors.text("parent", max_length=200),
            "valid_from": errors.date("valid_from"),
            "valid_to": errors.date("valid_to"),
            "is_ranked": errors.boolean("is_ranked", True),
            "predecessors": [
                name.strip()
                for name in errors.text("predecessors", max_length=1000).split(";")
                if name.strip()
            ],
            "relation": errors.choice(
                "relation",
                AgencyLineage.Relation.choices,
                default=AgencyLineage.Relation.MERGE_INTO,
            ),
            "effective_date": errors.date("effective_date"),
            "legal_basis": errors.text("legal_basis", max_length=128),
        }
        if data["group_from_year"] is not None and group is None:
            errors.add("group_from_year", _("cần khối để xếp từ năm này"))
        if data["valid_from"] and data["valid_to"] and data["valid_to"] < data["valid_from"]:
            errors.add("valid_to", gettext("ngày hết hiệu lực phải sau ngày bắt đầu"))
        if data["predecessors"] and not (data["effective_date"] or data["valid_from"]):
            errors.add("effective_date", gettext("cần ngày hiệu lực của quan hệ kế thừa"))
        if match is None:
            return None
        for key, names in (
            ("parent", [data["parent"]] if data["parent"] else []),
            ("predecessors", data["predecessors"]),
        ):
            self.references += [
                (row.number, errors.reader.column_name(key), name) for name in names
            ]
        data["present"] = set(row.values)
        data["_note"] = match.explanation
        return data

    def check_all(self) -> list[RowError]:
        problems = []
        for number, column, name in self.references:
            try:
                self.agencies.matcher.match(name)
            except AgencyMatchError as error:
                problems.append(RowError(number, column, str(error), name))
        return problems

    def display(self, data: dict) -> list[str]:
        match = data["match"]
        span = f"{data['valid_from']:%d/%m/%Y}" if data["valid_from"] else ""
        return [
            match.agency.name if match.agency else match.new_name,
            match.explanation,
            data["group"].name if data["group"] else "",
            span,
            "; ".join(data["predecessors"]),
        ]

    def new_agencies(self) -> list[str]:
        return self.agencies.new_names()

    def begin(self, outcome: Outcome):
        self.links: list[tuple[Agency, dict]] = []

    def write(self, batch: list[dict], outcome: Outcome):
        for data in batch:
            match = data["match"]
            agency = match.agency or Agency(
                province=self.province, name=match.new_name, kind=data["kind"]
            )
            created = agency.pk is None
            previous_group_id = agency.group_id
            # Only the columns the file has: a list without "Hiệu lực từ" keeps the dates.
            for key in ("group", "kind", "is_ranked", "short_name", "valid_from", "valid_to"):
                if key in data["present"] or (created and key == "group"):
                    setattr(agency, key, data[key])
            agency.save()
            if data["group_from_year"] is not None:
                move_to_group(
                    agency=agency,
                    group=data["group"],
                    year_from=int(data["group_from_year"]),
                    previous_group_id=previous_group_id,
                )
            if created:
                self.agencies.matcher.register(agency)
                outcome.created += 1
            else:
                outcome.updated += 1
            self.links.append((agency, data))

    def finish(self, outcome: Outcome, *, sha256: str, user=None):
        for agency, data in self.links:
            if data["parent"]:
                agency.parent = self.agencies.matcher.match(data["parent"]).agency
                agency.save(update_fields=["parent"])
            for name in data["predecessors"]:
                predecessor = self.agencies.matcher.match(name).agency
                AgencyLineage.objects.update_or_create(
                    predecessor=predecessor,
                    successor=agency,
                    relation=data["relation"],
                    defaults={
                        "effective_date": data["effective_date"] or data["valid_from"],
                        "legal_basis": data["legal_basis"],
                    },
                )
