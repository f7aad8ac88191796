"""Hà Tĩnh's inspections: the two HĐND supervisions of 2023 (real) and Sở Nội vụ checks (illustrative).

Seed 000 (Báo Hà Tĩnh): the HĐND supervision team at Sở Xây dựng on 18/10/2023.
Seed 002: the same team at UBND tỉnh on 28/11/2023, topic "Công tác cải cách hành chính
trên địa bàn tỉnh giai đoạn 2021 – 2023". Findings and recommendations are the articles'
words; the plan number, recommendation deadlines and follow-up are illustrative (the
articles do not give them), and say so.
"""

import datetime
from dataclasses import dataclass, field

from indicators.models import Criterion, Framework
from inspections.models import (
    Finding,
    InspectionKind,
    InspectionPlan,
    Recommendation,
    RecommendationUpdate,
    TeamMember,
    Visit,
)

from . import moment
from .agencies import DemoProvince

ACH, SHORT = Finding.Kind.ACHIEVEMENT, Finding.Kind.SHORTCOMING
NOT_STARTED, IN_PROGRESS, DONE = (
    Recommendation.Status.NOT_STARTED,
    Recommendation.Status.IN_PROGRESS,
    Recommendation.Status.DONE,
)
FOLLOW_UP_NOTE = "Thời hạn và tiến độ thực hiện kiến nghị là minh họa (bài báo không nêu)."


@dataclass
class VisitSpec:
    """One visit as data: agencies by key, findings (kind, text, criterion code, indicator), kiến nghị."""

    date: datetime.date
    agencies: list[str]
    lead_name: str
    lead_position: str
    summary: str
    members: list[tuple[str, str]] = field(default_factory=list)
    findings: list[tuple] = field(default_factory=list)
    # (text, deadline, status, completed date, finding index or None)
    recommendations: list[tuple] = field(default_factory=list)
    mode: str = Visit.Mode.DIRECT
    announced: bool = True
    is_illustrative: bool = False
    conclusion_no: str = ""
    conclusion_date: datetime.date | None = None


def create_plan(
    *,
    province,
    number,
    date,
    issuer,
    year,
    subject,
    kind,
    visits,
    agencies,
    criteria_year=None,
    issuing_agency=None,
    is_illustrative=False,
) -> InspectionPlan | None:
    """The plan with its visits, team, findings and recommendations; nothing if it exists."""
    plan, created = InspectionPlan.objects.get_or_create(
        province=province,
        number=number,
        year=year,
        defaults={
            "kind": kind,
            "date": date,
            "issuer": issuer,
            "subject": subject,
            "issuing_agency": issuing_agency,
            "is_illustrative": is_illustrative,
        },
    )
    if not created:
        return None
    for spec in visits:
        visit = Visit.objects.create(
            plan=plan,
            date=spec.date,
            lead_name=spec.lead_name,
            lead_position=spec.lead_position,
            mode=spec.mode,
            announced=spec.announced,
            summary=spec.summary,
            is_illustrative=spec.is_illustrative,
            conclusion_no=spec.conclusion_no,
            conclusion_date=spec.conclusion_date,
        )
        targets = [agencies[key] for key in spec.agencies]
        visit.agencies.set(targets)
        TeamMember.objects.bulk_create(
            TeamMember(visit=visit, name=name, position=position, order=i)
            for i, (name, position) in enumerate(spec.members)
        )
        findings = []
        for kind, text, code, indicator, *who in spec.findings:
            agency = agencies[who[0]] if who else targets[0]
            findings.append(
                Finding.objects.create(
                    visit=visit,
                    agency=agency,
                    kind=kind,
                    text=text,
                    procedure_indicator=indicator or "",
                    criterion=_criterion(agency, criteria_year or spec.date.year, code)
                    if code
                    else None,
                )
            )
        for text, deadline, status, completed, finding_index, *who in spec.recommendations:
            addressee = agencies[who[0]] if who else targets[0]
            recommendation = Recommendation.objects.create(
                visit=visit,
                addressee=addressee,
                text=text,
                deadline=deadline,
                status=status,
                completed_date=completed,
                finding=findings[finding_index] if finding_index is not None else None,
                confirmed_at=moment(completed.year, completed.month, completed.day, 15)
                if completed
                else None,
            )
            if status != NOT_STARTED:
                posted = completed or (
                    deadline - datetime.timedelta(days=45) if deadline else spec.date
                )
                RecommendationUpdate.objects.create(
                    recommendation=recommendation,
                    posted_at=moment(posted.year, posted.month, posted.day, 10),
                    text="Đã hoàn thành, gửi báo cáo kết quả kèm theo."
                    if status == DONE
                    else "Đang triển khai; đã ban hành kế hoạch khắc phục.",
                    document_no=f"{100 + len(text) * 7 % 800}/BC-{addressee.short_name or 'ĐV'}",
                    document_date=posted,
                    status_after=status,
                )
    return plan


