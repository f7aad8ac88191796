"""The open year of the demo: a report in every workflow state, and work waiting for each
demo account on the day the demo is loaded (`demo.cycle` places the deadlines ahead).

Departments (the 12 after the 1/3/2025 mergers):
- Sở Xây dựng (`sxd`, and `sgtvt`, whose Sở GTVT merged into it): a draft with most
  criteria scored and their evidence attached; the last ones are still to do;
- Sở Khoa học và Công nghệ (`skhcn`): Sở Nội vụ has asked for an explanation;
- Sở Tài chính: round 1 appraised in full, for Sở Nội vụ to ask for an explanation or close;
- Sở Tư pháp, Thanh tra tỉnh: round 1 part done; Sở Công Thương and Sở GD&ĐT submitted,
  waiting for Sở Nội vụ; Sở Nội vụ's own report and Sở Ngoại vụ's appraised; three more
  drafts, one of them with a deadline extension.
Communes: drafts, submitted reports and part-done appraisals.
"""

import random

from indicators.models import AnnualReport, DeadlineExtension, Framework

from . import SEED
from .agencies import DemoProvince
from .cycle import Cycle
from .evidence import attach_draft_evidence
from .frameworks import get_framework
from .scores import build_year

Status = AnnualReport.Status

DEPARTMENT_STATUS = {
    "xaydung": Status.DRAFT,
    "vhttdl": Status.DRAFT,
    "yte": Status.DRAFT,
    "nnmt": Status.DRAFT,
    "congthuong": Status.SUBMITTED,
    "gddt": Status.SUBMITTED,
    "tuphap": Status.UNDER_APPRAISAL,
    "thanhtra": Status.UNDER_APPRAISAL,
    "taichinh": Status.UNDER_APPRAISAL,
    "khcn": Status.EXPLANATION_REQUESTED,
    "noivu": Status.APPRAISED,
    "ngoaivu": Status.APPRAISED,
}
ROUND_ONE_DONE = {"taichinh"}
# The demo reporters' draft: the share of its criteria (in tree order) already scored.
REPORTER_DRAFT = "xaydung"
REPORTER_DRAFT_FILLED = 0.88
COMMUNE_STATUSES = [Status.DRAFT] * 7 + [Status.SUBMITTED] * 7 + [Status.UNDER_APPRAISAL] * 6

# Who got more time for the self-assessment, and why (the 2025 one is the merger's).
EXTENSIONS = {
    2025: (
        "nnmt",
        "Đơn vị mới thành lập từ 01/03/2025 trên cơ sở hợp nhất Sở TN&MT và Sở NN&PTNT.",
    ),
}
USUAL_EXTENSION = (
    "yte",
    "Đơn vị đề nghị gia hạn để hoàn thiện tài liệu kiểm chứng (văn bản đề nghị minh họa).",
)


def build_open_year(demo: DemoProvince, *, group, targets: dict, cycle: Cycle) -> Framework | None:
    """The open year's framework of `group` with its reports; None if it was there already
    (its passed deadlines are then moved ahead, see `refresh_deadlines`)."""
    framework, created = get_framework(
        province=demo.province, group=group, year=cycle.year, cycle=cycle
    )
    if not created:
        refresh_deadlines(framework, cycle=cycle)
        return None
    key_of = {agency: key for key, agency in demo.agencies.items()}
    if group == demo.departments:
        statuses = {agency: DEPARTMENT_STATUS[key_of[agency]] for agency in targets}
    else:
        statuses = {
            agency: COMMUNE_STATUSES[i % len(COMMUNE_STATUSES)] for i, agency in enumerate(targets)
        }
    rng = random.Random(f"{SEED}:scores:{group.code}:{cycle.year}")
    reports = build_year(
        framework=framework,
        targets=targets,
        statuses=statuses,
        rng=rng,
        publish=False,
        cycle=cycle,
        stages={a: "round1" for a in targets if key_of[a] in ROUND_ONE_DONE},
        filled={a: REPORTER_DRAFT_FILLED for a in targets if key_of[a] == REPORTER_DRAFT},
    )
    if group == demo.departments:
        key, reason = EXTENSIONS.get(cycle.year, USUAL_EXTENSION)
        DeadlineExtension.objects.create(
            framework=framework,
            agency=demo.agencies[key],
            self_assessment_deadline=cycle.extended_self_deadline,
            reason=reason,
        )
        draft = next(r for r in reports if key_of[r.agency] == REPORTER_DRAFT)
        attach_draft_evidence(draft, rng=random.Random(f"{SEED}:evidence:{cycle.year}"))
    return framework


def refresh_deadlines(framework: Framework, *, cycle: Cycle) -> bool:
    """Move the passed deadlines of a demo year still open to the cycle's, so that a demo
    loaded weeks ago comes alive again; returns whether anything moved."""
    if not (framework.is_open and framework.is_illustrative):
        return False
    deadlines = [framework.self_assessment_deadline, framework.explanation_deadline]
    if all(d is None or d > cycle.now for d in deadlines):
        return False
    framework.self_assessment_deadline = cycle.self_deadline
    framework.explanation_deadline = cycle.explanation_deadline
    framework.save(update_fields=["self_assessment_deadline", "explanation_deadline"])
    framework.extensions.filter(self_assessment_deadline__isnull=False).update(
        self_assessment_deadline=cycle.extended_self_deadline
    )
    return True


def stale_open_years(demo: DemoProvince, *, cycle: Cycle) -> list[int]:
    """Demo years still open although an older cycle's: loaded in an earlier cycle year and
    left as they were, since somebody may have worked in them."""
    return sorted(
        set(
            Framework.objects.filter(
                province=demo.province, is_open=True, is_illustrative=True, year__lt=cycle.year
            ).values_list("year", flat=True)
        )
    )
