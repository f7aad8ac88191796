"""The real figures of the other seed articles, each in its own province.

- Seed 001 (Sở Nội vụ Thái Bình): inspection of 25/10/2022 at Sở Xây dựng and Sở GTVT under
  Kế hoạch 1296/KH-SNV ngày 27/6/2022, with both departments' TTHC and dossier counts.
- Seed 004 (Báo Hà Giang): Sở Xây dựng Hà Giang, Chỉ số CCHC 2022 85,02 điểm "Tốt", TTHC
  field 26,44/29 (91,17 %), 556 dossiers digitised from 01/06 to 11/11/2022.
- Seed 003 (HĐND Lạng Sơn): UBND huyện Hữu Lũng 2022, rank 04/11, 110.274/110.274 dossiers
  on time, 34.113 online, 82/88 online services with dossiers, 19/37 TTHC cut from 230 to
  154 days; the HĐND supervision of 13/3/2023 and its recommendations.

Only the agencies concerned are created. Values from the articles are verbatim and
`is_illustrative=False`; what the articles do not give (plan numbers of supervisions,
recommendation deadlines) is marked illustrative or left empty.
"""

import datetime
from decimal import Decimal

from agencies.models import Agency, AgencyGroup, Province
from indicators.models import Band, Criterion, Framework, IndexResult, PeriodType, ProcedureStat
from inspections.models import Finding, InspectionKind

from .agencies import get_agency, get_group
from .frameworks import BANDS
from .inspections import ACH, DONE, IN_PROGRESS, NOT_STARTED, SHORT, VisitSpec, create_plan

SOURCE_001 = "Sở Nội vụ tỉnh Thái Bình, bài “Sở Nội vụ phối hợp với các sở, ngành liên quan tổ chức kiểm tra công tác cải cách hành chính tại Sở Xây dựng và Sở Giao thông - Vận tải” (Tô Dậu)"
SOURCE_003 = "Văn phòng Đoàn ĐBQH và HĐND tỉnh Lạng Sơn, bài “Thường trực HĐND tỉnh giám sát chuyên đề tình hình thực hiện cải cách hành chính tại huyện Hữu Lũng” (15/3/2023)"
SOURCE_004 = "Báo Hà Giang, bài “Sở Xây dựng nâng cao chất lượng cải cách thủ tục hành chính”"
REPORT_DATE_001 = datetime.date(
    2022, 10, 20
)  # "đến thời điểm báo cáo": the article does not date it


def _province(code: str, name: str, valid_to=None) -> Province:
    province, _ = Province.objects.get_or_create(
        code=code, defaults={"name": name, "valid_to": valid_to}
    )
    return province


def _stat(agency, period_type, start, end, **values) -> ProcedureStat:
    stat, _ = ProcedureStat.objects.get_or_create(
        agency=agency,
        period_type=period_type,
        period_start=start,
        defaults={"period_end": end, "year": start.year, "is_illustrative": False, **values},
    )
    return stat


def _seed_framework(*, province, group, year, name, fields=()) -> Framework:
    """A framework shell for a published result: bands, and only the fields the article names."""
    framework, created = Framework.objects.get_or_create(
        province=province,
        year=year,
        group=group,
        defaults={
            "name": name,
            "is_open": False,
            "is_illustrative": True,
            "self_assessment_deadline": None,
        },
    )
    if created:
        Band.objects.bulk_create(
            Band(framework=framework, name=n, lower=Decimal(lower), order=i, color=c)
            for i, (n, lower, c) in enumerate(BANDS)
        )
        for order, (code, field_name, maximum) in enumerate(fields):
            Criterion.objects.create(
                framework=framework,
                level=Criterion.Level.FIELD,
                code=code,
                name=field_name,
                max_points=Decimal(maximum),
                order=order * 100_000,
                evidence_required=False,
            )
    return framework


