"""Seed 003 (HĐND Lạng Sơn): UBND huyện Hữu Lũng in 2022, ranked 4th of 11, 110,274 of
110,274 dossiers on time, 34,113 received online, 82 of 88 online services with dossiers,
19 of 37 TTHC cut from 230 to 154 days; the HĐND supervision of 13/3/2023 and its
recommendations."""

import datetime

from agencies.models import Agency, AgencyGroup
from indicators.models import IndexResult, PeriodType, ProcedureStat
from inspections.models import Finding, InspectionKind

from ..agencies import get_agency, get_group
from ..inspection_plans import ACH, DONE, IN_PROGRESS, NOT_STARTED, SHORT, VisitSpec, create_plan
from .rows import framework_shell, province_row, stat_row

SOURCE_003 = (
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh Lạng Sơn, bài “Thường trực HĐND tỉnh giám sát chuyên "
    "đề tình hình thực hiện cải cách hành chính tại huyện Hữu Lũng” (15/3/2023)"
)


def build_lang_son() -> None:
    province = province_row("LS", "Lạng Sơn")
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
    framework = framework_shell(
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
    stat_row(
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
        note=(
            "Tỷ lệ giải quyết hồ sơ đúng hạn thuộc thẩm quyền 110.274/110.274 (100%); tiếp "
            "nhận trực tuyến 34.113 hồ sơ (DVCTT mức độ 3, 4); 82/88 DVCTT phát sinh hồ sơ, "
            "vượt 13,8% chỉ tiêu của UBND tỉnh; đề nghị cắt giảm 19/37 TTHC từ 230 ngày "
            "xuống 154 ngày (giảm 76 ngày)."
        ),
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
        "Rà soát kế hoạch triển khai thực hiện nhiệm vụ CCHC năm 2023, xây dựng chỉ tiêu "
        "cụ thể trong năm.",
        "Tăng cường công tác kiểm tra việc thực hiện CCHC.",
        "Chú trọng đổi mới công tác tuyên truyền về CCHC.",
        "Thực hiện chuyển đổi số và xây dựng chính quyền điện tử, chính quyền số.",
        "Tiếp tục nghiên cứu, đề xuất cải cách, cắt giảm thời gian, quy trình, hồ sơ "
        "giải quyết TTHC, nhất là lĩnh vực đất đai, xây dựng.",
        "Có giải pháp nâng cao mức độ hài lòng của người dân và doanh nghiệp về sự phục "
        "vụ của cơ quan hành chính nhà nước.",
        "Tiếp tục quan tâm đầu tư cơ sở vật chất, bố trí nơi làm việc bộ phận “một cửa” "
        "của UBND huyện khang trang hơn.",
        "Tiếp tục rà soát, sắp xếp cơ quan, tổ chức hành chính và đơn vị sự nghiệp công lập.",
        "Tiếp tục đào tạo, nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức "
        "trong thực hiện nhiệm vụ và thực hiện CCHC.",
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
            "Tình hình, kết quả thực hiện Nghị quyết 60-NQ/TU ngày 15/12/2021 của Ban "
            "Thường vụ Tỉnh ủy về đẩy mạnh CCHC giai đoạn 2021-2030 và Kế hoạch "
            "249/KH-UBND ngày 29/12/2021 của UBND tỉnh về CCHC nhà nước giai đoạn "
            "2021-2025"
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
                    "Đoàn giám sát của Thường trực HĐND tỉnh giám sát chuyên đề tại UBND "
                    f"huyện Hữu Lũng. Nguồn: {SOURCE_003}. Số kế hoạch giám sát, thời hạn "
                    "và tiến độ kiến nghị là minh họa."
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
                        "Chỉ số CCHC năm 2022 đứng thứ 04/11 so với các huyện trong toàn "
                        "tỉnh; có sáng kiến trong công tác CCHC.",
                        None,
                        "",
                    ),
                    (
                        ACH,
                        "Rà soát 37 TTHC, đề nghị cắt giảm 19/37 TTHC từ 230 ngày xuống "
                        "154 ngày (giảm 76 ngày).",
                        None,
                        "",
                    ),
                    (
                        ACH,
                        "Tỷ lệ giải quyết hồ sơ đúng hạn thuộc thẩm quyền "
                        "110.274/110.274 hồ sơ, đạt 100%.",
                        None,
                        Finding.ProcedureIndicator.ON_TIME,
                    ),
                    (
                        ACH,
                        "Tiếp nhận trực tuyến 34.113 hồ sơ; tỷ lệ DVCTT phát sinh hồ sơ "
                        "82/88, vượt 13,8% theo quyết định của UBND tỉnh.",
                        None,
                        Finding.ProcedureIndicator.ONLINE_SERVICES,
                    ),
                    (
                        ACH,
                        "Kiểm tra công tác CCHC và thi đua khen thưởng tại 14 đơn vị cấp "
                        "xã, cơ quan chuyên môn của huyện.",
                        None,
                        "",
                    ),
                    (
                        SHORT,
                        "Mức độ hài lòng của người dân, doanh nghiệp đối với sự phục vụ "
                        "hành chính của cơ quan nhà nước còn thấp.",
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
                        "Đoàn đề nghị làm rõ công tác kiểm tra CCHC, mô hình, sáng kiến "
                        "mới, cơ chế, nguồn lực thực hiện CCHC, tự chủ tại đơn vị sự "
                        "nghiệp công lập và phổ biến, giáo dục pháp luật.",
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
