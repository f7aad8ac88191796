"""How far the self-reports are: per report (filled/total, running self total) and per
group and year (submitted on time / late / not yet, like DHIS2's reporting rate)."""

from decimal import Decimal

from .models import Framework


def completeness(*, framework: Framework) -> dict:
    """Per agency: submitted on time / late / not yet, like DHIS2's reporting rate.

    On time is measured against the framework deadline; a submission inside an extension
    counts as late (it was allowed, but it is not on time).
    """
    deadline = framework.self_assessment_deadline
    reports = list(
        framework.reports.select_related("agency", "submitted_by").order_by("agency__name")
    )
    extensions = {e.agency_id: e for e in framework.extensions.all()}
    rows, counts = [], {"on_time": 0, "late": 0, "missing": 0}
    for report in reports:
        if report.submitted_at is None:
            state = "missing"
        elif deadline is None or report.submitted_at <= deadline:
            state = "on_time"
        else:
            state = "late"
        counts[state] += 1
        rows.append({"report": report, "state": state, "extension": extensions.get(report.agency_id)})
    total = len(reports)
    rate = Decimal(100 * (counts["on_time"] + counts["late"])) / total if total else None
    on_time_rate = Decimal(100 * counts["on_time"]) / total if total else None
    return {"rows": rows, "counts": counts, "total": total, "rate": rate, "on_time_rate": on_time_rate}



def progress(scores) -> dict:
    """Filled/total and the running self total of a list of criterion scores."""
    applicable = [s for s in scores if not s.not_applicable]
    filled = sum(1 for s in scores if s.not_applicable or s.self_score is not None)
    return {
        "filled": filled,
        "total": len(scores),
        "pct": round(100 * filled / len(scores)) if scores else 0,
        "self_total": sum((s.self_score for s in applicable if s.self_score is not None), Decimal("0")),
        "max_total": sum((s.max_points for s in applicable), Decimal("0")),
    }
