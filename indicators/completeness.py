"""How far the self-reports are: per report (filled/total, running self total) and per
group and year (submitted on time / late / not yet, like DHIS2's reporting rate)."""

from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from agencies.models import named

from .models import CriterionScore, Framework

STATES = {"on_time": _("Đúng hạn"), "late": _("Muộn"), "missing": _("Chưa gửi")}
PER_PAGE = 50


def with_state(reports: QuerySet, *, deadline) -> QuerySet:
    """Annotate `state` (a key of STATES) on each report, in SQL, so counts and filters agree.

    On time is measured against the framework deadline; a submission inside an extension
    counts as late (it was allowed, but it is not on time). Without a deadline every
    submission is on time.
    """
    on_time = Q(submitted_at__isnull=False) if deadline is None else Q(submitted_at__lte=deadline)
    return reports.annotate(
        state=Case(
            When(submitted_at__isnull=True, then=Value("missing")),
            When(on_time, then=Value("on_time")),
            default=Value("late"),
            output_field=CharField(),
        )
    )


def completeness(
    *, framework: Framework, state: str = "", q: str = "", page: int | str | None = None
) -> dict:
    """Submission state of a group's reports, like DHIS2's reporting rate.

    `counts`, `total` and the rates cover the whole framework (one aggregate query);
    `rows` are one page (PER_PAGE, by agency name) of the reports in `state` whose agency
    name contains `q`, with the agency's deadline extension if it has one.
    """
    reports = with_state(framework.reports.all(), deadline=framework.self_assessment_deadline)
    match = Q(state=state) if state in STATES else Q()
    if q:
        match &= named(q)
    counts = reports.aggregate(
        **{key: Count("pk", filter=Q(state=key)) for key in STATES},
        matching=Count("pk", filter=match),
    )
    paginator = Paginator(
        reports.filter(match).select_related("agency").order_by("agency__name", "pk"), PER_PAGE
    )
    # Known from the aggregate: spares the paginator its COUNT query.
    paginator.count = counts.pop("matching")
    current: Page = paginator.get_page(page)
    page_reports = list(current)
    # Only this page's extensions: one small query whatever the size of the group.
    extensions = {
        e.agency_id: e
        for e in framework.extensions.filter(agency_id__in=[r.agency_id for r in page_reports])
    }
    rows = [
        {"report": r, "state": r.state, "extension": extensions.get(r.agency_id)}
        for r in page_reports
    ]
    total = sum(counts.values())
    rate = Decimal(100 * (counts["on_time"] + counts["late"])) / total if total else None
    on_time_rate = Decimal(100 * counts["on_time"]) / total if total else None
    return {
        "rows": rows,
        "page": current,
        "counts": counts,
        "total": total,
        "rate": rate,
        "on_time_rate": on_time_rate,
        "filtered": state in STATES or bool(q),
    }


def progress(scores) -> dict:
    """Filled/total and the running self total of a list of criterion scores."""
    applicable = [s for s in scores if not s.not_applicable]
    filled = sum(1 for s in scores if s.not_applicable or s.self_score is not None)
    return {
        "filled": filled,
        "total": len(scores),
        "pct": round(100 * filled / len(scores)) if scores else 0,
        "self_total": sum(
            (s.self_score for s in applicable if s.self_score is not None), Decimal("0")
        ),
        "max_total": sum((s.max_points for s in applicable), Decimal("0")),
    }


# A leaf criterion is scored once any stage of its score is entered (the one that counts
# is the latest, `CriterionScore`'s rule) or it is marked not applicable. A blank is not a
# zero: a draft with half its criteria blank is half done, not half as good.
SCORED = (
    Q(not_applicable=True)
    | Q(final_score__isnull=False)
    | Q(appraised_score_r2__isnull=False)
    | Q(appraised_score__isnull=False)
    | Q(self_score__isnull=False)
)


def report_completeness(*, report_ids) -> dict[int, dict]:
    """{report id: {"scored", "total", "complete"}}: how many of each report's leaf
    criteria have a score, in one GROUP BY whatever the number of reports."""
    rows = (
        CriterionScore.objects.filter(report_id__in=list(report_ids))
        .values("report_id")
        .annotate(total=Count("pk"), scored=Count("pk", filter=SCORED))
        .order_by()
    )
    return {
        r["report_id"]: {
            "scored": r["scored"],
            "total": r["total"],
            "complete": r["scored"] == r["total"],
        }
        for r in rows
    }


def incomplete_reports(*, framework) -> int:
    """How many reports of the framework still have a leaf criterion without a score."""
    return (
        CriterionScore.objects.filter(report__framework=framework)
        .values("report_id")
        .annotate(unscored=Count("pk", filter=~SCORED))
        .filter(unscored__gt=0)
        .order_by()
        .count()
    )


def _tally(counts: dict, key, scored: int, total: int) -> None:
    entry = counts.setdefault(key, {"scored": 0, "total": 0, "complete": True})
    entry["scored"] += scored
    entry["total"] += total
    entry["complete"] = entry["scored"] == entry["total"]


def report_breakdown(*, report_id) -> dict:
    """How much of one report is scored: overall (`report`), per field code (`fields`) and
    per criterion code (`criteria`, a sub-criterion counted under its criterion, as the
    profile sums its points); each {"scored", "total", "complete"}. One GROUP BY."""
    rows = (
        CriterionScore.objects.filter(report_id=report_id)
        .values(
            "criterion__level",
            "criterion__code",
            "criterion__parent__code",
            "criterion__field__code",
        )
        .annotate(total=Count("pk"), scored=Count("pk", filter=SCORED))
        .order_by()
    )
    breakdown = {"report": None, "fields": {}, "criteria": {}}
    overall: dict = {}
    for r in rows:
        code = r["criterion__code"]
        if r["criterion__level"] > 2 and r["criterion__parent__code"] is not None:
            code = r["criterion__parent__code"]
        _tally(breakdown["criteria"], code, r["scored"], r["total"])
        _tally(breakdown["fields"], r["criterion__field__code"], r["scored"], r["total"])
        _tally(overall, "report", r["scored"], r["total"])
    breakdown["report"] = overall.get("report")
    return breakdown
