"""Seed 001 (Sở Nội vụ Thái Bình): the inspection of 25/10/2022 at Sở Xây dựng and Sở GTVT
under Kế hoạch 1296/KH-SNV ngày 27/6/2022, with both departments' TTHC and dossier counts."""

import datetime

from agencies.models import Agency, AgencyGroup
from indicators.models import PeriodType, ProcedureStat
from inspections.models import Finding, InspectionKind

from ..agencies import get_agency, get_group
from ..inspection_plans import ACH, DONE, IN_PROGRESS, SHORT, VisitSpec, create_plan
from .rows import province_row, stat_row

SOURCE_001 = (
    "Sở Nội vụ tỉnh Thái Bình, bài “Sở Nội vụ phối hợp với các sở, ngành liên quan tổ chức "
    "kiểm tra công tác cải cách hành chính tại Sở Xây dựng và Sở Giao thông - Vận tải” (Tô "
    "Dậu)"
)
# "Đến thời điểm báo cáo": the article does not date the report; the visit was on 25/10.
REPORT_DATE_001 = datetime.date(2022, 10, 20)


def build_thai_binh() -> None:
    # Thái Bình merged into Hưng Yên on 01/07/2025 (NQ 202/2025/QH15).
    province = province_row("TB", "Thái Bình", valid_to=datetime.date(2025, 6, 30))
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
    note = (
        "Từ 01/01/2022 đến thời điểm báo cáo (bài báo không nêu ngày; ghi ~20/10/2022). "
        f"Nguồn: {SOURCE_001}."
    )
    stat_row(
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
        note=(
            "37 thủ tục liên thông = 14 cùng cấp + 23 giữa các cấp. 1.668 hồ sơ giải quyết "
            "đúng và trước hạn (bài báo không tách trước hạn). Bài báo chỉ nêu tổng 1.713 hồ "
            f"sơ tiếp nhận. {note}"
        ),
    )
    stat_row(
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
        note=(
            "15.726 hồ sơ = 15.383 mới tiếp nhận + 343 từ kỳ trước; 15.706 đúng và trước "
            "hạn; 20 đang giải quyết (trong hạn); không có phản ánh, kiến nghị. Rút ngắn "
            f"thời gian giải quyết 03 TTHC. {note}"
        ),
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
                    "Sở Nội vụ phối hợp với Văn phòng UBND tỉnh, Sở Thông tin và Truyền "
                    "thông, Sở Tư pháp kiểm tra công tác CCHC tại Sở Xây dựng (làm việc "
                    "với ông Đào Duy Thái, Phó Giám đốc Sở) và Sở Giao thông – Vận tải "
                    "(làm việc với ông Chu Tiến Dũng, Phó Giám đốc Sở) theo Kế hoạch số "
                    f"1296/KH-SNV ngày 27/6/2022. Nguồn: {SOURCE_001}. Thời hạn và tiến "
                    "độ kiến nghị là minh họa."
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
                        "Các nhiệm vụ CCHC được Đảng ủy, Ban Giám đốc quan tâm chỉ đạo "
                        "thực hiện đồng bộ, hiệu quả.",
                        None,
                        "",
                        "xd",
                    ),
                    (
                        ACH,
                        "Tổng số TTHC đang thực hiện là 56, trong đó có 37 thủ tục liên "
                        "thông (14 liên thông cùng cấp và 23 liên thông giữa các cấp).",
                        None,
                        "",
                        "xd",
                    ),
                    (
                        ACH,
                        "Từ 01/01/2022 đến thời điểm báo cáo tiếp nhận 1.713 hồ sơ TTHC, "
                        "giải quyết đúng và trước hạn 1.668 hồ sơ, không có hồ sơ quá "
                        "hạn, đang giải quyết 45 hồ sơ (trong hạn).",
                        None,
                        Finding.ProcedureIndicator.ON_TIME,
                        "xd",
                    ),
                    (
                        ACH,
                        "Ban hành nhiều văn bản chỉ đạo, triển khai CCHC trên tất cả các "
                        "lĩnh vực, đặc biệt lĩnh vực cải cách TTHC.",
                        None,
                        "",
                        "gt",
                    ),
                    (
                        ACH,
                        "Tổng số TTHC đang thực hiện là 123, trong đó có 26 TTHC mức độ "
                        "3 và 62 TTHC mức độ 4; tham mưu công bố 06 TTHC mới, 13 TTHC "
                        "sửa đổi, bổ sung; rút ngắn thời gian giải quyết 03 TTHC.",
                        None,
                        "",
                        "gt",
                    ),
                    (
                        ACH,
                        "Tiếp nhận 15.726 hồ sơ (15.383 mới, 343 từ kỳ trước chuyển "
                        "qua); giải quyết đúng và trước hạn 15.706, đang giải quyết 20 "
                        "(trong hạn), không có hồ sơ quá hạn; không nhận được phản ánh, "
                        "kiến nghị.",
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
                                "Cơ sở dữ liệu của một số cơ quan chuyên môn chưa đầy đủ "
                                "dẫn đến khó khăn trong tiếp nhận và giải quyết hồ sơ "
                                "TTHC.",
                                "",
                            ),
                            (
                                "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ thấp "
                                "hơn yêu cầu đề ra (theo quy định phải đạt tối thiểu "
                                "80%).",
                                Finding.ProcedureIndicator.ONLINE_SERVICES,
                            ),
                            (
                                "Chế độ thông tin báo cáo cải cách hành chính định kỳ đã "
                                "được thực hiện nhưng còn chậm tiến độ.",
                                "",
                            ),
                        )
                    ],
                ],
                recommendations=[
                    (
                        "Tập trung chỉ đạo khắc phục những tồn tại, hạn chế mà Đoàn kiểm "
                        "tra đưa ra.",
                        datetime.date(2022, 12, 31),
                        DONE,
                        datetime.date(2022, 12, 15),
                        6,
                        "xd",
                    ),
                    (
                        "Tập trung chỉ đạo khắc phục những tồn tại, hạn chế mà Đoàn kiểm "
                        "tra đưa ra.",
                        datetime.date(2022, 12, 31),
                        DONE,
                        datetime.date(2022, 12, 20),
                        10,
                        "gt",
                    ),
                    (
                        "Nâng tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ đạt tối "
                        "thiểu 80% (theo định hướng của Đoàn kiểm tra).",
                        datetime.date(2023, 6, 30),
                        IN_PROGRESS,
                        None,
                        8,
                        "xd",
                    ),
                    (
                        "Nâng tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ đạt tối "
                        "thiểu 80% (theo định hướng của Đoàn kiểm tra).",
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
