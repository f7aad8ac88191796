"""Sở Nội vụ's inspections of Hà Tĩnh's agencies, 2024–2025: illustrative, so that the
follow-up screens (overdue, updates, confirmation) have data to show."""

import datetime

from inspections.models import (
    Finding,
    InspectionKind,
    Visit,
)

from .agencies import DemoProvince
from .inspection_plans import (
    ACH,
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    SHORT,
    VisitSpec,
    create_plan,
)


def _noivu_visit(date, agencies, findings, recommendations, **extra) -> VisitSpec:
    return VisitSpec(
        date=date,
        agencies=agencies,
        lead_name="Nguyễn Văn Hòa",
        lead_position="Phó Giám đốc Sở Nội vụ (minh họa)",
        members=[
            ("Lê Thị Minh", "Trưởng phòng Cải cách hành chính, Sở Nội vụ"),
            ("Phan Đức Long", "Đại diện Sở Tư pháp"),
            ("Trần Thị Hạnh", "Đại diện Văn phòng UBND tỉnh"),
        ],
        summary=(
            "Đợt kiểm tra minh họa do load_demo tạo, để các màn hình theo dõi kiến nghị có dữ liệu."
        ),
        findings=findings,
        recommendations=recommendations,
        is_illustrative=True,
        **extra,
    )


