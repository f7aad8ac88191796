"""A framework's criteria tree: lĩnh vực → tiêu chí → tiêu chí thành phần.

One row per node, identified by its code ("1", "1.2", "1.2.3"); the depth of the code is
the level and the code without its last part is the parent, which must be in the file or
already in the framework. The maxima must add up: children never exceed their parent, and
the fields never exceed the framework's total. A bonus or penalty field (điểm thưởng,
điểm trừ) has a cap outside that total, and its lines may add up beyond its cap.
Re-importing updates nodes by code.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.models import Criterion, Framework

from .base import Importer, ImportSetupError, Outcome, RowErrors
from .numbers import POINTS, format_vi
from .reading import Column, RowError, SheetRow
from .results import resolve_scope

CODE = re.compile(r"^\d+(\.\d+){0,2}$")
COLUMNS = [
    Column(
        "code",
        "Mã",
        ("Mã tiêu chí", "STT", "TT", "code"),
        required=True,
        note="1 = lĩnh vực; 1.2 = tiêu chí; 1.2.3 = tiêu chí thành phần.",
        sample="1.1",
    ),
    Column(
        "name",
        "Nội dung",
        ("Tên tiêu chí", "Tiêu chí", "name"),
        required=True,
        sample="Kế hoạch CCHC năm",
    ),
    Column(
        "max_points", "Điểm tối đa", ("Điểm tối đa", "max_points", "max"), required=True, sample="5"
    ),
    Column(
        "rule_type",
        "Cách chấm",
        ("rule_type",),
        note=(
            "Chấm trực tiếp; Có / không; Đúng hạn / muộn / không thực hiện; Theo ngưỡng tỷ "
            "lệ %; Tỷ lệ × điểm tối đa (có mức trần)"
        ),
        sample="Chấm trực tiếp",
    ),
    Column(
        "counts_as",
        "Cách tính vào tổng",
        ("counts_as", "Loại điểm"),
        note=(
            "Chỉ ở dòng lĩnh vực: Nội dung chấm điểm (mặc định); Điểm thưởng; Điểm "
            "trừ. Điểm tối đa của lĩnh vực thưởng, trừ là mức trần."
        ),
        sample="Nội dung chấm điểm",
    ),
    Column(
        "evidence_required",
        "Bắt buộc tài liệu kiểm chứng",
        ("evidence_required",),
        note="Có / Không (mặc định Có)",
        sample="Có",
    ),
    Column(
        "allow_not_applicable", "Cho phép không áp dụng", ("allow_not_applicable",), sample="Không"
    ),
    Column(
        "guidance",
        "Hướng dẫn chấm",
        ("guidance", "Cách tính điểm"),
        sample="Ban hành đúng hạn: 1 điểm; muộn: 0,5",
    ),
]


class CriteriaImporter(Importer):
    kind = "criteria"
    label = _("Cây tiêu chí của bộ chỉ số")
    columns = COLUMNS
    notes = [
        "Mục cha phải có trong tệp hoặc đã có trong bộ chỉ số.",
        "Tổng điểm tối đa các mục con không vượt điểm của mục cha; tổng các lĩnh vực "
        "không vượt tổng điểm của bộ chỉ số.",
        "Lĩnh vực điểm thưởng, điểm trừ: điểm tối đa là mức trần, không tính vào tổng điểm "
        "của bộ chỉ số; các dòng thưởng, trừ cộng lại có thể vượt mức trần.",
    ]
    display_headers = [_("Mã"), _("Nội dung"), _("Cấp"), _("Điểm tối đa")]

    def __init__(self, **options):
        super().__init__(**options)
        self.province, self.group = resolve_scope(options)
        self.year = int(options["year"])
        self.framework = Framework.objects.filter(
            province=self.province, year=self.year, group=self.group
        ).first()
        if self.framework is None:
            raise ImportSetupError(
                gettext(
                    "chưa có bộ chỉ số năm {year} của khối {group}; hãy tạo bộ chỉ số trước"
                ).format(year=self.year, group=self.group)
            )
        self.nodes = {
            c.code: (None, c.max_points) for c in self.framework.criteria.all()
        }  # code → (row, max)
        # Bonus and penalty fields: their maximum is a cap outside the framework's total.
        self.adjusting = {
            c.code
            for c in self.framework.criteria.filter(level=Criterion.Level.FIELD)
            if c.counts_as != Criterion.CountsAs.CONTENT
        }

    def parse_row(self, row: SheetRow, errors: RowErrors) -> dict | None:
        code = errors.text("code", required=True, max_length=16).rstrip(".")
        data = {
            "code": code,
            "name": errors.text("name", required=True, max_length=500),
            "max_points": errors.number("max_points", POINTS, required=True),
            "rule_type": errors.choice(
                "rule_type", Criterion.Rule.choices, default=Criterion.Rule.MANUAL
            ),
            "counts_as": errors.choice(
                "counts_as", Criterion.CountsAs.choices, default=Criterion.CountsAs.CONTENT
            ),
            "evidence_required": errors.boolean("evidence_required", True),
            "allow_not_applicable": errors.boolean("allow_not_applicable", False),
            "guidance": errors.text("guidance", max_length=5000),
        }
        if code and not CODE.match(code):
            errors.add("code", gettext("mã phải có dạng 1, 1.2 hoặc 1.2.3 (tối đa 3 cấp)"))
            return None
        parent = code.rpartition(".")[0]
        if parent and parent not in self.nodes:
            errors.add(
                "code",
                gettext("chưa có mục cha “{parent}” (phải đứng trước trong tệp hoặc đã có)").format(
                    parent=parent
                ),
            )
        if code in self.nodes and self.nodes[code][0] is not None:
            errors.add(
                "code", gettext("mã trùng với dòng {value}").format(value=self.nodes[code][0])
            )
            return None
        if not code or data["max_points"] is None:
            return None
        self.nodes[code] = (row.number, data["max_points"])
        data["level"] = code.count(".") + 1
        if data["counts_as"] != Criterion.CountsAs.CONTENT and data["level"] != 1:
            errors.add("counts_as", gettext("chỉ dòng lĩnh vực mới là điểm thưởng hoặc điểm trừ"))
        if data["level"] == 1:
            if data["counts_as"] == Criterion.CountsAs.CONTENT:
                self.adjusting.discard(code)
            else:
                self.adjusting.add(code)
        return data

    def check_all(self) -> list[RowError]:
        problems = []
        children: dict[str, Decimal] = {}
        for code, (_row, maximum) in self.nodes.items():
            if code.split(".")[0] in self.adjusting:
                continue  # a cap, outside the total; its lines may add up beyond it
            children[code.rpartition(".")[0]] = (
                children.get(code.rpartition(".")[0], Decimal(0)) + maximum
            )
        for parent, total in children.items():
            limit = (
                self.framework.total_max
                if parent == ""
                else self.nodes[parent][1]
                if parent in self.nodes
                else None
            )
            if limit is not None and total > limit:
                row = self.nodes[parent][0] if parent else None
                what = f"mục {parent}" if parent else "bộ chỉ số"
                problems.append(
                    RowError(
                        row,
                        gettext("Điểm tối đa"),
                        gettext(
                            "tổng điểm tối đa các mục con ({total}) vượt điểm của {what} ({limit})"
                        ).format(total=format_vi(total), what=what, limit=format_vi(limit)),
                        format_vi(limit),
                    )
                )
        return problems

    def display(self, data: dict) -> list[str]:
        return [
            data["code"],
            data["name"],
            str(Criterion.Level(data["level"]).label),
            format_vi(data["max_points"]),
        ]

    def begin(self, outcome: Outcome):
        self.saved = {c.code: c for c in self.framework.criteria.all()}

    def write(self, batch: list[dict], outcome: Outcome):
        for data in batch:
            node = self.saved.get(data["code"]) or Criterion(
                framework=self.framework, code=data["code"]
            )
            outcome.created += node.pk is None
            outcome.updated += node.pk is not None
            # The parent is found by code ("1.2" of "1.2.3"): it comes earlier in the file or
            # exists already (parse_row checked). The file's order is the tree's order.
            node.parent = self.saved.get(data["code"].rpartition(".")[0])
            node.order = data["_row"]
            for key in (
                "name",
                "max_points",
                "rule_type",
                "counts_as",
                "evidence_required",
                "allow_not_applicable",
                "guidance",
                "level",
            ):
                setattr(node, key, data[key])
            node.save()
            self.saved[node.code] = node
