"""A creation record in the change history for each report, score and survey score the
demo inserts in bulk (`demo.bulk.insert_rows`, `bulk_create` write none).

Without it the first change a user makes to a seeded row has nothing to be compared with,
and "Lịch sử thay đổi" leaves it out. The record holds the row as seeded, dated when its
report was last touched by the seed, by nobody (shown as "Hệ thống"), with the reason
`indicators.audit.SEEDED`. Rows that already have a record are left alone, so loading
again writes nothing. The national scale-up (benchmarks only) is left out: it has no
users, and recording it would double its load.
"""

from django.db.models import F

from indicators.audit import SEEDED
from indicators.models import AnnualReport, CriterionScore, SurveyScore

from .bulk import insert_rows
from .national import CODE as NATIONAL

# The historical table's own columns, filled here rather than copied from the row.
OWN_COLUMNS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}


def _record(model, rows, *, moment: str) -> int:
    """Insert a "+" record of each of `rows` (a QuerySet of `model`), dated by `moment`."""
    historical = model.history.model
    names = [f.attname for f in historical._meta.concrete_fields if f.name not in OWN_COLUMNS]
    values = list(
        rows.exclude(pk__in=model.history.values("id"))
        .annotate(seeded_at=F(moment))
        .order_by("pk")
        .values_list(*names, "seeded_at")
    )
    insert_rows(
        historical,
        [*names, "history_date", "history_type", "history_change_reason", "history_user_id"],
        [(*row, "+", SEEDED, None) for row in values],
    )
    return len(values)


def record_seeded_rows() -> int:
    """Creation records for the seeded rows without any; returns how many were written."""
    reports = AnnualReport.objects.exclude(agency__province__code=NATIONAL)
    return (
        _record(AnnualReport, reports, moment="updated_at")
        + _record(
            CriterionScore,
            CriterionScore.objects.filter(report__in=reports),
            moment="report__updated_at",
        )
        + _record(
            SurveyScore, SurveyScore.objects.filter(report__in=reports), moment="report__updated_at"
        )
    )