def build_thai_binh() -> None:
    # Thái Bình merged into Hưng Yên on 01/07/2025 (NQ 202/2025/QH15).
    province = _province("TB", "Thái Bình", valid_to=datetime.date(2025, 6, 30))
    group = get_group(
        province=province,
        code="so",
        name="Khối sở, ban, ngành",
        kind=AgencyGroup.Kind.DEPARTMENT,
        order=1,
    )
    xd = get_agency(
        province=province,
        name="Sở Xây dựng",
        short_name="SXD",
        kind=Agency.Kind.DEPARTMENT,
        group=group,
    )
    gt = get_agency(
        province=province,
        name="Sở Giao thông vận tải",
        short_name="SGTVT",
        kind=Agency.Kind.DEPARTMENT,
        group=group,
    )
    note = f"Từ 01/01/2022 đến thời điểm báo cáo (bài báo không nêu ngày; ghi ~20/10/2022). Nguồn: {SOURCE_001}."
    _stat(
        xd,
        PeriodType.CUSTOM,
        datetime.date(2022, 1, 1),
        REPORT_DATE_001,
        procedures_total=56,
        lien_thong_same_level=14,
        lien_thong_cross_level=23,
        received_new=1713,
        resolved_on_time=1668,
        resolved_late=0,
        in_progress_on_time=45,
        in_progress_overdue=0,
        on_time_formula=ProcedureStat.OnTimeFormula.RULE_766,
        source=SOURCE_001,
        note=f"37 thủ tục liên thông = 14 cùng cấp + 23 giữa các cấp. 1.668 hồ sơ giải quyết đúng và trước hạn "
        f"(bài báo không tách trước hạn). Bài báo chỉ nêu tổng 1.713 hồ sơ tiếp nhận. {note}",
    )
    _stat(
        gt,
        PeriodType.CUSTOM,
        datetime.date(2022, 1, 1),
        REPORT_DATE_001,
        procedures_total=123,
        level3=26,
        level4=62,
        published_new=6,
        amended=13,
        simplified=3,
        received_new=15383,
        carried_over=343,
        resolved_on_time=15706,
        resolved_late=0,
        in_progress_on_time=20,
        in_progress_overdue=0,
        on_time_formula=ProcedureStat.OnTimeFormula.RULE_766,
        source=SOURCE_001,
        note=f"15.726 hồ sơ = 15.383 mới tiếp nhận + 343 từ kỳ trước; 15.706 đúng và trước hạn; 20 đang giải quyết "
        f"(trong hạn); không có phản ánh, kiến nghị. Rút ngắn thời gian giải quyết 03 TTHC. {note}",
    )
    create_plan(
        province=province,
        number="1296/KH-SNV",
        date=datetime.date(2022, 6, 27),
        issuer="Sở Nội vụ tỉnh Thái Bình",
        year=2022,
        kind=InspectionKind.NOIVU_CCHC,
        subject="Kiểm tra công tác cải cách hành chính năm 2022",
        agencies={"xd": xd, "gt": gt},
        visits=[
            VisitSpec(
                date=datetime.date(2022, 10, 25),
                agencies=["xd", "gt"],
                lead_name="Trần Thế Dũng",
                lead_position="Phó Giám đốc Sở Nội vụ",
                summary=(
                    "Sở Nội vụ phối hợp với Văn phòng UBND tỉnh, Sở Thông tin và Truyền thông, Sở Tư pháp kiểm tra công tác "
                    "CCHC tại Sở Xây dựng (làm việc với ông Đào Duy Thái, Phó Giám đốc Sở) và Sở Giao thông – Vận tải "
                    "(làm việc với ông Chu Tiến Dũng, Phó Giám đốc Sở) theo Kế hoạch số 1296/KH-SNV ngày 27/6/2022. "
                    f"Nguồn: {SOURCE_001}. Thời hạn và tiến độ kiến nghị là minh họa."
                ),
                members=[
                    ("Đại diện Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh Thái Bình"),
                    ("Đại diện Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông"),
                    ("Đại diện Sở Tư pháp", "Sở Tư pháp"),
                    (
                        "Phòng Cải cách hành chính",
                        "Sở Nội vụ (và một số phòng chuyên môn liên quan)",
                    ),
                ],
                findings=[
                    (
                        ACH,
                        "Các nhiệm vụ CCHC được Đảng ủy, Ban Giám đốc quan tâm chỉ đạo thực hiện đồng bộ, hiệu quả.",
                        None,
                        "",
                        "xd",
                    ),
                    (
                        ACH,
                        "Tổng số TTHC đang thực hiện là 56, trong đó có 37 thủ tục liên thông (14 liên thông cùng cấp và 23 liên thông giữa các cấp).",
                        None,
                        "",
                        "xd",
                    ),
                    (
                        ACH,
                        "Từ 01/01/2022 đến thời điểm báo cáo tiếp nhận 1.713 hồ sơ TTHC, giải quyết đúng và trước hạn 1.668 hồ sơ, không có hồ sơ quá hạn, đang giải quyết 45 hồ sơ (trong hạn).",
                        None,
                        Finding.ProcedureIndicator.ON_TIME,
                        "xd",
                    ),
                    (
                        ACH,
                        "Ban hành nhiều văn bản chỉ đạo, triển khai CCHC trên tất cả các lĩnh vực, đặc biệt lĩnh vực cải cách TTHC.",
                        None,
                        "",
                        "gt",
                    ),
                    (
                        ACH,
                        "Tổng số TTHC đang thực hiện là 123, trong đó có 26 TTHC mức độ 3 và 62 TTHC mức độ 4; tham mưu công bố 06 TTHC mới, 13 TTHC sửa đổi, bổ sung; rút ngắn thời gian giải quyết 03 TTHC.",
                        None,
                        "",
                        "gt",
                    ),
                    (
                        ACH,
                        "Tiếp nhận 15.726 hồ sơ (15.383 mới, 343 từ kỳ trước chuyển qua); giải quyết đúng và trước hạn 15.706, đang giải quyết 20 (trong hạn), không có hồ sơ quá hạn; không nhận được phản ánh, kiến nghị.",
                        None,
                        Finding.ProcedureIndicator.ON_TIME,
                        "gt",
                    ),
                    *[
                        (SHORT, text, None, indicator, who)
                        for who in ("xd", "gt")
                        for text, indicator in (
                            (
                                "Một số phần mềm của Bộ chủ quản và của tỉnh còn chưa tương thích.",
                                "",
                            ),
                            (
                                "Cơ sở dữ liệu của một số cơ quan chuyên môn chưa đầy đủ dẫn đến khó khăn trong tiếp nhận và giải quyết hồ sơ TTHC.",
                                "",
                            ),
                            (
                                "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ thấp hơn yêu cầu đề ra (theo quy định phải đạt tối thiểu 80%).",
                                Finding.ProcedureIndicator.ONLINE_SERVICES,
                            ),
                            (
                                "Chế độ thông tin báo cáo cải cách hành chính định kỳ đã được thực hiện nhưng còn chậm tiến độ.",
                                "",
                            ),
                        )
                    ],
                ],
                recommendations=[
                    (
                        "Tập trung chỉ đạo khắc phục những tồn tại, hạn chế mà Đoàn kiểm tra đưa ra.",
                        datetime.date(2022, 12, 31),
                        DONE,
                        datetime.date(2022, 12, 15),
                        6,
                        "xd",
                    ),
                    (
                        "Tập trung chỉ đạo khắc phục những tồn tại, hạn chế mà Đoàn kiểm tra đưa ra.",
                        datetime.date(2022, 12, 31),
                        DONE,
                        datetime.date(2022, 12, 20),
                        10,
                        "gt",
                    ),
                    (
                        "Nâng tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ đạt tối thiểu 80% (theo định hướng của Đoàn kiểm tra).",
                        datetime.date(2023, 6, 30),
                        IN_PROGRESS,
                        None,
                        8,
                        "xd",
                    ),
                    (
                        "Nâng tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ đạt tối thiểu 80% (theo định hướng của Đoàn kiểm tra).",
                        datetime.date(2023, 6, 30),
                        DONE,
                        datetime.date(2023, 6, 1),
                        12,
                        "gt",
                    ),
                ],
            )
        ],
    )


