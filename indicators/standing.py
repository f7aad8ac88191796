"""Where a report under appraisal would stand if its appraisal closed now: its total, index,
band and rank within its group, for the live panel of the appraisal page.

Nothing is computed here that `indicators.scoring` and `indicators.ranking` do not already
compute: the report's columns come from `scoring.report_indices` (the score that counts:
the current appraisal where there is one, else the self-score), the other agencies rank
on their recorded results (`ranking.ranking_value`), and the rank is `ranking.standings`
under the framework's tie policy. Nothing is written.
"""

from dataclasses import dataclass
from decimal import Decimal

from .models import AnnualReport, IndexResult
from .ranking import ranking_value, standings
from .scoring import band_of, percent, report_indices


@dataclass(frozen=True)
class Standing:
    total_points: Decimal
    applicable_max: Decimal
    index_pct: Decimal | None
    band: str
    rank: int | None
    group_size: int
    unappraised: int


def _decimal(text) -> Decimal | None:
    return None if text is None else Decimal(text)


def appraisal_standing(*, report: AnnualReport, unappraised: int = 0) -> Standing:
    """The report's standing from its scores as they are now; `unappraised` (how many rows
    still count their self-score) is passed through for the panel."""
    framework = report.framework
    columns = report_indices(framework_id=framework.pk, report_ids=[report.pk])[report.pk]
    total = Decimal(columns["total_points"])
    maximum = Decimal(columns["applicable_max"])
    with_reports = set(framework.reports.values_list("agency_id", flat=True))
    values = []
    for agency_id, total_o, maximum_o, index_pct, published_pct in (
        IndexResult.objects.filter(framework=framework, agency__is_ranked=True)
        .exclude(agency_id=report.agency_id)
        .order_by()
        .values_list(
            "agency_id", "total_points", "applicable_max", "index_pct", "published_index_pct"
        )
    ):
        value = ranking_value(
            from_report=agency_id in with_reports,
            total=total_o,
            maximum=maximum_o,
            index_pct=index_pct,
            published_pct=published_pct,
        )
        values.append((agency_id, True, value))
    values.append((report.agency_id, report.agency.is_ranked, percent(total, maximum)))
    ranks, ranked_count = standings(
        values, policy=framework.tie_policy, tolerance=framework.tie_tolerance
    )
    index_pct = _decimal(columns["index_pct"])
    bands = [band.rule for band in framework.bands.all()]
    return Standing(
        total_points=total,
        applicable_max=maximum,
        index_pct=index_pct,
        band=band_of(index_pct, bands, columns["components"]),
        rank=ranks.get(report.agency_id),
        group_size=ranked_count,
        unappraised=unappraised,
    )
