"""One demo framework per year and group: the criteria tree, bands, surveys, decisions.

`get_framework` copies `demo.criteria_tree.TREE` into a new framework with three bulk
inserts, and adds the bands and the two survey components. Decision numbers are
illustrative.
"""

from decimal import Decimal

from agencies.models import AgencyGroup
from indicators.models import Band, Criterion, Framework, SurveyComponent

from . import moment
from .criteria_tree import TREE
from .cycle import USUAL_EXPLANATION_DEADLINE, USUAL_SELF_DEADLINE, Cycle, criteria_decision

SURVEYS = [
    (SurveyComponent.Code.CCHC_SURVEY, "Điều tra xã hội học về CCHC", Decimal("32")),
    (
        SurveyComponent.Code.SATISFACTION,
        "Mức độ hài lòng của người dân, tổ chức (MĐHL)",
        Decimal("8"),
    ),
]
BANDS = [
    ("Xuất sắc", 90, "#1a7f37"),
    ("Tốt", 80, "#2f6fdf"),
    ("Khá", 70, "#bf8700"),
    ("Trung bình", 50, "#d1600f"),
    ("Yếu", 0, "#cf222e"),
]


def national_basis(year: int) -> str:
    if year <= 2021:
        return Framework.NationalBasis.QD_1150
    return Framework.NationalBasis.QD_876 if year <= 2023 else Framework.NationalBasis.QD_892


GROUP_LABELS = {
    AgencyGroup.Kind.DEPARTMENT: "khối sở, ban, ngành",
    AgencyGroup.Kind.DISTRICT: "khối UBND cấp huyện",
    AgencyGroup.Kind.COMMUNE: "khối UBND xã",
    "phuong": "khối UBND phường",
}


def _label(group) -> str:
    return GROUP_LABELS.get(group.code) or GROUP_LABELS.get(group.kind, group.name.lower())


def get_framework(
    *, province, group, year: int, cycle: Cycle | None = None, tree=TREE
) -> tuple[Framework, bool]:
    """The framework of `group` for `year`, with its tree, bands and surveys; built only once.

    The open year (`cycle.year`) takes its decision date and deadlines from the cycle; the
    years before it are closed, with their usual deadlines."""
    decision_no, decision_date = criteria_decision(year)
    is_open = cycle is not None and cycle.year == year
    if is_open:
        decision_date = cycle.criteria_date
        self_deadline, explanation_deadline = cycle.self_deadline, cycle.explanation_deadline
    else:
        self_deadline = moment(year + 1, *USUAL_SELF_DEADLINE, 17)
        explanation_deadline = moment(year + 1, *USUAL_EXPLANATION_DEADLINE, 17)
    framework, created = Framework.objects.get_or_create(
        province=province,
        year=year,
        group=group,
        defaults={
            "name": f"Bộ chỉ số CCHC {_label(group)} năm {year}",
            "legal_basis_no": decision_no,
            "legal_basis_date": decision_date,
            "national_basis": national_basis(year),
            "is_open": is_open,
            "self_assessment_deadline": self_deadline,
            "explanation_deadline": explanation_deadline,
            "is_illustrative": True,
        },
    )
    if created:
        build_tree(framework=framework, tree=tree)
        Band.objects.bulk_create(
            Band(framework=framework, name=name, lower=Decimal(lower), order=order, color=color)
            for order, (name, lower, color) in enumerate(BANDS)
        )
        SurveyComponent.objects.bulk_create(
            SurveyComponent(
                framework=framework, code=code, name=name, max_points=maximum, order=order
            )
            for order, (code, name, maximum) in enumerate(SURVEYS)
        )
    return framework, created


def build_tree(*, framework: Framework, tree=TREE) -> list[Criterion]:
    """Copy the tree into `framework` with three bulk inserts; returns the leaves in order."""
    Level = Criterion.Level
    # `order` is a pre-order walk (field 1, 1.1, 1.1.1, …, field 2, …): lists sort by it alone.
    fields = []
    for f_index, (name, criteria) in enumerate(tree, start=1):
        total = sum((leaf.max_points for _, leaves in criteria for leaf in leaves), Decimal(0))
        fields.append(
            Criterion(
                framework=framework,
                level=Level.FIELD,
                code=str(f_index),
                name=name,
                max_points=total,
                order=f_index * 100_000,
                evidence_required=False,
            )
        )
    Criterion.objects.bulk_create(fields)
    for node in fields:  # a field is its own `field` (see Criterion.save)
        node.field_id = node.pk
    Criterion.objects.bulk_update(fields, ["field"])

    middles, pending_leaves = [], []
    for field_node, (_, criteria) in zip(fields, tree, strict=True):
        for c_index, (name, leaves) in enumerate(criteria, start=1):
            code = f"{field_node.code}.{c_index}"
            node = Criterion(
                framework=framework,
                parent=field_node,
                field=field_node,
                level=Level.CRITERION,
                code=code,
                name=name,
                max_points=sum((leaf.max_points for leaf in leaves), Decimal(0)),
                order=field_node.order + c_index * 1000,
                evidence_required=False,
            )
            middles.append(node)
            pending_leaves.append((node, leaves))
    Criterion.objects.bulk_create(middles)

    subs = []
    for node, leaves in pending_leaves:
        for l_index, leaf in enumerate(leaves, start=1):
            subs.append(
                Criterion(
                    framework=framework,
                    parent=node,
                    field_id=node.field_id,
                    level=Level.SUB_CRITERION,
                    code=f"{node.code}.{l_index}",
                    name=leaf.name,
                    max_points=leaf.max_points,
                    rule_type=leaf.rule,
                    rule_params=leaf.params,
                    source=leaf.source,
                    source_params=leaf.source_params,
                    allow_not_applicable=leaf.allow_na,
                    evidence_required=True,
                    order=node.order + l_index,
                )
            )
    Criterion.objects.bulk_create(subs)
    return subs
