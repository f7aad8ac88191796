"""Hà Tĩnh's two HĐND supervisions of 2023, from the seed articles.

Seed 000 (Báo Hà Tĩnh): the HĐND supervision team at Sở Xây dựng on 18/10/2023.
Seed 002: the same team at UBND tỉnh on 28/11/2023, topic "Công tác cải cách hành chính
trên địa bàn tỉnh giai đoạn 2021 – 2023". Findings and recommendations are the articles'
words; the plan number, recommendation deadlines and follow-up are illustrative (the
articles do not give them), and say so.
"""

import datetime

from inspections.models import (
    Finding,
    InspectionKind,
)

from .agencies import DemoProvince
from .inspection_plans import (
    ACH,
    DONE,
    FOLLOW_UP_NOTE,
    IN_PROGRESS,
    NOT_STARTED,
    SHORT,
    VisitSpec,
    create_plan,
)

SOURCE_000 = (
    "Nguồn: Báo Hà Tĩnh (baohatinh.vn), “Sở Xây dựng cần từng bước nâng điểm các chỉ số bị "
    "tụt hạng”."
)
SOURCE_002 = (
    "Nguồn: bài “Công tác cải cách hành chính đạt nhiều kết quả quan trọng trên tất cả các "
    "lĩnh vực” (Quỳnh Chi)."
)

SUPERVISION_SXD = VisitSpec(
    date=datetime.date(2023, 10, 18),
    agencies=["xaydung"],
    lead_name="Trần Tú Anh",
    lead_position="Phó Chủ tịch Thường trực HĐND tỉnh",
    summary=(
        "Đoàn giám sát của HĐND tỉnh giám sát chuyên đề công tác cải cách hành chính tại "
        "Sở Xây dựng (bài báo ghi giai đoạn 2020 – 2023; số liệu từ 01/01/2021 đến "
        "31/8/2023). Phó Chủ tịch Thường trực HĐND tỉnh Trần Tú Anh và Trưởng ban Pháp "
        "chế HĐND tỉnh Nguyễn Thị Nhuần chủ trì. Sở Xây dựng đang xếp 13/17 đơn vị cấp "
        f"tỉnh về Chỉ số CCHC. {SOURCE_000} {FOLLOW_UP_NOTE}"
    ),
    members=[
        ("Nguyễn Thị Nhuần", "Trưởng ban Pháp chế HĐND tỉnh (đồng chủ trì)"),
        ("Trần Đình Gia", "Phó Trưởng đoàn chuyên trách Đoàn ĐBQH tỉnh Hà Tĩnh (dự)"),
        ("Dương Văn Tuấn", "Phó Giám đốc Sở Thông tin và Truyền thông"),
    ],
    findings=[
        (
            ACH,
            "Đã rà soát, cắt giảm, đơn giản hóa thủ tục hành chính; nhiều thủ tục được "
            "rút ngắn thời gian giải quyết từ 5 – 10 ngày.",
            "3.2.2",
            "",
        ),
        (
            ACH,
            "100% thủ tục hành chính thuộc thẩm quyền giải quyết của Sở được niêm yết "
            "công khai tại Trung tâm Phục vụ hành chính công tỉnh.",
            "3.1.3",
            "",
        ),
        (
            ACH,
            "Trong giai đoạn 2021 – 2023, Sở Xây dựng không phát sinh hồ sơ trễ hạn.",
            "3.3.2",
            Finding.ProcedureIndicator.ON_TIME,
        ),
        (
            ACH,
            "Công tác chỉ đạo, điều hành, tuyên truyền và triển khai các văn bản của cấp "
            "trên về cải cách TTHC được quan tâm; thường xuyên cử công chức tham gia đào "
            "tạo, bồi dưỡng.",
            "5.4.2",
            "",
        ),
        (
            SHORT,
            "Chỉ số CCHC của Sở đang xếp 13/17 đơn vị cấp tỉnh; một số chỉ số bị tụt hạng.",
            None,
            "",
        ),
        (
            SHORT,
            "Cần đẩy mạnh chuyển đổi số; xây dựng và phát triển chính quyền điện tử, "
            "chính quyền số (ý kiến Phó Giám đốc Sở TT&TT Dương Văn Tuấn).",
            "7.1.2",
            "",
        ),
        (
            SHORT,
            "Cần đẩy mạnh mô hình, sáng kiến trong cải cách hành chính và tăng cường "
            "phối hợp với các sở, ngành, địa phương trong thực hiện TTHC.",
            "1.5.1",
            "",
        ),
    ],
    recommendations=[
        (
            "Tiếp thu các ý kiến góp ý của Đoàn giám sát; phân tích, làm rõ nguyên nhân "
            "hạn chế, tồn tại để kịp thời khắc phục, từng bước nâng điểm các chỉ số đang "
            "bị tụt hạng.",
            datetime.date(2024, 6, 30),
            DONE,
            datetime.date(2024, 5, 20),
            4,
        ),
        (
            "Đẩy mạnh công tác tuyên truyền; phối hợp với các sở, ban, ngành, địa phương "
            "trong triển khai thủ tục hành chính.",
            datetime.date(2024, 12, 31),
            DONE,
            datetime.date(2024, 12, 10),
            6,
        ),
        (
            "Hoàn thiện các thủ tục hành chính và công khai, minh bạch để tổ chức và "
            "người dân nắm bắt.",
            datetime.date(2024, 6, 30),
            IN_PROGRESS,
            None,
            None,
        ),
        (
            "Củng cố nhân lực, nâng cao nhận thức và thể hiện vai trò, trách nhiệm của "
            "cán bộ, công chức trong việc thực hiện cải cách hành chính.",
            datetime.date(2024, 12, 31),
            IN_PROGRESS,
            None,
            None,
        ),
        (
            "Chú trọng công tác Đảng, công tác chính trị tư tưởng trong cơ quan, đơn vị, "
            "xem đây là nhiệm vụ trọng tâm để làm tốt hơn công tác cải cách hành chính.",
            None,
            NOT_STARTED,
            None,
            None,
        ),
    ],
)

