"""Hà Tĩnh as the demo province: who is scored, and how the 2025 reform reshaped it.

Until 28/02/2025: 17 provincial departments (khối sở, ban, ngành) and 13 district-level
UBNDs (khối UBND cấp huyện). From 01/03/2025 the departments merge under NĐ 45/2025/NĐ-CP
(KH&ĐT → Tài chính, GTVT → Xây dựng, TN&MT + NN&PTNT → Nông nghiệp và Môi trường,
TT&TT → KH&CN, LĐTB&XH → Nội vụ with functions transferred to Y tế, NN&MT and GD&ĐT).
From 01/07/2025 the district level ends and the communes start, ranked in two blocs
from 2025: the phường, and the xã (dated memberships, `AgencyGroupMembership`). The
departments and districts are real; the communes are illustrative names.
"""

import datetime
from dataclasses import dataclass, field

from agencies.models import Agency, AgencyGroup, AgencyGroupMembership, AgencyLineage, Province

MERGER_DAY = datetime.date(2025, 3, 1)
LAST_PRE_MERGER_DAY = datetime.date(2025, 2, 28)
TWO_TIER_DAY = datetime.date(2025, 7, 1)
LAST_DISTRICT_DAY = datetime.date(2025, 6, 30)
MERGER_BASIS = "NĐ 45/2025/NĐ-CP"
DISTRICT_END_BASIS = "NQ 202/2025/QH15"