def build_ha_giang() -> None:
    # Hà Giang merged into Tuyên Quang on 01/07/2025 (NQ 202/2025/QH15).
    province = _province("HG", "Hà Giang", valid_to=datetime.date(2025, 6, 30))
    group = get_group(
        province=province,
        code="so",
        name="Khối sở, ban, ngành",
        kind=AgencyGroup.Kind.DEPARTMENT,
        order=1,
    )
    xd = get_agency(
        province=province,
        name="Sở Xây dựng",
        short_name="SXD",
        kind=Agency.Kind.DEPARTMENT,
        group=group,
    )
    framework = _seed_framework(
        province=province,
        group=group,
        year=2022,
        name="Bộ chỉ số CCHC khối sở, ban, ngành năm 2022 (chỉ phần đã công bố)",
        fields=[("3", "Cải cách thủ tục hành chính", "29")],
    )
    IndexResult.objects.get_or_create(
        framework=framework,
        agency=xd,
        defaults={
            "is_published": True,
            "is_illustrative": False,
            "published_total_points": Decimal("85.02"),
            "published_index_pct": Decimal("85.02"),
            "published_band": "Tốt",
            "components": {"3": {"points": "26.44", "max": "29.00", "pct": "91.1724"}},
            "published_raw": {
                "source": SOURCE_004,
                "index": "85,02 điểm",
                "band": "tốt",
                "components": {
                    "3": {
                        "name": "Cải cách thủ tục hành chính",
                        "points": "26,44/29",
                        "pct": "91,17%",
                        "band": "xuất sắc",
                    }
                },
            },
        },
    )
    _stat(
        xd,
        PeriodType.CUSTOM,
        datetime.date(2022, 6, 1),
        datetime.date(2022, 11, 11),
        digitised=556,
        source=SOURCE_004,
        note="Số hóa toàn bộ hồ sơ và kết quả giải quyết TTHC lĩnh vực xây dựng từ 01/6/2022 đến 11/11/2022: 556 hồ sơ, đạt 100%.",
    )
    _stat(
        xd,
        PeriodType.YEAR,
        datetime.date(2022, 1, 1),
        datetime.date(2022, 12, 31),
        simplified_reviewed=68,
        simplified=2,
        resolved_late=0,
        on_time_formula=ProcedureStat.OnTimeFormula.RESOLVED,
        source=SOURCE_004,
        note="Rà soát 68 TTHC lĩnh vực xây dựng; thông qua phương án đơn giản hóa 2 TTHC; 1 quyết định công bố TTHC đúng hạn. "
        "100% TTHC giải quyết đúng hạn, trong đó 96,49% sớm hạn (bài báo chỉ nêu tỷ lệ, không nêu số hồ sơ).",
    )


