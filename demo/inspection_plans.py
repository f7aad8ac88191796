"""Inspection plans written as data (`VisitSpec`) and created with their visits, team,
findings, recommendations and follow-up updates (`create_plan`), for every demo province."""

import datetime
from dataclasses import dataclass, field

from indicators.models import Criterion, Framework
from inspections.models import (
    Finding,
    InspectionPlan,
    Recommendation,
    RecommendationUpdate,
    TeamMember,
    Visit,
)

from . import moment

ACH, SHORT = Finding.Kind.ACHIEVEMENT, Finding.Kind.SHORTCOMING
NOT_STARTED, IN_PROGRESS, DONE = (
    Recommendation.Status.NOT_STARTED,
    Recommendation.Status.IN_PROGRESS,
    Recommendation.Status.DONE,
)
FOLLOW_UP_NOTE = "Thời hạn và tiến độ thực hiện kiến nghị là minh họa (bài báo không nêu)."


@dataclass
class VisitSpec:
    """One visit as data: agencies by key, findings (kind, text, criterion code, indicator), kiến
    nghị."""

    date: datetime.date
    agencies: list[str]
    lead_name: str
    lead_position: str
    summary: str
    members: list[tuple[str, str]] = field(default_factory=list)
    findings: list[tuple] = field(default_factory=list)
    # (text, deadline, status, completed date, finding index or None)
    recommendations: list[tuple] = field(default_factory=list)
    mode: str = Visit.Mode.DIRECT
    announced: bool = True
    is_illustrative: bool = False
    conclusion_no: str = ""
    conclusion_date: datetime.date | None = None


def create_plan(
    *,
    province,
    number,
    date,
    issuer,
    year,
    subject,
    kind,
    visits,
    agencies,
    criteria_year=None,
    issuing_agency=None,
    is_illustrative=False,
) -> InspectionPlan | None:
    """The plan with its visits, team, findings and recommendations; nothing if it exists."""
    plan, created = InspectionPlan.objects.get_or_create(
        province=province,
        number=number,
        year=year,
        defaults={
            "kind": kind,
            "date": date,
            "issuer": issuer,
            "subject": subject,
            "issuing_agency": issuing_agency,
            "is_illustrative": is_illustrative,
        },
    )
    if not created:
        return None
    for spec in visits:
        visit = Visit.objects.create(
            plan=plan,
            date=spec.date,
            lead_name=spec.lead_name,
            lead_position=spec.lead_position,
            mode=spec.mode,
            announced=spec.announced,
            summary=spec.summary,
            is_illustrative=spec.is_illustrative,
            conclusion_no=spec.conclusion_no,
            conclusion_date=spec.conclusion_date,
        )
        targets = [agencies[key] for key in spec.agencies]
        visit.agencies.set(targets)
        TeamMember.objects.bulk_create(
            TeamMember(visit=visit, name=name, position=position, order=i)
            for i, (name, position) in enumerate(spec.members)
        )
        findings = []
        for kind, text, code, indicator, *who in spec.findings:
            agency = agencies[who[0]] if who else targets[0]
            findings.append(
                Finding.objects.create(
                    visit=visit,
                    agency=agency,
                    kind=kind,
                    text=text,
                    procedure_indicator=indicator or "",
                    criterion=_criterion(agency, criteria_year or spec.date.year, code)
                    if code
                    else None,
                )
            )
        for text, deadline, status, completed, finding_index, *who in spec.recommendations:
            addressee = agencies[who[0]] if who else targets[0]
            recommendation = Recommendation.objects.create(
                visit=visit,
                addressee=addressee,
                text=text,
                deadline=deadline,
                status=status,
                completed_date=completed,
                finding=findings[finding_index] if finding_index is not None else None,
                confirmed_at=moment(completed.year, completed.month, completed.day, 15)
                if completed
                else None,
            )
            if status != NOT_STARTED:
                posted = completed or (
                    deadline - datetime.timedelta(days=45) if deadline else spec.date
                )
                RecommendationUpdate.objects.create(
                    recommendation=recommendation,
                    posted_at=moment(posted.year, posted.month, posted.day, 10),
                    text="Đã hoàn thành, gửi báo cáo kết quả kèm theo."
                    if status == DONE
                    else "Đang triển khai; đã ban hành kế hoạch khắc phục.",
                    document_no=f"{100 + len(text) * 7 % 800}/BC-{addressee.short_name or 'ĐV'}",
                    document_date=posted,
                    status_after=status,
                )
    return plan


def _criterion(agency, year: int, code: str) -> Criterion | None:
    framework = Framework.objects.filter(group_id=agency.group_id, year=year).first()
    return framework.criteria.filter(code=code).first() if framework else None
