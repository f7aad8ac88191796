"""Published annual results: one row per agency, as the province's decision printed them.

Values are kept verbatim (`IndexResult.published_*`, and the strings as written in
`published_raw`); the engine's own `index_pct`/`rank` are left to the recompute, which is
queued after the import commits. The import is recorded as a `PublishedEdition` of kind
IMPORT whose content has the same shape as a publication's (see `indicators.publishing`),
so it downloads like any other edition. Re-importing the same file finds the same edition
(its decision number defaults to one derived from the file's hash) and changes nothing.
"""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import AgencyGroup, Province
from indicators.models import Framework, IndexResult, PublishedEdition
from indicators.publishing import content_hash
from indicators.recomputing import queue_recompute

from .agency_names import AgencyResolver
from .base import Importer, ImportFailed, ImportSetupError, Outcome, RowErrors, assign_changes
from .numbers import COUNT, PERCENT, NumberSpec, format_vi
from .reading import Column, RowError, SheetRow, cell_text

COLUMNS = [
    Column(
        "rank",
        "Xếp hạng",
        ("STT", "Thứ hạng", "Hạng", "Thứ tự xếp hạng"),
        note="Số nguyên ≥ 1; các đơn vị bằng điểm có thể cùng hạng.",
        sample=1,
    ),
    Column(
        "agency",
        "Tên đơn vị",
        ("Đơn vị", "Cơ quan, đơn vị", "Tên cơ quan", "agency_name"),
        required=True,
        note="Tên như trong quyết định; chấp nhận viết tắt (Sở LĐTB&XH, BQL các KCN…).",
        sample="Sở Nội vụ",
    ),
    Column(
        "evidence_points",
        "Điểm đánh giá qua tài liệu kiểm chứng",
        ("Điểm thẩm định", "Điểm tài liệu kiểm chứng", "evidence"),
        note="Điểm, không bắt buộc.",
        sample="58,50",
    ),
    Column(
        "survey_cchc_points",
        "Điểm ĐTXHH – CCHC",
        ("Điểm ĐTXHH CCHC", "Điểm điều tra xã hội học", "survey_points"),
        note="Điểm, không bắt buộc.",
        sample="30,41",
    ),
    Column(
        "survey_satisfaction_points",
        "Điểm ĐTXHH – MĐHL",
        ("Điểm ĐTXHH MĐHL", "Điểm mức độ hài lòng"),
        note="Điểm, không bắt buộc.",
        sample="7,98",
    ),
    Column(
        "total_points",
        "Tổng điểm",
        ("Tổng điểm đạt", "total"),
        note="Không vượt tổng điểm tối đa của bộ chỉ số.",
        sample="96,89",
    ),
    Column(
        "bonus_points",
        "Điểm thưởng",
        ("Điểm cộng", "bonus"),
        note="Điểm, không bắt buộc: đã tính trong tổng điểm.",
        sample="",
    ),
    Column(
        "penalty_points",
        "Điểm trừ",
        ("penalty",),
        note="Điểm, không bắt buộc: đã trừ trong tổng điểm.",
        sample="",
    ),
    Column(
        "applicable_max",
        "Điểm tối đa áp dụng",
        ("Điểm tối đa", "applicable_max"),
        note="Không bắt buộc; ghi khi đơn vị được chấm trên thang điểm riêng (ví dụ 84).",
        sample="100",
    ),
    Column(
        "index_pct",
        "Chỉ số CCHC (%)",
        ("Chỉ số CCHC", "Chỉ số", "par_pct", "PAR Index", "Chỉ số (%)", "index"),
        required=True,
        note="0–100; ghi 96,89 hoặc 96.89 hoặc 96,89%.",
        sample="96,89",
    ),
    Column(
        "satisfaction_pct",
        "Chỉ số hài lòng (%)",
        ("Chỉ số MĐHL (%)", "Chỉ số MĐHL", "Chỉ số hài lòng", "sipas_pct", "SIPAS", "satisfaction"),
        note="0–100, không bắt buộc.",
        sample="99,75",
    ),
    Column(
        "band",
        "Xếp loại",
        ("Phân loại", "Nhóm", "Kết quả xếp loại"),
        note="Giữ nguyên như quyết định (Xuất sắc, Tốt, Khá…).",
        sample="Xuất sắc",
    ),
]
RAW_KEYS = [column.key for column in COLUMNS]
# "Lĩnh vực 1 (%)", "LV 2", "TP3", "Chỉ số thành phần 4", "component_5": the component
# index (%) of field 1…9, kept as published in `published_raw["components"]`.
COMPONENT_HEADER = re.compile(
    r"^(?:linh vuc|lv|tp|chi so thanh phan|component)\s*(\d{1,2})(?: %)?$"
)


