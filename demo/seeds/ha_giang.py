"""Seed 004 (Báo Hà Giang): Sở Xây dựng Hà Giang, its 2022 index of 85.02 points ("Tốt"),
the TTHC field at 26.44 of 29 (91.17 %), and 556 dossiers digitised from 01/06 to
11/11/2022."""

import datetime
from decimal import Decimal

from agencies.models import Agency, AgencyGroup
from indicators.models import IndexResult, PeriodType, ProcedureStat

from ..agencies import get_agency, get_group
from .rows import framework_shell, province_row, stat_row

SOURCE_004 = "Báo Hà Giang, bài “Sở Xây dựng nâng cao chất lượng cải cách thủ tục hành chính”"


def build_ha_giang() -> None:
    # Hà Giang merged into Tuyên Quang on 01/07/2025 (NQ 202/2025/QH15).
    province = province_row("HG", "Hà Giang", valid_to=datetime.date(2025, 6, 30))
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
    framework = framework_shell(
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
    stat_row(
        xd,
        PeriodType.CUSTOM,
        datetime.date(2022, 6, 1),
        datetime.date(2022, 11, 11),
        digitised=556,
        source=SOURCE_004,
        note=(
            "Số hóa toàn bộ hồ sơ và kết quả giải quyết TTHC lĩnh vực xây dựng từ 01/6/2022 "
            "đến 11/11/2022: 556 hồ sơ, đạt 100%."
        ),
    )
    stat_row(
        xd,
        PeriodType.YEAR,
        datetime.date(2022, 1, 1),
        datetime.date(2022, 12, 31),
        simplified_reviewed=68,
        simplified=2,
        resolved_late=0,
        on_time_formula=ProcedureStat.OnTimeFormula.RESOLVED,
        source=SOURCE_004,
        note=(
            "Rà soát 68 TTHC lĩnh vực xây dựng; thông qua phương án đơn giản hóa 2 TTHC; 1 "
            "quyết định công bố TTHC đúng hạn. 100% TTHC giải quyết đúng hạn, trong đó "
            "96,49% sớm hạn (bài báo chỉ nêu tỷ lệ, không nêu số hồ sơ)."
        ),
    )