# key, name, short name, merged away on 01/03/2025
DEPARTMENTS = [
    ("noivu", "Sở Nội vụ", "SNV", False),
    ("tuphap", "Sở Tư pháp", "STP", False),
    ("taichinh", "Sở Tài chính", "STC", False),
    ("khdt", "Sở Kế hoạch và Đầu tư", "SKHĐT", True),
    ("congthuong", "Sở Công Thương", "SCT", False),
    ("nnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "SNN&PTNT", True),
    ("tnmt", "Sở Tài nguyên và Môi trường", "STN&MT", True),
    ("xaydung", "Sở Xây dựng", "SXD", False),
    ("gtvt", "Sở Giao thông vận tải", "SGTVT", True),
    ("tttt", "Sở Thông tin và Truyền thông", "STT&TT", True),
    ("khcn", "Sở Khoa học và Công nghệ", "SKH&CN", False),
    ("vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", False),
    ("gddt", "Sở Giáo dục và Đào tạo", "SGD&ĐT", False),
    ("yte", "Sở Y tế", "SYT", False),
    ("ldtbxh", "Sở Lao động - Thương binh và Xã hội", "SLĐTB&XH", True),
    ("ngoaivu", "Sở Ngoại vụ", "SNgV", False),
    ("thanhtra", "Thanh tra tỉnh", "TTr", False),
]
NEW_DEPARTMENTS = [("nnmt", "Sở Nông nghiệp và Môi trường", "SNN&MT")]

DISTRICTS = [
    ("tp_hatinh", "UBND thành phố Hà Tĩnh"),
    ("tx_honglinh", "UBND thị xã Hồng Lĩnh"),
    ("tx_kyanh", "UBND thị xã Kỳ Anh"),
    ("nghixuan", "UBND huyện Nghi Xuân"),
    ("ductho", "UBND huyện Đức Thọ"),
    ("huongson", "UBND huyện Hương Sơn"),
    ("vuquang", "UBND huyện Vũ Quang"),
    ("canloc", "UBND huyện Can Lộc"),
    ("thachha", "UBND huyện Thạch Hà"),
    ("locha", "UBND huyện Lộc Hà"),
    ("camxuyen", "UBND huyện Cẩm Xuyên"),
    ("kyanh", "UBND huyện Kỳ Anh"),
    ("huongkhe", "UBND huyện Hương Khê"),
]

# Illustrative commune-level units after 01/07/2025 (names modelled on the new units).
COMMUNES = [
    "UBND phường Thành Sen",
    "UBND phường Trần Phú",
    "UBND phường Hà Huy Tập",
    "UBND phường Bắc Hồng Lĩnh",
    "UBND phường Nam Hồng Lĩnh",
    "UBND phường Sông Trí",
    "UBND phường Hoành Sơn",
    "UBND phường Vũng Áng",
    "UBND xã Tiên Điền",
    "UBND xã Nghi Xuân",
    "UBND xã Đức Thọ",
    "UBND xã Hương Sơn",
    "UBND xã Vũ Quang",
    "UBND xã Can Lộc",
    "UBND xã Thạch Hà",
    "UBND xã Lộc Hà",
    "UBND xã Cẩm Xuyên",
    "UBND xã Kỳ Anh",
    "UBND xã Hương Khê",
    "UBND xã Thiên Cầm",
]

# predecessor → successor, relation, note (Hà Tĩnh split functions as well as merging).
MERGERS = [
    ("khdt", "taichinh", AgencyLineage.Relation.MERGE_INTO, "Hợp nhất Sở KH&ĐT vào Sở Tài chính."),
    (
        "gtvt",
        "xaydung",
        AgencyLineage.Relation.MERGE_INTO,
        "Hợp nhất Sở GTVT vào Sở Xây dựng; Văn phòng Ban An toàn giao thông chuyển về Sở Xây dựng.",
    ),
    (
        "tnmt",
        "nnmt",
        AgencyLineage.Relation.MERGE_INTO,
        "Hợp nhất Sở TN&MT và Sở NN&PTNT thành Sở Nông nghiệp và Môi trường.",
    ),
    (
        "nnptnt",
        "nnmt",
        AgencyLineage.Relation.MERGE_INTO,
        "Hợp nhất Sở TN&MT và Sở NN&PTNT thành Sở Nông nghiệp và Môi trường.",
    ),
    ("tttt", "khcn", AgencyLineage.Relation.MERGE_INTO, "Hợp nhất Sở TT&TT vào Sở KH&CN."),
    (
        "tttt",
        "vhttdl",
        AgencyLineage.Relation.TRANSFER_FUNCTION,
        "Chức năng báo chí, xuất bản chuyển về Sở VH-TT-DL.",
    ),
    ("ldtbxh", "noivu", AgencyLineage.Relation.MERGE_INTO, "Hợp nhất Sở LĐTB&XH vào Sở Nội vụ."),
    (
        "ldtbxh",
        "yte",
        AgencyLineage.Relation.TRANSFER_FUNCTION,
        "Bảo trợ xã hội, trẻ em, phòng chống tệ nạn xã hội chuyển về Sở Y tế.",
    ),
    (
        "ldtbxh",
        "nnmt",
        AgencyLineage.Relation.TRANSFER_FUNCTION,
        "Giảm nghèo chuyển về Sở Nông nghiệp và Môi trường.",
    ),
    (
        "ldtbxh",
        "gddt",
        AgencyLineage.Relation.TRANSFER_FUNCTION,
        "Giáo dục nghề nghiệp chuyển về Sở GD&ĐT.",
    ),
]


@dataclass
class DemoProvince:
    """Handles to what the builders below created, by key."""

    province: Province
    departments: AgencyGroup
    districts: AgencyGroup
    communes: AgencyGroup
    wards: AgencyGroup | None = None
    agencies: dict[str, Agency] = field(default_factory=dict)
    ubnd_tinh: Agency | None = None

    def departments_in(self, year: int) -> list[Agency]:
        """Departments scored for `year`: before 2025 the 17, from 2025 the post-merger 12."""
        return [self.agencies[key] for key in department_keys(year)]

    def districts_in(self, year: int) -> list[Agency]:
        return [self.agencies[key] for key in district_keys(year)]

    def communes_in(self, year: int) -> list[Agency]:
        return [self.agencies[key] for key in commune_keys(year)]

    def wards_in(self, year: int) -> list[Agency]:
        return [self.agencies[key] for key in ward_keys(year)]


# Agencies are assessed for a year if they exist on 31/12 (`AgencyQuerySet.assessed_in_year`):
# from 2025 the merged-away departments and the districts are not, the communes are.
def department_keys(year: int) -> list[str]:
    if year < MERGER_DAY.year:
        return [key for key, *_ in DEPARTMENTS]
    return [key for key, _, _, merged in DEPARTMENTS if not merged] + [
        key for key, *_ in NEW_DEPARTMENTS
    ]


def district_keys(year: int) -> list[str]:
    return [key for key, _ in DISTRICTS] if year < TWO_TIER_DAY.year else []


def is_ward(name: str) -> bool:
    return name.startswith("UBND phường")


def commune_keys(year: int) -> list[str]:
    """The xã bloc of `year` (the phường rank apart: `ward_keys`)."""
    if year < TWO_TIER_DAY.year:
        return []
    return [f"xa{i}" for i, name in enumerate(COMMUNES) if not is_ward(name)]


def ward_keys(year: int) -> list[str]:
    if year < TWO_TIER_DAY.year:
        return []
    return [f"xa{i}" for i, name in enumerate(COMMUNES) if is_ward(name)]


def get_group(*, province, code, name, kind, order, valid_from=None, valid_to=None) -> AgencyGroup:
    group, _ = AgencyGroup.objects.get_or_create(
        province=province,
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "order": order,
            "valid_from": valid_from,
            "valid_to": valid_to,
        },
    )
    return group