def text(value) -> str | None:
    return None if value is None else str(value)


def resolve_scope(options: dict) -> tuple[Province, AgencyGroup]:
    try:
        province = Province.objects.get(pk=options["province_id"])
        group = AgencyGroup.objects.get(pk=options["group_id"], province=province)
    except (KeyError, Province.DoesNotExist, AgencyGroup.DoesNotExist):
        raise ImportSetupError(gettext("không tìm thấy tỉnh hoặc khối xếp hạng đã chọn")) from None
    return province, group


class ResultImporter(Importer):
    kind = "results"
    label = _("Kết quả chỉ số CCHC đã công bố")
    columns = COLUMNS
    notes = [
        "Mỗi dòng là một đơn vị của khối đã chọn; mỗi đơn vị chỉ một dòng.",
        "Bắt buộc: Tên đơn vị và Chỉ số CCHC (%). Các cột khác không bắt buộc.",
        "Giá trị được lưu nguyên như quyết định công bố; hệ thống không làm tròn lại.",
        "Chỉ số thành phần theo lĩnh vực (không bắt buộc): thêm cột “Lĩnh vực 1 (%)”, "
        "“Lĩnh vực 2 (%)”…",
    ]
    display_headers = [
        _("Hạng"),
        _("Đơn vị"),
        _("Khớp tên"),
        _("Chỉ số CCHC (%)"),
        _("Tổng điểm"),
        _("Chỉ số hài lòng (%)"),
        _("Xếp loại"),
    ]

    def __init__(self, **options):
        super().__init__(**options)
        self.province, self.group = resolve_scope(options)
        self.year = int(options["year"])
        self.framework = Framework.objects.filter(
            province=self.province, year=self.year, group=self.group
        ).first()
        total_max = self.framework.total_max if self.framework else Decimal(100)
        self.points = NumberSpec(maximum=total_max)
        self.agencies = AgencyResolver(
            province=self.province,
            group=self.group,
            year=self.year,
            create=bool(options.get("create_agencies")),
        )
        self.ranks: list[tuple[int, int]] = []
        self.count = 0
        self.content_rows: list[dict] = []

    def extra_column(self, folded_header: str) -> str | None:
        found = COMPONENT_HEADER.match(folded_header)
        return f"component:{int(found.group(1))}" if found else None

    def parse_row(self, row: SheetRow, errors: RowErrors) -> dict | None:
        match = self.agencies.resolve(errors)
        components = {
            key.split(":", 1)[1]: errors.number(key, PERCENT)
            for key in row.values
            if key.startswith("component:")
        }
        data = {
            "match": match,
            "rank": errors.number("rank", COUNT),
            "index_pct": errors.number("index_pct", PERCENT, required=True),
            "satisfaction_pct": errors.number("satisfaction_pct", PERCENT),
            "total_points": errors.number("total_points", self.points),
            "evidence_points": errors.number("evidence_points", self.points),
            "survey_cchc_points": errors.number("survey_cchc_points", self.points),
            "survey_satisfaction_points": errors.number("survey_satisfaction_points", self.points),
            "bonus_points": errors.number("bonus_points", self.points),
            "penalty_points": errors.number("penalty_points", self.points),
            "applicable_max": errors.number("applicable_max", self.points),
            "band": errors.text("band", max_length=32),
            "raw": {key: cell_text(row.values[key]) for key in RAW_KEYS if key in row.values},
            "components": {
                code: {"pct": str(value)}
                for code, value in sorted(components.items())
                if value is not None
            },
        }
        if data["components"]:
            data["raw"]["components"] = data["components"]
        if data["rank"] is not None and data["rank"] < 1:
            errors.add("rank", gettext("hạng phải từ 1 trở lên"))
        parts = [
            data[key]
            for key in ("evidence_points", "survey_cchc_points", "survey_satisfaction_points")
        ]
        known = [part for part in parts if part is not None]
        if known and sum(known) > self.points.maximum:
            errors.add(
                "evidence_points",
                gettext("tổng điểm thành phần {format_vi} vượt tối đa {maximum}").format(
                    format_vi=format_vi(sum(known)), maximum=format_vi(self.points.maximum)
                ),
            )
        total, maximum = data["total_points"], data["applicable_max"]
        if maximum is not None and maximum <= 0:
            errors.add("applicable_max", "điểm tối đa áp dụng phải lớn hơn 0")
        elif total is not None and maximum is not None and total > maximum:
            errors.add(
                "total_points",
                f"tổng điểm {format_vi(total)} vượt điểm tối đa áp dụng {format_vi(maximum)}",
            )
        if match is None:
            return None
        self.count += 1
        if data["rank"] is not None:
            self.ranks.append((row.number, int(data["rank"])))
        data["_note"] = match.explanation
        return data

    def check_all(self) -> list[RowError]:
        return [
            RowError(
                number,
                "Xếp hạng",
                gettext("hạng {rank} lớn hơn số đơn vị trong tệp ({count})").format(
                    rank=rank, count=self.count
                ),
                str(rank),
            )
            for number, rank in self.ranks
            if rank > self.count
        ]

    def display(self, data: dict) -> list[str]:
        match = data["match"]
        return [
            format_vi(data["rank"]),
            match.agency.name if match.agency else match.new_name,
            match.explanation,
            format_vi(data["index_pct"]),
            format_vi(data["total_points"]),
            format_vi(data["satisfaction_pct"]),
            data["band"],
        ]

    def new_agencies(self) -> list[str]:
        return self.agencies.new_names()

    def begin(self, outcome: Outcome):
        if self.framework is None:
            self.framework = Framework.objects.create(
                province=self.province,
                year=self.year,
                group=self.group,
                is_open=False,
                name=(
                    f"Chỉ số CCHC {self.group.name} năm {self.year} (nhập từ quyết định đã công bố)"
                ),
            )
            outcome.notes.append(
                gettext("Đã tạo bộ chỉ số “{name}”.").format(name=self.framework.name)
            )
        # A year published in the app is corrected by an adjustment (a new edition with its
        # own decision), never overwritten by an import.
        published = self.framework.editions.exclude(kind=PublishedEdition.Kind.IMPORT)
        if published.exists():
            raise ImportFailed(
                [
                    RowError(
                        None,
                        "",
                        gettext(
                            "năm {year} của khối này đã công bố trong hệ thống ({first}); không "
                            "nhập đè kết quả đã công bố — hãy dùng bản điều chỉnh"
                        ).format(year=self.year, first=published.first()),
                    )
                ]
            )
        # One read of the group's results; each row is then found by agency, not by query.
        self.existing = {
            result.agency_id: result
            for result in IndexResult.objects.filter(framework=self.framework)
        }

    def write(self, batch: list[dict], outcome: Outcome):
        for data in batch:
            agency = self.agencies.agency_for(data["match"], outcome)
            result = self.existing.get(agency.pk) or IndexResult(
                framework=self.framework, agency=agency
            )
            survey = [
                data[k]
                for k in ("survey_cchc_points", "survey_satisfaction_points")
                if data[k] is not None
            ]
            values = {
                "published_index_pct": data["index_pct"],
                "published_rank": data["rank"],
                "published_band": data["band"],
                "published_total_points": data["total_points"],
                "published_satisfaction_pct": data["satisfaction_pct"],
                "evidence_points": data["evidence_points"],
                "survey_points": sum(survey) if survey else None,
                "published_raw": data["raw"],
                "is_published": True,
            }
            # Only the columns the file has: a decision without them keeps what was there
            # (a recompute's maximum, say).
            for key in ("bonus_points", "penalty_points", "applicable_max"):
                if key in data["raw"]:
                    values[key] = data[key]
            changed = assign_changes(result, values) or result.pk is None
            if result.pk is None:
                outcome.created += 1
            elif changed:
                outcome.updated += 1
            else:
                outcome.unchanged += 1
            if changed:
                result._change_reason = "Nhập từ tệp kết quả đã công bố"
                result.save()
                self.existing[agency.pk] = result
            self.content_rows.append(self._content_row(result, data))

    def _content_row(self, result: IndexResult, data: dict) -> dict:
        """One row of the edition, in `indicators.publishing.freeze_content`'s shape."""
        return {
            "agency_id": result.agency_id,
            "agency": result.agency.name,
            "evidence_points": text(data["evidence_points"]),
            "survey_points": text(result.survey_points),
            "survey_cchc_points": text(data["survey_cchc_points"]),
            "survey_satisfaction_points": text(data["survey_satisfaction_points"]),
            "total_points": text(data["total_points"]),
            "applicable_max": text(data["applicable_max"]),
            "index_pct": text(data["index_pct"]),
            "satisfaction_pct": text(data["satisfaction_pct"]),
            "components": data["components"],
            "band": data["band"],
            "rank": int(data["rank"]) if data["rank"] is not None else None,
            "group_size": self.count,
            "raw": data["raw"],
        }

    def finish(self, outcome: Outcome, *, sha256: str, user=None):
        decision_no = self.options.get("decision_no") or f"NHAP-{sha256[:12]}"
        decision_date = self.options.get("decision_date")
        decision_date = (
            datetime.date.fromisoformat(decision_date)
            if decision_date
            else datetime.date(self.year, 12, 31)
        )
        self.content_rows.sort(
            key=lambda row: (row["rank"] is None, row["rank"] or 0, row["agency"])
        )
        content = {
            "framework": {
                "id": self.framework.pk,
                "name": self.framework.name,
                "year": self.year,
                "group": self.group.name,
                "province": self.province.name,
                "legal_basis": self.framework.legal_basis,
            },
            "kind": PublishedEdition.Kind.IMPORT,
            "decision_no": decision_no,
            "decision_date": decision_date.isoformat(),
            "results": self.content_rows,
            "source": {"sha256": sha256},
        }
        digest = content_hash(content)
        # The same file imported again finds its own edition; the same decision with other
        # numbers is refused, since an announced edition never changes in place.
        edition = PublishedEdition.objects.filter(
            framework=self.framework, decision_no=decision_no
        ).first()
        if edition is not None and edition.content_hash != digest:
            raise ImportFailed(
                [
                    RowError(
                        None,
                        "",
                        gettext(
                            "quyết định {decision_no} đã được nhập với số liệu khác; hãy dùng số "
                            "quyết định của bản điều chỉnh"
                        ).format(decision_no=decision_no),
                    )
                ]
            )
        if edition is None:
            edition = PublishedEdition.objects.create(
                framework=self.framework,
                kind=PublishedEdition.Kind.IMPORT,
                decision_no=decision_no,
                decision_date=decision_date,
                created_by=user,
                content=content,
                content_hash=digest,
            )
        # Bookkeeping, not published values: one UPDATE, without history rows.
        IndexResult.objects.filter(
            framework=self.framework, agency_id__in=[r["agency_id"] for r in self.content_rows]
        ).update(edition=edition, group_size=self.count)
        outcome.notes.append(gettext("Bản công bố: {edition}.").format(edition=edition))
        queue_recompute(self.framework)
