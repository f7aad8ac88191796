"""Reports whose totals must be summed again: every writer marks them, the recompute claims them.

The marks are written by database triggers (indicators.triggers), so these tests write
scores the ways the product does (save, QuerySet.update, delete, raw SQL) and check that
an incremental recompute ends exactly where a computation from scratch would.
"""

import random
from decimal import Decimal

import pytest
from django.db import connection

from indicators.models import (
    CriterionScore,
    IndexResult,
    PendingTotals,
    SurveyComponent,
    SurveyScore,
)
from indicators.ranking import recompute
from tests.factories import (
    AgencyFactory,
    AnnualReportFactory,
    CriterionScoreFactory,
    IndexResultFactory,
)
from tests.indicators.expected_totals import expected, stored, varied_framework

D = Decimal


def _pending() -> set[int]:
    return set(PendingTotals.objects.values_list("report_id", flat=True))


@pytest.fixture
def summed():
    """A framework of four agencies, recomputed: nothing is marked any more."""
    framework = varied_framework(agencies=4)
    recompute(framework=framework)
    assert _pending() == set()
    return framework


def _first_score(report) -> CriterionScore:
    return report.scores.filter(not_applicable=False).order_by("pk").first()


def _raw_update(report):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CriterionScore._meta.db_table} SET appraised_score = 0 WHERE report_id = %s",
            [report.pk],
        )


WRITERS = {
    "save": lambda report: _first_score(report).save(),
    "queryset update": lambda report: CriterionScore.objects.filter(report=report).update(
        final_score=D("0")
    ),
    "delete": lambda report: _first_score(report).delete(),
    "raw SQL": _raw_update,
    "survey score": lambda report: SurveyScore.objects.filter(report=report).update(points=D("1")),
}


@pytest.mark.django_db
@pytest.mark.parametrize("writer", WRITERS)
def test_every_way_of_writing_a_score_marks_its_report_and_no_other(summed, writer):
    report = summed.reports.order_by("pk")[1]
    WRITERS[writer](report)
    assert _pending() == {report.pk}


@pytest.mark.django_db
def test_rows_deleted_after_their_report_leave_no_mark(summed):
    """As Django's flush empties tables one by one (reports before survey scores)."""
    report = summed.reports.order_by("pk")[1]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SET CONSTRAINTS ALL DEFERRED"
            if connection.vendor == "postgresql"
            else "PRAGMA defer_foreign_keys = ON"
        )
        cursor.execute(
            f"DELETE FROM {quote(IndexResult._meta.db_table)} WHERE report_id = %s", [report.pk]
        )
        cursor.execute(f"DELETE FROM {quote(report._meta.db_table)} WHERE id = %s", [report.pk])
        for model in (SurveyScore, CriterionScore):
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} WHERE report_id = %s", [report.pk]
            )
    assert _pending() == set()


@pytest.mark.django_db
def test_a_criterion_change_marks_every_report_of_its_framework_only(summed):
    other = varied_framework(agencies=2)
    recompute(framework=other)
    leaf = summed.criteria.filter(code="1.1").get()
    leaf.max_points = D("3.00")
    leaf.save()
    assert _pending() == set(summed.reports.values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_survey_component_change_marks_every_report_of_its_framework(summed):
    SurveyComponent.objects.filter(framework=summed, code=SurveyComponent.Code.CCHC_SURVEY).update(
        max_points=D("35")
    )
    assert _pending() == set(summed.reports.values_list("pk", flat=True))


@pytest.mark.django_db
def test_deleting_a_report_leaves_no_mark_behind(summed):
    report = summed.reports.order_by("pk").first()
    report.delete()  # its scores go first, and their deletion marks it
    assert _pending() == set()


@pytest.mark.django_db
def test_a_recompute_sums_only_the_marked_reports_and_a_full_one_sums_all(summed):
    marked, untouched = summed.reports.order_by("pk")[:2]
    # Results carry no trigger: a wrong value written behind the engine's back stays
    # until that report is summed again, which shows which reports were summed.
    IndexResult.objects.filter(report=untouched).update(total_points=D("1.00"))
    CriterionScore.objects.filter(report=marked).update(final_score=D("0"))

    recompute(framework=summed)
    assert _pending() == set()
    now, wanted = stored(summed), expected(summed)
    assert now[marked.agency_id] == wanted[marked.agency_id]
    assert now[untouched.agency_id]["total_points"] == "1.00"

    CriterionScore.objects.filter(report=untouched).update(final_score=D("0"))
    assert _pending() == {untouched.pk}
    # A full recompute sums every report without marking them, and clears the marks.
    recompute(framework=summed, full=True)
    assert _pending() == set()
    assert stored(summed) == expected(summed)


@pytest.mark.django_db
def test_a_failed_recompute_keeps_the_marks_for_the_next_one(summed, monkeypatch):
    report = summed.reports.order_by("pk").first()
    CriterionScore.objects.filter(report=report).update(final_score=D("0"))

    def boom(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr("indicators.ranking._update_results", boom)
    with pytest.raises(RuntimeError):
        recompute(framework=summed)
    assert _pending() == {report.pk}  # the claim was rolled back with the rest
    monkeypatch.undo()
    recompute(framework=summed)
    assert _pending() == set()
    assert stored(summed) == expected(summed)


@pytest.mark.django_db
def test_a_result_imported_before_its_report_is_summed_once_the_report_exists(summed):
    agency = AgencyFactory(group=summed.group)
    imported = IndexResultFactory(
        framework=summed, agency=agency, index_pct=D("50.0000"), total_points=D("50.00")
    )
    recompute(framework=summed)
    report = AnnualReportFactory(
        framework=summed, agency=agency
    )  # a report with no score rows at all
    PendingTotals.objects.filter(
        report=report
    ).delete()  # not marked by any trigger: no score was written
    recompute(framework=summed)
    imported.refresh_from_db()
    assert imported.report_id == report.pk
    assert stored(summed)[agency.pk] == expected(summed)[agency.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_through_every_writer_end_where_a_computation_from_scratch_does(seed):
    rng = random.Random(seed)
    framework = varied_framework(seed=seed, agencies=6)
    recompute(framework=framework)
    leaves = list(framework.criteria.filter(children__isnull=True))
    for step in range(12):
        reports = list(framework.reports.order_by("pk"))
        report = rng.choice(reports)
        action = rng.choice(["points", "raw", "delete", "survey", "criterion", "new report"])
        if action == "points":
            score = rng.choice(list(report.scores.all()) or [None])
            if score is not None:
                CriterionScore.objects.filter(pk=score.pk).update(
                    final_score=D(rng.randint(0, int(score.max_points * 100))) / 100,
                    not_applicable=rng.random() < 0.2,
                )
        elif action == "raw":
            _raw_update(report)
        elif action == "delete":
            report.scores.filter(pk__in=report.scores.values("pk")[:1]).delete()
        elif action == "survey":
            SurveyScore.objects.filter(report=report).update(points=D(rng.randint(0, 800)) / 100)
        elif action == "criterion":
            leaf = rng.choice(leaves)
            leaf.max_points += D("0.50")
            leaf.save()
        else:
            new = AnnualReportFactory(
                framework=framework, agency=AgencyFactory(group=framework.group, name=f"Mới {step}")
            )
            for leaf in rng.sample(leaves, 3):
                CriterionScoreFactory(report=new, criterion=leaf, final_score=D("0.25"))
        if rng.random() < 0.6:
            recompute(framework=framework)
            assert stored(framework) == expected(framework), f"sau bước {step} ({action})"
    recompute(framework=framework)
    assert _pending() == set()
    assert stored(framework) == expected(framework)