def build_lang_son() -> None:
    province = _province("LS", "Lạng Sơn")
    group = get_group(
        province=province,
        code="huyen",
        name="Khối UBND cấp huyện",
        kind=AgencyGroup.Kind.DISTRICT,
        order=2,
        valid_to=datetime.date(2025, 6, 30),
    )
    huu_lung = get_agency(
        province=province,
        name="UBND huyện Hữu Lũng",
        short_name="Hữu Lũng",
        kind=Agency.Kind.DISTRICT,
        group=group,
        valid_to=datetime.date(2025, 6, 30),
    )
    framework = _seed_framework(
        province=province,
        group=group,
        year=2022,
        name="Bộ chỉ số CCHC khối UBND cấp huyện năm 2022 (chỉ phần đã công bố)",
    )
    IndexResult.objects.get_or_create(
        framework=framework,
        agency=huu_lung,
        defaults={
            "is_published": True,
            "is_illustrative": False,
            "published_rank": 4,
            "group_size": 11,
            "published_raw": {
                "source": SOURCE_003,
                "rank_label": "04/11",
                "tasks": "24/24 nhiệm vụ đạt 100% kế hoạch",
            },
        },
    )
    _stat(
        huu_lung,
        PeriodType.YEAR,
        datetime.date(2022, 1, 1),
        datetime.date(2022, 12, 31),
        resolved_on_time=110274,
        resolved_late=0,
        received_online=34113,
        online_services_total=88,
        online_services_with_dossiers=82,
        simplified_reviewed=37,
        simplified=19,
        simplified_days_before=230,
        simplified_days_after=154,
        on_time_formula=ProcedureStat.OnTimeFormula.RESOLVED,
        source=SOURCE_003,
        note="Tỷ lệ giải quyết hồ sơ đúng hạn thuộc thẩm quyền 110.274/110.274 (100%); tiếp nhận trực tuyến 34.113 hồ sơ "
        "(DVCTT mức độ 3, 4); 82/88 DVCTT phát sinh hồ sơ, vượt 13,8% chỉ tiêu của UBND tỉnh; đề nghị cắt giảm "
        "19/37 TTHC từ 230 ngày xuống 154 ngày (giảm 76 ngày).",
    )
    members = [
        ("Lãnh đạo chuyên trách Ban Kinh tế - Ngân sách", "HĐND tỉnh Lạng Sơn"),
        ("Lãnh đạo chuyên trách Ban Pháp chế", "HĐND tỉnh Lạng Sơn"),
        ("Tổ trưởng Tổ đại biểu HĐND tỉnh tại huyện Hữu Lũng", "HĐND tỉnh Lạng Sơn"),
        ("Đại diện lãnh đạo Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban MTTQ Việt Nam tỉnh Lạng Sơn"),
        ("Đại diện Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh Lạng Sơn"),
        ("Đại diện Sở Nội vụ", "Sở Nội vụ tỉnh Lạng Sơn"),
    ]
    recommendations = [
        "Tăng cường công tác lãnh đạo, chỉ đạo về thực hiện CCHC.",
        "Rà soát kế hoạch triển khai thực hiện nhiệm vụ CCHC năm 2023, xây dựng chỉ tiêu cụ thể trong năm.",
        "Tăng cường công tác kiểm tra việc thực hiện CCHC.",
        "Chú trọng đổi mới công tác tuyên truyền về CCHC.",
        "Thực hiện chuyển đổi số và xây dựng chính quyền điện tử, chính quyền số.",
        "Tiếp tục nghiên cứu, đề xuất cải cách, cắt giảm thời gian, quy trình, hồ sơ giải quyết TTHC, nhất là lĩnh vực đất đai, xây dựng.",
        "Có giải pháp nâng cao mức độ hài lòng của người dân và doanh nghiệp về sự phục vụ của cơ quan hành chính nhà nước.",
        "Tiếp tục quan tâm đầu tư cơ sở vật chất, bố trí nơi làm việc bộ phận “một cửa” của UBND huyện khang trang hơn.",
        "Tiếp tục rà soát, sắp xếp cơ quan, tổ chức hành chính và đơn vị sự nghiệp công lập.",
        "Tiếp tục đào tạo, nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức trong thực hiện nhiệm vụ và thực hiện CCHC.",
    ]
    follow_up = [(datetime.date(2023, 12, 31), DONE, datetime.date(2023, 12, 5))] * 4 + [
        (datetime.date(2023, 12, 31), IN_PROGRESS, None),
        (datetime.date(2024, 6, 30), IN_PROGRESS, None),
        (datetime.date(2023, 12, 31), IN_PROGRESS, None),
        (datetime.date(2024, 12, 31), NOT_STARTED, None),
        (datetime.date(2024, 6, 30), DONE, datetime.date(2024, 4, 18)),
        (None, IN_PROGRESS, None),
    ]
    create_plan(
        province=province,
        number="GS-CCHC/TTHĐND-2023",
        date=datetime.date(2023, 2, 20),
        issuer="Thường trực HĐND tỉnh Lạng Sơn",
        year=2023,
        kind=InspectionKind.HDND_SUPERVISION,
        subject=(
            "Tình hình, kết quả thực hiện Nghị quyết 60-NQ/TU ngày 15/12/2021 của Ban Thường vụ Tỉnh ủy về đẩy mạnh "
            "CCHC giai đoạn 2021-2030 và Kế hoạch 249/KH-UBND ngày 29/12/2021 của UBND tỉnh về CCHC nhà nước "
            "giai đoạn 2021-2025"
        ),
        is_illustrative=True,
        agencies={"hl": huu_lung},
        visits=[
            VisitSpec(
                date=datetime.date(2023, 3, 13),
                agencies=["hl"],
                lead_name="Đoàn Thị Hậu",
                lead_position="Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch HĐND tỉnh Lạng Sơn",
                summary=(
                    f"Đoàn giám sát của Thường trực HĐND tỉnh giám sát chuyên đề tại UBND huyện Hữu Lũng. Nguồn: {SOURCE_003}. "
                    "Số kế hoạch giám sát, thời hạn và tiến độ kiến nghị là minh họa."
                ),
                members=members,
                findings=[
                    (
                        ACH,
                        "Năm 2022, UBND huyện có 24/24 nhiệm vụ đạt 100% kế hoạch đề ra.",
                        None,
                        "",
                    ),
                    (
                        ACH,
                        "Chỉ số CCHC năm 2022 đứng thứ 04/11 so với các huyện trong toàn tỉnh; có sáng kiến trong công tác CCHC.",
                        None,
                        "",
                    ),
                    (
                        ACH,
                        "Rà soát 37 TTHC, đề nghị cắt giảm 19/37 TTHC từ 230 ngày xuống 154 ngày (giảm 76 ngày).",
                        None,
                        "",
                    ),
                    (
                        ACH,
                        "Tỷ lệ giải quyết hồ sơ đúng hạn thuộc thẩm quyền 110.274/110.274 hồ sơ, đạt 100%.",
                        None,
                        Finding.ProcedureIndicator.ON_TIME,
                    ),
                    (
                        ACH,
                        "Tiếp nhận trực tuyến 34.113 hồ sơ; tỷ lệ DVCTT phát sinh hồ sơ 82/88, vượt 13,8% theo quyết định của UBND tỉnh.",
                        None,
                        Finding.ProcedureIndicator.ONLINE_SERVICES,
                    ),
                    (
                        ACH,
                        "Kiểm tra công tác CCHC và thi đua khen thưởng tại 14 đơn vị cấp xã, cơ quan chuyên môn của huyện.",
                        None,
                        "",
                    ),
                    (
                        SHORT,
                        "Mức độ hài lòng của người dân, doanh nghiệp đối với sự phục vụ hành chính của cơ quan nhà nước còn thấp.",
                        None,
                        Finding.ProcedureIndicator.SATISFACTION,
                    ),
                    (
                        SHORT,
                        "Còn khó khăn trong số hóa hồ sơ.",
                        None,
                        Finding.ProcedureIndicator.DIGITISATION,
                    ),
                    (
                        SHORT,
                        "Đoàn đề nghị làm rõ công tác kiểm tra CCHC, mô hình, sáng kiến mới, cơ chế, nguồn lực thực hiện CCHC, tự chủ tại đơn vị sự nghiệp công lập và phổ biến, giáo dục pháp luật.",
                        None,
                        "",
                    ),
                ],
                recommendations=[
                    (text, deadline, status, completed, {6: 6, 4: 7}.get(i))
                    for i, (text, (deadline, status, completed)) in enumerate(
                        zip(recommendations, follow_up, strict=True)
                    )
                ],
            )
        ],
    )


def build_seeds() -> None:
    build_thai_binh()
    build_ha_giang()
    build_lang_son()
