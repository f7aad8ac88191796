"""Survey components (ĐTXHH) entered by Sở Nội vụ for a group, one page of agencies at a time."""

from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from agencies.models import named

from .models import AnnualReport, Framework, SurveyScore
from .recomputing import queue_recompute
from .workflow import WorkflowError

Status = AnnualReport.Status
PER_PAGE = 50

Cell = tuple[int, int]  # (report_id, component_id)


def entry_page(*, framework: Framework, q: str = "", page: int | str | None = None) -> Page:
    """One page (PER_PAGE, by agency name) of the group's reports whose agency name contains `q`."""
    reports = framework.reports.select_related("agency").order_by("agency__name", "pk")
    if q:
        reports = reports.filter(named(q))
    return Paginator(reports, PER_PAGE).get_page(page)


def posted_reports(*, framework: Framework, report_ids: list[str]) -> list[AnnualReport]:
    """The rows a posted page showed, by their ids: the page may have shifted since it was loaded
    (an agency added or renamed), and a save must write exactly the rows the user saw."""
    ids = [int(i) for i in report_ids[:PER_PAGE] if i.isdecimal() and len(i) < 19]
    return list(
        framework.reports.filter(pk__in=ids).select_related("agency").order_by("agency__name", "pk")
    )


def stored_points(*, reports) -> dict[Cell, Decimal]:
    """The survey points stored for these reports."""
    return {
        (s.report_id, s.component_id): s.points
        for s in SurveyScore.objects.filter(report__in=reports)
    }


@transaction.atomic
def save_survey_scores(
    *, framework: Framework, values: dict[Cell, Decimal | None], loaded: dict[Cell, Decimal | None]
) -> int:
    """Save survey points {(report_id, component_id): points} of some rows; returns the changes.

    `loaded` holds what each cell showed when the page was loaded. A cell left as loaded is
    not written; a cell the user changed is refused when someone else changed it meanwhile
    (stored ≠ loaded), so a concurrent edit is never silently overwritten. All or nothing.
    A blank cell removes the entry. Published reports are frozen: change them by adjustment.
    """
    # Locking the rows' reports serialises two saves of the same rows: the second reads
    # the points the first committed and sees the conflict.
    reports = {
        r.pk: r
        for r in framework.reports.filter(pk__in={r for r, _ in values})
        .select_for_update(of=("self",))
        .select_related("agency")
    }
    components = {c.pk: c for c in framework.survey_components.all()}
    stored = {
        (s.report_id, s.component_id): s
        for s in SurveyScore.objects.filter(report_id__in=list(reports))
    }
    changed, conflicts = 0, []
    for (report_id, component_id), points in values.items():
        report, component = reports.get(report_id), components.get(component_id)
        if report is None or component is None:
            raise WorkflowError(
                _("Bảng điểm điều tra chứa dòng không thuộc khối/năm này; hãy tải lại trang.")
            )
        current = stored.get((report_id, component_id))
        now, before = (current.points if current else None), loaded.get((report_id, component_id))
        if points == before or points == now:
            continue
        if now != before:
            shown = formats.number_format(now, decimal_pos=2) if now is not None else _("trống")
            conflicts.append(
                _("{agency} – {name} (nay là {shown})").format(
                    agency=report.agency, name=component.name, shown=shown
                )
            )
            continue
        if report.status == Status.PUBLISHED:
            raise WorkflowError(
                _(
                    "{agency}: kết quả đã công bố, chỉ thay đổi được bằng quyết định điều chỉnh."
                ).format(agency=report.agency)
            )
        if points is not None and not (0 <= points <= component.max_points):
            raise WorkflowError(
                _("{agency} – {name}: điểm phải từ 0 đến {max_points}.").format(
                    agency=report.agency, name=component.name, max_points=component.max_points
                )
            )
        if points is None:
            current.delete()
        elif current:
            current.points = points
            current.save()
        else:
            SurveyScore.objects.create(
                report=report, component=component, max_points=component.max_points, points=points
            )
        changed += 1
    if conflicts:
        raise WorkflowError(
            _("Chưa lưu: người khác đã sửa các ô này sau khi bạn mở trang: ")
            + "; ".join(conflicts)
            + _(". Hãy tải lại trang rồi nhập lại.")
        )
    if changed:
        queue_recompute(framework)
    return changed
