"""Survey components (ĐTXHH) entered by Sở Nội vụ for a whole group in one table."""

from decimal import Decimal

from django.db import transaction

from .models import AnnualReport, Framework, SurveyScore
from .workflow import WorkflowError, recompute_later

Status = AnnualReport.Status


@transaction.atomic
def save_survey_scores(*, framework: Framework, values: dict[tuple[int, int], Decimal | None]) -> int:
    """Enter survey points for a whole group: {(report_id, component_id): points}. Returns changes.

    A blank cell removes the entry. Published reports are frozen: change them by adjustment.
    """
    reports = {r.pk: r for r in framework.reports.select_for_update().select_related("agency")}
    components = {c.pk: c for c in framework.survey_components.all()}
    existing = {(s.report_id, s.component_id): s for s in SurveyScore.objects.filter(report__framework=framework)}
    changed = 0
    for (report_id, component_id), points in values.items():
        report, component = reports.get(report_id), components.get(component_id)
        if report is None or component is None:
            raise WorkflowError("Bảng điểm điều tra chứa dòng không thuộc khối/năm này; hãy tải lại trang.")
        current = existing.get((report_id, component_id))
        if (current.points if current else None) == points:
            continue
        if report.status == Status.PUBLISHED:
            raise WorkflowError(f"{report.agency}: kết quả đã công bố, chỉ thay đổi được bằng quyết định điều chỉnh.")
        if points is not None and not (0 <= points <= component.max_points):
            raise WorkflowError(f"{report.agency} – {component.name}: điểm phải từ 0 đến {component.max_points}.")
        if points is None:
            current.delete()
        elif current:
            current.points = points
            current.save()
        else:
            SurveyScore.objects.create(report=report, component=component, max_points=component.max_points, points=points)
        changed += 1
    if changed:
        recompute_later(framework)
    return changed