def get_agency(*, province, name, kind, group=None, valid_from=None, **defaults) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        province=province,
        name=name,
        valid_from=valid_from,
        defaults={"kind": kind, "group": group, **defaults},
    )
    return agency


def build_ha_tinh() -> DemoProvince:
    province, _ = Province.objects.get_or_create(
        code="HT", defaults={"name": "Hà Tĩnh", "open_data": True}
    )
    Kind = AgencyGroup.Kind
    demo = DemoProvince(
        province=province,
        departments=get_group(
            province=province, code="so", name="Khối sở, ban, ngành", kind=Kind.DEPARTMENT, order=1
        ),
        districts=get_group(
            province=province,
            code="huyen",
            name="Khối UBND cấp huyện",
            kind=Kind.DISTRICT,
            order=2,
            valid_to=LAST_DISTRICT_DAY,
        ),
        communes=get_group(
            province=province,
            code="xa",
            name="Khối UBND xã",
            kind=Kind.COMMUNE,
            order=4,
            valid_from=TWO_TIER_DAY,
        ),
        wards=get_group(
            province=province,
            code="phuong",
            name="Khối UBND phường",
            kind=Kind.COMMUNE,
            order=3,
            valid_from=TWO_TIER_DAY,
        ),
    )
    for key, name, short, merged in DEPARTMENTS:
        demo.agencies[key] = get_agency(
            province=province,
            name=name,
            short_name=short,
            kind=Agency.Kind.DEPARTMENT,
            group=demo.departments,
            valid_to=LAST_PRE_MERGER_DAY if merged else None,
        )
    for key, name, short in NEW_DEPARTMENTS:
        demo.agencies[key] = get_agency(
            province=province,
            name=name,
            short_name=short,
            kind=Agency.Kind.DEPARTMENT,
            group=demo.departments,
            valid_from=MERGER_DAY,
        )
    for key, name in DISTRICTS:
        demo.agencies[key] = get_agency(
            province=province,
            name=name,
            kind=Agency.Kind.DISTRICT,
            group=demo.districts,
            valid_to=LAST_DISTRICT_DAY,
        )
    for i, name in enumerate(COMMUNES):
        bloc = demo.wards if is_ward(name) else demo.communes
        demo.agencies[f"xa{i}"] = agency = get_agency(
            province=province,
            name=name,
            kind=Agency.Kind.WARD if is_ward(name) else Agency.Kind.COMMUNE,
            group=bloc,
            valid_from=TWO_TIER_DAY,
            is_illustrative=True,
        )
        # Their bloc from the first year they are scored: blocs are dated.
        AgencyGroupMembership.objects.get_or_create(
            agency=agency,
            year_from=TWO_TIER_DAY.year,
            defaults={"group": bloc, "legal_basis": "Luật Tổ chức chính quyền địa phương 2025"},
        )
    # UBND tỉnh is supervised by HĐND (seed 002) but is not scored in a group nor ranked.
    demo.ubnd_tinh = get_agency(
        province=province,
        name="UBND tỉnh Hà Tĩnh",
        short_name="UBND tỉnh",
        kind=Agency.Kind.PROVINCIAL_COMMITTEE,
        is_ranked=False,
    )
    _build_lineage(demo)
    return demo


def _build_lineage(demo: DemoProvince) -> None:
    for before, after, relation, note in MERGERS:
        AgencyLineage.objects.get_or_create(
            predecessor=demo.agencies[before],
            successor=demo.agencies[after],
            relation=relation,
            defaults={"effective_date": MERGER_DAY, "legal_basis": MERGER_BASIS, "note": note},
        )
    for key, _ in DISTRICTS:
        AgencyLineage.objects.get_or_create(
            predecessor=demo.agencies[key],
            successor=None,
            relation=AgencyLineage.Relation.ABOLISH,
            defaults={
                "effective_date": TWO_TIER_DAY,
                "legal_basis": DISTRICT_END_BASIS,
                "note": (
                    "Kết thúc hoạt động của chính quyền cấp huyện từ 01/07/2025 (chính quyền "
                    "địa phương hai cấp)."
                ),
            },
        )