def _criterion(agency, year: int, code: str) -> Criterion | None:
    framework = Framework.objects.filter(group_id=agency.group_id, year=year).first()
    return framework.criteria.filter(code=code).first() if framework else None


def build_inspections(demo: DemoProvince) -> None:
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


SOURCE_000 = "Nguồn: Báo Hà Tĩnh (baohatinh.vn), “Sở Xây dựng cần từng bước nâng điểm các chỉ số bị tụt hạng”."
SOURCE_002 = "Nguồn: bài “Công tác cải cách hành chính đạt nhiều kết quả quan trọng trên tất cả các lĩnh vực” (Quỳnh Chi)."

SUPERVISION_SXD = VisitSpec(
    date=datetime.date(2023, 10, 18),
    agencies=["xaydung"],
    lead_name="Trần Tú Anh",
    lead_position="Phó Chủ tịch Thường trực HĐND tỉnh",
    summary=(
        "Đoàn giám sát của HĐND tỉnh giám sát chuyên đề công tác cải cách hành chính tại Sở Xây dựng "
        "(bài báo ghi giai đoạn 2020 – 2023; số liệu từ 01/01/2021 đến 31/8/2023). Phó Chủ tịch Thường trực HĐND tỉnh "
        "Trần Tú Anh và Trưởng ban Pháp chế HĐND tỉnh Nguyễn Thị Nhuần chủ trì. Sở Xây dựng đang xếp 13/17 "
        f"đơn vị cấp tỉnh về Chỉ số CCHC. {SOURCE_000} {FOLLOW_UP_NOTE}"
    ),
    members=[
        ("Nguyễn Thị Nhuần", "Trưởng ban Pháp chế HĐND tỉnh (đồng chủ trì)"),
        ("Trần Đình Gia", "Phó Trưởng đoàn chuyên trách Đoàn ĐBQH tỉnh Hà Tĩnh (dự)"),
        ("Dương Văn Tuấn", "Phó Giám đốc Sở Thông tin và Truyền thông"),
    ],
    findings=[
        (
            ACH,
            "Đã rà soát, cắt giảm, đơn giản hóa thủ tục hành chính; nhiều thủ tục được rút ngắn thời gian giải quyết từ 5 – 10 ngày.",
            "3.2.2",
            "",
        ),
        (
            ACH,
            "100% thủ tục hành chính thuộc thẩm quyền giải quyết của Sở được niêm yết công khai tại Trung tâm Phục vụ hành chính công tỉnh.",
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
            "Công tác chỉ đạo, điều hành, tuyên truyền và triển khai các văn bản của cấp trên về cải cách TTHC được quan tâm; thường xuyên cử công chức tham gia đào tạo, bồi dưỡng.",
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
            "Cần đẩy mạnh chuyển đổi số; xây dựng và phát triển chính quyền điện tử, chính quyền số (ý kiến Phó Giám đốc Sở TT&TT Dương Văn Tuấn).",
            "7.1.2",
            "",
        ),
        (
            SHORT,
            "Cần đẩy mạnh mô hình, sáng kiến trong cải cách hành chính và tăng cường phối hợp với các sở, ngành, địa phương trong thực hiện TTHC.",
            "1.5.1",
            "",
        ),
    ],
    recommendations=[
        (
            "Tiếp thu các ý kiến góp ý của Đoàn giám sát; phân tích, làm rõ nguyên nhân hạn chế, tồn tại để kịp thời khắc phục, từng bước nâng điểm các chỉ số đang bị tụt hạng.",
            datetime.date(2024, 6, 30),
            DONE,
            datetime.date(2024, 5, 20),
            4,
        ),
        (
            "Đẩy mạnh công tác tuyên truyền; phối hợp với các sở, ban, ngành, địa phương trong triển khai thủ tục hành chính.",
            datetime.date(2024, 12, 31),
            DONE,
            datetime.date(2024, 12, 10),
            6,
        ),
        (
            "Hoàn thiện các thủ tục hành chính và công khai, minh bạch để tổ chức và người dân nắm bắt.",
            datetime.date(2024, 6, 30),
            IN_PROGRESS,
            None,
            None,
        ),
        (
            "Củng cố nhân lực, nâng cao nhận thức và thể hiện vai trò, trách nhiệm của cán bộ, công chức trong việc thực hiện cải cách hành chính.",
            datetime.date(2024, 12, 31),
            IN_PROGRESS,
            None,
            None,
        ),
        (
            "Chú trọng công tác Đảng, công tác chính trị tư tưởng trong cơ quan, đơn vị, xem đây là nhiệm vụ trọng tâm để làm tốt hơn công tác cải cách hành chính.",
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
        "Đoàn giám sát cải cách hành chính của HĐND tỉnh làm việc với UBND tỉnh về “Công tác cải cách hành chính trên "
        "địa bàn tỉnh giai đoạn 2021 – 2023”. Chủ tịch UBND tỉnh Võ Trọng Hải và Phó Chủ tịch Thường trực HĐND tỉnh "
        "Trần Tú Anh chủ trì; dự có Phó Chủ tịch Thường trực UBND tỉnh Nguyễn Hồng Lĩnh. Phó Giám đốc Sở Nội vụ "
        f"Cù Huy Cẩm báo cáo kết quả CCHC giai đoạn 2021 – 2023. {SOURCE_002} {FOLLOW_UP_NOTE}"
    ),
    members=[("Trần Văn Kỳ", "Phó Chủ tịch HĐND tỉnh")],
    findings=[
        (
            ACH,
            "Giai đoạn 2021 – 2023, các chỉ số CCHC, PCI, SIPAS, PAPI của Hà Tĩnh luôn nằm trong nhóm khá của cả nước và nhóm dẫn đầu khu vực Bắc Trung bộ.",
            None,
            "",
        ),
        (
            ACH,
            "UBND tỉnh đã kiểm tra, thẩm định xác định chỉ số CCHC tại các cơ quan, đơn vị, địa phương hơn 129 lượt; thực hiện 6 cuộc thanh tra công vụ tại 3 sở, ngành cấp tỉnh và 3 UBND cấp huyện.",
            None,
            "",
        ),
        (
            ACH,
            "100% đơn vị, địa phương có sáng kiến cấp cơ sở về CCHC; 12 sáng kiến tiêu biểu được trình Hội đồng thẩm định CCHC Trung ương, đạt điểm tối đa tiêu chí sáng kiến năm 2021, 2022.",
            None,
            "",
        ),
        (
            ACH,
            "Thành lập bộ phận một cửa tại 216/216 xã, phường, thị trấn; Trung tâm Phục vụ hành chính công tỉnh và trung tâm hành chính công tại 13/13 huyện, thành phố, thị xã.",
            None,
            "",
        ),
        (
            SHORT,
            "Công tác tự kiểm tra định kỳ, đột xuất về CCHC tại một số đơn vị, địa phương chưa kịp thời và chưa thường xuyên.",
            None,
            "",
        ),
        (
            SHORT,
            "Còn hiện tượng cán bộ, công chức làm thay, làm hộ người dân để đảm bảo đạt tỷ lệ hồ sơ trực tuyến theo quy định.",
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
            "Việc rà soát, đơn giản hóa TTHC còn vướng mắc, bất cập; hiệu quả tạo thuận lợi cho cá nhân, tổ chức chưa cao.",
            None,
            "",
        ),
    ],
    recommendations=[
        (
            "Nâng cao trách nhiệm của các cấp, ngành đối với công tác CCHC, đặc biệt là trách nhiệm của người đứng đầu cấp ủy địa phương, cơ quan, đơn vị.",
            datetime.date(2024, 12, 31),
            DONE,
            datetime.date(2024, 11, 15),
            4,
        ),
        (
            "Tích cực hướng dẫn, khuyến khích doanh nghiệp, tổ chức, cá nhân thực hiện việc giải quyết TTHC qua dịch vụ công trực tuyến.",
            datetime.date(2024, 12, 31),
            IN_PROGRESS,
            None,
            5,
        ),
        (
            "Xây dựng đội ngũ cán bộ, công chức, viên chức đảm bảo tiêu chuẩn, chức danh theo quy định.",
            datetime.date(2025, 6, 30),
            IN_PROGRESS,
            None,
            None,
        ),
        (
            "Triển khai ứng dụng hiệu quả nền tảng tích hợp, chia sẻ dùng chung cấp tỉnh, kết nối liên thông với nền tảng tích hợp và chia sẻ quốc gia, bảo đảm đồng bộ các hệ thống dữ liệu quốc gia.",
            datetime.date(2025, 12, 31),
            NOT_STARTED,
            None,
            None,
        ),
        (
            "Giữ vững các chỉ số CCHC đang đứng ở vị trí đầu; những chỉ số chưa cao phải phấn đấu lên cao hơn.",
            None,
            IN_PROGRESS,
            None,
            None,
        ),
    ],
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
        summary="Đợt kiểm tra minh họa do load_demo tạo, để các màn hình theo dõi kiến nghị có dữ liệu.",
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
                        "Xây dựng giải pháp nâng tỷ lệ hồ sơ nộp trực tuyến đạt tối thiểu 50% trong năm 2024.",
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
                        "Hoàn thành tiếp nhận chức năng, nhiệm vụ lĩnh vực giao thông vận tải sau hợp nhất, không gián đoạn giải quyết TTHC.",
                        "4.1.2",
                        "",
                    ),
                    (
                        SHORT,
                        "Danh mục TTHC sau hợp nhất chưa được cập nhật đầy đủ trên CSDL quốc gia về TTHC.",
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
                        "Triển khai thanh toán trực tuyến cho các TTHC lĩnh vực đường bộ có nghĩa vụ tài chính.",
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
                        "Bộ phận một cửa của phường chưa niêm yết đầy đủ TTHC theo mô hình chính quyền hai cấp.",
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
