"""The demo criteria tree, written once as data and copied into every framework.

8 fields (the province-index fields of the domain brief §1.1), 38 criteria, 89
sub-criteria. Evidence points total 60; with the CCHC survey (32) and the satisfaction
survey (8) the framework totals 100, the split Hòa Bình publishes (domain brief §1.4).
Rules mix the four shapes seen in real tables (yes/no, timeliness, % bands, proportional)
with manual scoring.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from indicators.models import Criterion

Rule, Source = Criterion.Rule, Criterion.Source


@dataclass(frozen=True)
class Leaf:
    name: str
    max_points: Decimal
    rule: str
    params: dict = field(default_factory=dict)
    allow_na: bool = False
    # The figures the product holds that the rule scores from (`indicators.rule_sources`).
    source: str = ""
    source_params: dict = field(default_factory=dict)


def B(name, maximum, na=False):  # noqa: N802 - short constructors keep the table readable
    return Leaf(name, Decimal(str(maximum)), Rule.BINARY, {}, na)


def T(name, maximum, na=False, source=""):  # noqa: N802
    late = Decimal(str(maximum)) / 2
    return Leaf(name, Decimal(str(maximum)), Rule.TIMELINESS, {"late": float(late)}, na, source)


def P(name, maximum, bands, na=False, source="", **source_params):  # noqa: N802
    maximum = Decimal(str(maximum))
    return Leaf(name, maximum, Rule.PCT_BANDS, {"bands": bands}, na, source, source_params)


def R(name, maximum, target, na=False, source=""):  # noqa: N802
    return Leaf(name, Decimal(str(maximum)), Rule.PROPORTIONAL, {"target": target}, na, source)


def M(name, maximum, na=False):  # noqa: N802
    return Leaf(name, Decimal(str(maximum)), Rule.MANUAL, {}, na)


TREE: list[tuple[str, list[tuple[str, list[Leaf]]]]] = [
    (
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        [
            (
                "Kế hoạch CCHC năm",
                [
                    T("Ban hành kế hoạch CCHC năm đúng thời hạn", 0.5),
                    B("Kế hoạch xác định đầy đủ nhiệm vụ, sản phẩm, thời hạn và kinh phí", 0.5),
                    P("Mức độ hoàn thành kế hoạch CCHC năm", 1, [[100, 1], [80, 0.5]]),
                ],
            ),
            (
                "Báo cáo CCHC",
                [
                    T("Báo cáo CCHC định kỳ đúng thời hạn", 0.5, source=Source.REPORT_SUBMISSION),
                    B("Nội dung báo cáo đầy đủ theo hướng dẫn", 0.5),
                ],
            ),
            (
                "Kiểm tra CCHC",
                [
                    B("Ban hành kế hoạch kiểm tra CCHC", 0.5),
                    R("Tỷ lệ đơn vị trực thuộc được kiểm tra trong năm", 0.5, 30),
                    P(
                        "Xử lý các vấn đề phát hiện qua kiểm tra",
                        0.5,
                        [[100, 0.5], [80, 0.25]],
                        na=True,
                        source=Source.RECOMMENDATIONS_ON_TIME,
                    ),
                ],
            ),
            (
                "Công tác tuyên truyền CCHC",
                [
                    B("Ban hành kế hoạch tuyên truyền CCHC", 0.25),
                    P("Mức độ thực hiện kế hoạch tuyên truyền", 0.5, [[100, 0.5], [80, 0.25]]),
                    B("Đa dạng hình thức tuyên truyền (chuyên mục, tọa đàm, cuộc thi)", 0.25),
                ],
            ),
            (
                "Sáng kiến, mô hình mới trong CCHC",
                [
                    M("Có sáng kiến, giải pháp mới trong CCHC được công nhận", 1),
                    B("Nhân rộng sáng kiến, mô hình hiệu quả", 0.5),
                ],
            ),
            (
                "Thực hiện nhiệm vụ UBND tỉnh giao",
                [
                    P("Tỷ lệ nhiệm vụ được giao hoàn thành đúng hạn", 1, [[100, 1], [90, 0.5]]),
                    B("Không có nhiệm vụ quá hạn chưa hoàn thành", 0.5),
                ],
            ),
            (
                "Sự quan tâm của người đứng đầu",
                [
                    M("Người đứng đầu chủ trì hội nghị, làm việc về CCHC", 0.5),
                ],
            ),
        ],
    ),
    (
        "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
        [
            (
                "Xây dựng, ban hành văn bản QPPL",
                [
                    P(
                        "Tham mưu ban hành văn bản QPPL đúng kế hoạch",
                        1,
                        [[100, 1], [80, 0.5]],
                        na=True,
                    ),
                    B("Lấy ý kiến, thẩm định dự thảo đúng quy trình", 0.5, na=True),
                    B("Đánh giá tác động chính sách khi đề nghị xây dựng văn bản", 0.5, na=True),
                ],
            ),
            (
                "Rà soát, hệ thống hóa văn bản QPPL",
                [
                    T("Ban hành kế hoạch rà soát, hệ thống hóa văn bản", 0.5),
                    P("Xử lý kết quả rà soát", 0.5, [[100, 0.5], [80, 0.25]]),
                    B("Công bố danh mục văn bản hết hiệu lực đúng hạn", 0.5),
                ],
            ),
            (
                "Tổ chức thi hành pháp luật",
                [
                    B("Ban hành kế hoạch phổ biến, giáo dục pháp luật", 0.5),
                    B("Thực hiện theo dõi thi hành pháp luật", 0.5),
                    P("Xử lý kết quả kiểm tra thi hành pháp luật", 0.5, [[100, 0.5], [70, 0.25]]),
                ],
            ),
            (
                "Kiểm tra, xử lý văn bản",
                [
                    B("Tự kiểm tra văn bản do cơ quan ban hành", 0.5),
                    P("Xử lý văn bản trái pháp luật được phát hiện", 0.5, [[100, 0.5]], na=True),
                ],
            ),
        ],
    ),
    (
        "Cải cách thủ tục hành chính",
        [
            (
                "Công bố, công khai TTHC",
                [
                    T("Tham mưu công bố danh mục TTHC đúng thời hạn", 1),
                    P(
                        "Cập nhật, công khai TTHC trên CSDL quốc gia về TTHC",
                        0.5,
                        [[100, 0.5], [90, 0.25]],
                    ),
                    B("Niêm yết công khai TTHC tại Trung tâm Phục vụ hành chính công", 0.5),
                ],
            ),
            (
                "Rà soát, đơn giản hóa TTHC",
                [
                    T("Ban hành kế hoạch rà soát, đánh giá TTHC", 0.5),
                    R("Tỷ lệ TTHC được đề xuất cắt giảm, đơn giản hóa", 1, 20),
                    B("Cắt giảm thời gian giải quyết so với quy định", 0.5),
                ],
            ),
            (
                "Thực hiện cơ chế một cửa, một cửa liên thông",
                [
                    P("Tỷ lệ TTHC đưa vào Bộ phận một cửa", 0.5, [[100, 0.5], [90, 0.25]]),
                    P(
                        "Tỷ lệ hồ sơ giải quyết đúng hạn",
                        2,
                        [[98, 2], [95, 1]],
                        source=Source.DOSSIERS_ON_TIME,
                    ),
                    B("Thực hiện xin lỗi người dân khi để hồ sơ trễ hạn", 0.5, na=True),
                    R("Tỷ lệ hồ sơ trả kết quả qua dịch vụ bưu chính công ích", 0.5, 30),
                ],
            ),
            (
                "Cung cấp dịch vụ công trực tuyến",
                [
                    R("Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình", 1, 80),
                    R("Tỷ lệ hồ sơ nộp trực tuyến", 1, 50, source=Source.DOSSIERS_ONLINE),
                    R("Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ", 0.5, 80),
                    R("Tỷ lệ hồ sơ thanh toán trực tuyến", 0.5, 50),
                ],
            ),
            (
                "Tiếp nhận, xử lý phản ánh, kiến nghị",
                [
                    B("Công khai địa chỉ tiếp nhận phản ánh, kiến nghị", 0.5),
                    P("Xử lý phản ánh, kiến nghị đúng thời hạn", 1, [[100, 1], [90, 0.5]]),
                ],
            ),
        ],
    ),
    (
        "Cải cách tổ chức bộ máy hành chính nhà nước",
        [
            (
                "Chức năng, nhiệm vụ, cơ cấu tổ chức",
                [
                    T("Ban hành quy định chức năng, nhiệm vụ theo hướng dẫn", 0.75),
                    B("Rà soát, sắp xếp các phòng, đơn vị trực thuộc", 0.75),
                ],
            ),
            (
                "Quản lý biên chế",
                [
                    B("Sử dụng biên chế không vượt số được giao", 0.75),
                    P("Thực hiện tinh giản biên chế theo lộ trình", 0.75, [[100, 0.75], [80, 0.5]]),
                ],
            ),
            (
                "Phân cấp, ủy quyền",
                [
                    B("Thực hiện đầy đủ nhiệm vụ được phân cấp, ủy quyền", 0.75),
                    B("Kiểm tra việc thực hiện nhiệm vụ đã phân cấp", 0.75, na=True),
                ],
            ),
            (
                "Đơn vị sự nghiệp công lập",
                [
                    P(
                        "Sắp xếp, giảm đầu mối đơn vị sự nghiệp",
                        0.75,
                        [[100, 0.75], [50, 0.5]],
                        na=True,
                    ),
                    R("Tỷ lệ đơn vị sự nghiệp tự chủ tài chính", 0.75, 100, na=True),
                ],
            ),
        ],
    ),
    (
        "Cải cách chế độ công vụ",
        [
            (
                "Vị trí việc làm",
                [
                    B("Vị trí việc làm được phê duyệt và cập nhật", 0.75),
                    P("Bố trí công chức theo vị trí việc làm", 0.75, [[100, 0.75], [90, 0.5]]),
                ],
            ),
            (
                "Tuyển dụng, bổ nhiệm",
                [
                    B("Tuyển dụng công chức, viên chức đúng quy định", 0.5, na=True),
                    B("Bổ nhiệm lãnh đạo đúng quy trình, tiêu chuẩn", 0.5),
                    B("Công khai kết quả tuyển dụng, bổ nhiệm", 0.5),
                ],
            ),
            (
                "Đánh giá, xếp loại cán bộ, công chức, viên chức",
                [
                    B("Đánh giá, xếp loại đúng quy định", 0.75),
                    M("Gắn đánh giá với kết quả thực hiện nhiệm vụ", 0.75),
                ],
            ),
            (
                "Đào tạo, bồi dưỡng",
                [
                    T("Ban hành kế hoạch đào tạo, bồi dưỡng", 0.5),
                    P("Mức độ thực hiện kế hoạch đào tạo, bồi dưỡng", 1, [[100, 1], [80, 0.5]]),
                ],
            ),
            (
                "Kỷ luật, kỷ cương hành chính",
                [
                    M("Chấp hành kỷ luật, kỷ cương hành chính", 1),
                    B("Không có cán bộ, công chức, viên chức bị kỷ luật trong năm", 0.5),
                    B("Thực hiện quy tắc ứng xử, văn hóa công vụ", 0.5),
                ],
            ),
        ],
    ),
    (
        "Cải cách tài chính công",
        [
            (
                "Quản lý, sử dụng ngân sách",
                [
                    P("Tỷ lệ giải ngân kế hoạch vốn đầu tư công", 1, [[95, 1], [80, 0.5]], na=True),
                    B("Công khai ngân sách theo quy định", 0.5),
                    P(
                        "Thực hiện kiến nghị của thanh tra, kiểm toán",
                        0.5,
                        [[100, 0.5], [80, 0.25]],
                        na=True,
                    ),
                ],
            ),
            (
                "Cơ chế tự chủ tài chính",
                [
                    B("Ban hành quy chế chi tiêu nội bộ", 0.75),
                    B("Thực hiện cơ chế tự chủ theo quy định", 0.75),
                ],
            ),
            (
                "Quản lý, sử dụng tài sản công",
                [
                    B("Ban hành quy chế quản lý, sử dụng tài sản công", 0.75),
                    M("Quản lý, xử lý tài sản công theo quy định", 0.75),
                ],
            ),
        ],
    ),
    (
        "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
        [
            (
                "Kế hoạch ứng dụng CNTT, chuyển đổi số",
                [
                    T("Ban hành kế hoạch ứng dụng CNTT, chuyển đổi số", 0.5),
                    P("Mức độ hoàn thành kế hoạch chuyển đổi số", 0.5, [[100, 0.5], [80, 0.25]]),
                ],
            ),
            (
                "Quản lý văn bản và điều hành",
                [
                    R("Tỷ lệ văn bản đi dưới dạng điện tử", 1, 90),
                    R("Tỷ lệ văn bản điện tử có chữ ký số", 1, 100),
                ],
            ),
            (
                "Hệ thống thông tin giải quyết TTHC",
                [
                    R("Tỷ lệ hồ sơ, kết quả giải quyết TTHC được số hóa", 1, 80),
                    R("Tỷ lệ khai thác, tái sử dụng dữ liệu đã số hóa", 0.5, 80),
                    R("Tỷ lệ kết quả giải quyết TTHC được cấp bản điện tử", 1, 100),
                ],
            ),
            (
                "Cổng/Trang thông tin điện tử",
                [
                    B("Cung cấp đầy đủ thông tin theo quy định", 0.5),
                    B("Cập nhật thông tin kịp thời", 0.5),
                ],
            ),
            (
                "An toàn thông tin và chia sẻ dữ liệu",
                [
                    B("Phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin", 0.75),
                    B(
                        "Chia sẻ dữ liệu qua nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)",
                        0.75,
                    ),
                ],
            ),
            (
                "Hệ thống thông tin báo cáo và họp trực tuyến",
                [
                    T("Kết nối, báo cáo đúng hạn trên Hệ thống thông tin báo cáo", 0.5),
                    M("Sử dụng hệ thống họp trực tuyến, điều hành trên môi trường mạng", 0.5),
                ],
            ),
        ],
    ),
    (
        "Tác động của CCHC đến người dân, tổ chức và phát triển kinh tế - xã hội",
        [
            (
                "Tác động đến chất lượng thể chế",
                [
                    M("Mức độ phù hợp, khả thi của văn bản do cơ quan tham mưu ban hành", 1),
                ],
            ),
            (
                "Tác động đến giải quyết TTHC",
                [
                    B("Không có hồ sơ trễ hạn phải xin lỗi người dân, tổ chức", 0.75),
                    P(
                        "Tỷ lệ đánh giá hài lòng trên Cổng dịch vụ công",
                        0.75,
                        [[95, 0.75], [85, 0.5]],
                        source=Source.SERVICE_INDEX,
                        part="satisfaction",
                    ),
                ],
            ),
            (
                "Tác động đến thực hiện nhiệm vụ chính trị",
                [
                    P(
                        "Tỷ lệ hoàn thành chỉ tiêu phát triển KT-XH được giao",
                        1.5,
                        [[100, 1.5], [90, 1], [80, 0.5]],
                    ),
                ],
            ),
            (
                "Đóng góp vào chỉ số của tỉnh",
                [
                    M("Đóng góp vào PAR Index, PCI, SIPAS của tỉnh", 0.5),
                    M("Khắc phục tồn tại, hạn chế của năm trước", 0.5),
                ],
            ),
        ],
    ),
]

EVIDENCE_MAX = sum(
    (leaf.max_points for _, criteria in TREE for _, leaves in criteria for leaf in leaves),
    Decimal(0),
)
assert EVIDENCE_MAX == Decimal("60"), EVIDENCE_MAX  # 60 + 32 + 8 = 100