NOIVU_PLANS = [
    (
        "215/KH-SNV",
        datetime.date(2024, 3, 5),
        2024,
        [
            _noivu_visit(
                datetime.date(2024, 5, 14),
                ["congthuong"],
                [
                    (
                        ACH,
                        "Ban hành kế hoạch CCHC năm đúng thời hạn, xác định rõ sản phẩm.",
                        "1.1.1",
                        "",
                    ),
                    (
                        SHORT,
                        "Tỷ lệ hồ sơ nộp trực tuyến mới đạt khoảng 38%, thấp hơn chỉ tiêu 50%.",
                        "3.4.2",
                        Finding.ProcedureIndicator.ONLINE,
                    ),
                    (
                        SHORT,
                        "Chưa số hóa kết quả giải quyết TTHC của các năm trước.",
                        "7.3.1",
                        Finding.ProcedureIndicator.DIGITISATION,
                    ),
                ],
                [
                    (
                        "Xây dựng giải pháp nâng tỷ lệ hồ sơ nộp trực tuyến đạt tối "
                        "thiểu 50% trong năm 2024.",
                        datetime.date(2024, 12, 31),
                        DONE,
                        datetime.date(2024, 12, 20),
                        1,
                    ),
                    (
                        "Hoàn thành số hóa kết quả giải quyết TTHC còn hiệu lực.",
                        datetime.date(2025, 6, 30),
                        IN_PROGRESS,
                        None,
                        2,
                    ),
                ],
            ),
            _noivu_visit(
                datetime.date(2024, 6, 20),
                ["huongkhe"],
                [
                    (
                        ACH,
                        "100% xã, thị trấn có Bộ phận một cửa hoạt động theo quy định.",
                        "3.3.1",
                        "",
                    ),
                    (
                        SHORT,
                        "Còn 37 hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi người dân.",
                        "3.3.3",
                        Finding.ProcedureIndicator.ON_TIME,
                    ),
                ],
                [
                    (
                        "Thực hiện xin lỗi người dân, tổ chức đối với 100% hồ sơ trễ hạn.",
                        datetime.date(2024, 9, 30),
                        DONE,
                        datetime.date(2024, 9, 12),
                        1,
                    ),
                    (
                        "Kiểm tra việc giải quyết TTHC tại UBND các xã có tỷ lệ trễ hạn cao.",
                        datetime.date(2024, 12, 31),
                        IN_PROGRESS,
                        None,
                        1,
                    ),
                ],
            ),
            _noivu_visit(
                datetime.date(2024, 9, 10),
                ["yte", "ldtbxh"],
                [
                    (
                        SHORT,
                        "Kế hoạch đào tạo, bồi dưỡng công chức thực hiện chưa đạt 80%.",
                        "5.4.2",
                        "",
                        "yte",
                    ),
                    (
                        SHORT,
                        "Chưa phê duyệt hồ sơ cấp độ an toàn hệ thống thông tin.",
                        "7.5.1",
                        "",
                        "ldtbxh",
                    ),
                    (
                        ACH,
                        "Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 99%.",
                        "3.3.2",
                        Finding.ProcedureIndicator.ON_TIME,
                        "ldtbxh",
                    ),
                ],
                [
                    (
                        "Hoàn thành kế hoạch đào tạo, bồi dưỡng năm 2024.",
                        datetime.date(2024, 12, 31),
                        IN_PROGRESS,
                        None,
                        0,
                        "yte",
                    ),
                    (
                        "Phê duyệt hồ sơ cấp độ an toàn hệ thống thông tin trước khi hợp nhất.",
                        datetime.date(2025, 2, 15),
                        DONE,
                        datetime.date(2025, 2, 10),
                        1,
                        "ldtbxh",
                    ),
                ],
            ),
        ],
    ),
    (
        "168/KH-SNV",
        datetime.date(2025, 3, 20),
        2025,
        [
            _noivu_visit(
                datetime.date(2025, 9, 16),
                ["xaydung"],
                [
                    (
                        ACH,
                        "Hoàn thành tiếp nhận chức năng, nhiệm vụ lĩnh vực giao thông "
                        "vận tải sau hợp nhất, không gián đoạn giải quyết TTHC.",
                        "4.1.2",
                        "",
                    ),
                    (
                        SHORT,
                        "Danh mục TTHC sau hợp nhất chưa được cập nhật đầy đủ trên CSDL "
                        "quốc gia về TTHC.",
                        "3.1.2",
                        "",
                    ),
                    (
                        SHORT,
                        "Tỷ lệ thanh toán trực tuyến lĩnh vực giao thông còn thấp.",
                        "3.4.4",
                        "",
                    ),
                ],
                [
                    (
                        "Cập nhật đầy đủ danh mục TTHC sau hợp nhất trên CSDL quốc gia về TTHC.",
                        datetime.date(2025, 12, 31),
                        IN_PROGRESS,
                        None,
                        1,
                    ),
                    (
                        "Triển khai thanh toán trực tuyến cho các TTHC lĩnh vực đường bộ "
                        "có nghĩa vụ tài chính.",
                        datetime.date(2026, 12, 31),
                        NOT_STARTED,
                        None,
                        2,
                    ),
                ],
            ),
            _noivu_visit(
                datetime.date(2025, 10, 8),
                ["xa0"],
                [
                    (
                        SHORT,
                        "Bộ phận một cửa của phường chưa niêm yết đầy đủ TTHC theo mô "
                        "hình chính quyền hai cấp.",
                        "3.1.3",
                        "",
                    ),
                ],
                [
                    (
                        "Niêm yết đầy đủ, đúng quy định các TTHC thuộc thẩm quyền của phường.",
                        datetime.date(2025, 11, 30),
                        DONE,
                        datetime.date(2025, 11, 20),
                        0,
                    ),
                    (
                        "Bố trí công chức Bộ phận một cửa đủ về số lượng theo vị trí việc làm.",
                        datetime.date(2026, 12, 31),
                        IN_PROGRESS,
                        None,
                        None,
                    ),
                ],
                mode=Visit.Mode.ONLINE,
                announced=False,
            ),
        ],
    ),
]


def build_inspections(demo: DemoProvince) -> None:
    agencies = {**demo.agencies, "ubnd_tinh": demo.ubnd_tinh}
    for number, date, year, visits in NOIVU_PLANS:
        create_plan(
            province=demo.province,
            number=number,
            date=date,
            issuer="Sở Nội vụ tỉnh Hà Tĩnh",
            year=year,
            kind=InspectionKind.NOIVU_CCHC,
            subject=f"Kiểm tra công tác cải cách hành chính năm {year}",
            visits=visits,
            agencies=agencies,
            issuing_agency=demo.agencies["noivu"],
            is_illustrative=True,
        )
