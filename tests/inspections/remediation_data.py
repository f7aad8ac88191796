"""A remediation plan of an agency with one action and one update carrying evidence."""

import datetime
import io

from inspections.models import ActionUpdate, RemediationAction, RemediationPlan


def remediation_action(agency, framework, *, due=datetime.date(2024, 3, 1)):
    """(action, its update with a PDF as evidence) of a new plan of `agency`."""
    plan = RemediationPlan.objects.create(
        agency=agency, framework=framework, title="Khắc phục TC 1.1"
    )
    action = RemediationAction.objects.create(
        plan=plan,
        text="Ban hành kế hoạch CCHC đúng hạn",
        responsible_unit="Văn phòng Sở",
        start_date=due - datetime.timedelta(days=60),
        due_date=due,
    )
    update = ActionUpdate.objects.create(
        action=action, text="Đã dự thảo", status_after="in_progress", original_name="a.pdf"
    )
    update.evidence.save("a.pdf", io.BytesIO(b"%PDF-1.4\n"), save=True)
    return action, update
