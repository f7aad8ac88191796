"""Per-criterion scores of each agency's report: self-score, appraisal rounds, final.

Rows name an agency and a leaf criterion by code. A score above the criterion's maximum
is an error naming both; so is a code that is not a leaf (points go on leaves only). The
agency's `AnnualReport` is created when missing; scores are updated by (report,
criterion), so a re-import changes nothing. The ranking recompute is queued after commit.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.models import AnnualReport, CriterionScore, Framework
from indicators.recomputing import queue_recompute

from .agency_names import AgencyResolver
from .base import Importer, ImportSetupError, Outcome, RowErrors, assign_changes
from .numbers import NumberSpec, format_vi
from .reading import Column, SheetRow
from .results import resolve_scope

SCORE_KEYS = ("self_score", "appraised_score", "appraised_score_r2", "final_score")
COLUMNS = [
    Column("agency", "Tên đơn vị", ("Đơn vị", "agency_name"), required=True, sample="Sở Nội vụ"),
    Column("criterion", "Mã tiêu chí", ("Mã", "criterion", "code"), required=True, sample="1.1"),
    Column("self_score", "Điểm tự chấm", ("Tự đánh giá", "self_score"), sample="1"),
    Column(
        "appraised_score",
        "Điểm thẩm định",
        ("Điểm thẩm định vòng 1", "appraised_score"),
        sample="1",
    ),
    Column("appraised_score_r2", "Điểm thẩm định vòng 2", ("appraised_score_r2",), sample=""),
    Column("final_score", "Điểm đạt", ("final_score",), sample="1"),
    Column(
        "not_applicable",
        "Không áp dụng",
        ("not_applicable", "KAD"),
        note="Có / Không",
        sample="Không",
    ),
    Column("self_note", "Thuyết minh", ("Ghi chú", "self_note"), sample=""),
]


class ScoreImporter(Importer):
    kind = "scores"
    label = _("Điểm từng tiêu chí của các đơn vị")
    columns = COLUMNS
    notes = [
        "Mỗi dòng: một đơn vị, một tiêu chí (mã của mục lá). Điểm không vượt điểm tối đa "
        "của tiêu chí."
    ]
    display_headers = [
        _("Đơn vị"),
        _("Tiêu chí"),
        _("Tự chấm"),
        _("Thẩm định"),
        _("Vòng 2"),
        _("Điểm đạt"),
    ]

    def __init__(self, **options):
        super().__init__(**options)
        self.province, self.group = resolve_scope(options)
        self.framework = Framework.objects.filter(
            province=self.province, year=int(options["year"]), group=self.group
        ).first()
        if self.framework is None:
            raise ImportSetupError(gettext("chưa có bộ chỉ số của năm và khối đã chọn"))
        criteria = list(self.framework.criteria.all())
        parents = {c.parent_id for c in criteria}
        self.criteria = {c.code: c for c in criteria}
        self.leaves = {c.code for c in criteria if c.pk not in parents}
        self.agencies = AgencyResolver(
            province=self.province,
            group=self.group,
            year=self.framework.year,
            create=bool(options.get("create_agencies")),
        )

    def parse_row(self, row: SheetRow, errors: RowErrors) -> dict | None:
        code = errors.text("criterion", required=True, max_length=16).rstrip(".")
        criterion = self.criteria.get(code)
        if code and criterion is None:
            errors.add("criterion", gettext("không có tiêu chí mã này trong bộ chỉ số"))
        elif criterion is not None and code not in self.leaves:
            errors.add("criterion", gettext("chỉ chấm điểm ở tiêu chí lá (không có mục con)"))
        # One row per (agency, criterion): the same agency appears once for each criterion.
        match = self.agencies.resolve(errors, row_key=code)
        data = {
            "match": match,
            "criterion": criterion,
            "not_applicable": errors.boolean("not_applicable", False),
            "self_note": errors.text("self_note", max_length=5000),
        }
        spec = NumberSpec(maximum=criterion.max_points) if criterion else NumberSpec()
        for key in SCORE_KEYS:
            data[key] = errors.number(key, spec)
        if match is None or criterion is None:
            return None
        data["_note"] = match.explanation
        return data

    def display(self, data: dict) -> list[str]:
        match = data["match"]
        return [
            match.agency.name if match.agency else match.new_name,
            data["criterion"].code,
            *[format_vi(data[key]) for key in SCORE_KEYS],
        ]

    def new_agencies(self) -> list[str]:
        return self.agencies.new_names()

    def begin(self, outcome: Outcome):
        self.reports = {
            r.agency_id: r for r in AnnualReport.objects.filter(framework=self.framework)
        }

    def write(self, batch: list[dict], outcome: Outcome):
        for data in batch:
            agency = self.agencies.agency_for(data["match"], outcome)
            report = self.reports.get(agency.pk)
            if report is None:
                report = self.reports[agency.pk] = AnnualReport.objects.create(
                    agency=agency, framework=self.framework
                )
            values = {key: data[key] for key in (*SCORE_KEYS, "not_applicable", "self_note")}
            score, created = CriterionScore.objects.get_or_create(
                report=report,
                criterion=data["criterion"],
                defaults={**values, "max_points": data["criterion"].max_points},
            )
            if created:
                outcome.created += 1
            elif assign_changes(score, values):
                # Through save(), so the audit history names the import as the reason.
                score._change_reason = "Nhập từ tệp điểm tiêu chí"
                score.save()
                outcome.updated += 1
            else:
                outcome.unchanged += 1

    def finish(self, outcome: Outcome, *, sha256: str, user=None):
        # Inside the import's transaction: the recompute is queued only if it commits.
        queue_recompute(self.framework)