SUPERVISION_UBND = VisitSpec(
    date=datetime.date(2023, 11, 28),
    agencies=["ubnd_tinh"],
    lead_name="Trần Tú Anh",
    lead_position="Phó Chủ tịch Thường trực HĐND tỉnh",
    summary=(
        "Đoàn giám sát cải cách hành chính của HĐND tỉnh làm việc với UBND tỉnh về “Công "
        "tác cải cách hành chính trên địa bàn tỉnh giai đoạn 2021 – 2023”. Chủ tịch UBND "
        "tỉnh Võ Trọng Hải và Phó Chủ tịch Thường trực HĐND tỉnh Trần Tú Anh chủ trì; dự "
        "có Phó Chủ tịch Thường trực UBND tỉnh Nguyễn Hồng Lĩnh. Phó Giám đốc Sở Nội vụ "
        f"Cù Huy Cẩm báo cáo kết quả CCHC giai đoạn 2021 – 2023. {SOURCE_002} "
        f"{FOLLOW_UP_NOTE}"
    ),
    members=[("Trần Văn Kỳ", "Phó Chủ tịch HĐND tỉnh")],
    findings=[
        (
            ACH,
            "Giai đoạn 2021 – 2023, các chỉ số CCHC, PCI, SIPAS, PAPI của Hà Tĩnh luôn "
            "nằm trong nhóm khá của cả nước và nhóm dẫn đầu khu vực Bắc Trung bộ.",
            None,
            "",
        ),
        (
            ACH,
            "UBND tỉnh đã kiểm tra, thẩm định xác định chỉ số CCHC tại các cơ quan, đơn "
            "vị, địa phương hơn 129 lượt; thực hiện 6 cuộc thanh tra công vụ tại 3 sở, "
            "ngành cấp tỉnh và 3 UBND cấp huyện.",
            None,
            "",
        ),
        (
            ACH,
            "100% đơn vị, địa phương có sáng kiến cấp cơ sở về CCHC; 12 sáng kiến tiêu "
            "biểu được trình Hội đồng thẩm định CCHC Trung ương, đạt điểm tối đa tiêu "
            "chí sáng kiến năm 2021, 2022.",
            None,
            "",
        ),
        (
            ACH,
            "Thành lập bộ phận một cửa tại 216/216 xã, phường, thị trấn; Trung tâm Phục "
            "vụ hành chính công tỉnh và trung tâm hành chính công tại 13/13 huyện, thành "
            "phố, thị xã.",
            None,
            "",
        ),
        (
            SHORT,
            "Công tác tự kiểm tra định kỳ, đột xuất về CCHC tại một số đơn vị, địa "
            "phương chưa kịp thời và chưa thường xuyên.",
            None,
            "",
        ),
        (
            SHORT,
            "Còn hiện tượng cán bộ, công chức làm thay, làm hộ người dân để đảm bảo đạt "
            "tỷ lệ hồ sơ trực tuyến theo quy định.",
            None,
            Finding.ProcedureIndicator.ONLINE,
        ),
        (
            SHORT,
            "Một số cơ quan chưa chủ động thực hiện việc lập đề nghị xây dựng dự thảo văn bản.",
            None,
            "",
        ),
        (
            SHORT,
            "Việc rà soát, đơn giản hóa TTHC còn vướng mắc, bất cập; hiệu quả tạo thuận "
            "lợi cho cá nhân, tổ chức chưa cao.",
            None,
            "",
        ),
    ],
    recommendations=[
        (
            "Nâng cao trách nhiệm của các cấp, ngành đối với công tác CCHC, đặc biệt là "
            "trách nhiệm của người đứng đầu cấp ủy địa phương, cơ quan, đơn vị.",
            datetime.date(2024, 12, 31),
            DONE,
            datetime.date(2024, 11, 15),
            4,
        ),
        (
            "Tích cực hướng dẫn, khuyến khích doanh nghiệp, tổ chức, cá nhân thực hiện "
            "việc giải quyết TTHC qua dịch vụ công trực tuyến.",
            datetime.date(2024, 12, 31),
            IN_PROGRESS,
            None,
            5,
        ),
        (
            "Xây dựng đội ngũ cán bộ, công chức, viên chức đảm bảo tiêu chuẩn, chức danh "
            "theo quy định.",
            datetime.date(2025, 6, 30),
            IN_PROGRESS,
            None,
            None,
        ),
        (
            "Triển khai ứng dụng hiệu quả nền tảng tích hợp, chia sẻ dùng chung cấp "
            "tỉnh, kết nối liên thông với nền tảng tích hợp và chia sẻ quốc gia, bảo đảm "
            "đồng bộ các hệ thống dữ liệu quốc gia.",
            datetime.date(2025, 12, 31),
            NOT_STARTED,
            None,
            None,
        ),
        (
            "Giữ vững các chỉ số CCHC đang đứng ở vị trí đầu; những chỉ số chưa cao phải "
            "phấn đấu lên cao hơn.",
            None,
            IN_PROGRESS,
            None,
            None,
        ),
    ],
)


def build_supervisions(demo: DemoProvince) -> None:
    agencies = {**demo.agencies, "ubnd_tinh": demo.ubnd_tinh}
    create_plan(
        province=demo.province,
        number="GS-CCHC/HĐND-2023",
        date=datetime.date(2023, 9, 5),
        issuer="Hội đồng nhân dân tỉnh Hà Tĩnh",
        year=2023,
        kind=InspectionKind.HDND_SUPERVISION,
        subject="Công tác cải cách hành chính trên địa bàn tỉnh giai đoạn 2021–2023",
        visits=[SUPERVISION_SXD, SUPERVISION_UBND],
        agencies=agencies,
        criteria_year=2023,
        is_illustrative=True,
    )
