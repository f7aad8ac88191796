"""The queued recompute: eager path, broker down, stale state, nightly run, rate ranks."""

import csv
import logging
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from kombu.exceptions import OperationalError

from indicators import sheets
from indicators.models import Framework, IndexResult, RankingRun, RateResult
from indicators.ranking import rank_rates
from indicators.recomputing import queue_recompute
from indicators.tasks.ranking import recompute_open_years, recompute_rankings, recompute_stale
from tests.factories import (
    AgencyFactory,
    AnnualReportFactory,
    CriterionScoreFactory,
    FrameworkFactory,
    ProcedureStatFactory,
    make_tree,
)

D = Decimal


@pytest.fixture
def framework(db):
    framework = FrameworkFactory()
    (leaf,) = make_tree(framework, {"1": ("Chỉ đạo", [("1.1", 10)])})
    for points in ("9", "7"):
        report = AnnualReportFactory(framework=framework)
        CriterionScoreFactory(report=report, criterion=leaf, final_score=D(points))
    return framework


def test_task_is_registered_with_its_stable_name_and_retry_policy():
    assert recompute_rankings.name == "indicators.tasks.recompute_rankings"
    assert recompute_rankings.acks_late is True
    assert recompute_rankings.max_retries == 5 and recompute_rankings.autoretry_for
    assert recompute_rankings.time_limit and recompute_rankings.soft_time_limit
    assert recompute_open_years.name == "indicators.tasks.recompute_open_years"


def test_queue_marks_stale_and_runs_eagerly_after_commit(
    framework, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_recompute(framework)
    framework.refresh_from_db()
    assert framework.ranking_status()["is_stale"] is True
    assert not IndexResult.objects.filter(framework=framework).exists()  # nothing before commit

    for callback in callbacks:
        callback()
    assert list(
        IndexResult.objects.filter(framework=framework)
        .order_by("rank")
        .values_list("index_pct", "rank")
    ) == [(D("90"), 1), (D("70"), 2)]
    framework.refresh_from_db()
    status = framework.ranking_status()
    assert status["is_stale"] is False
    assert status["last_run"].status == RankingRun.Status.DONE and status["last_run"].rows == 2


def test_broker_down_does_not_raise_and_leaves_the_framework_stale(
    framework, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(recompute_rankings, "delay", refuse)
    with (
        caplog.at_level(logging.ERROR),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        queue_recompute(framework)
    assert len(callbacks) == 1
    framework.refresh_from_db()
    assert framework.ranking_status()["is_stale"] is True
    assert not RankingRun.objects.exists()
    assert "stays stale" in caplog.text


def test_nightly_run_recomputes_open_frameworks_only(framework):
    closed = FrameworkFactory(group=framework.group, year=2021, is_open=False)
    AnnualReportFactory(framework=closed)
    assert recompute_open_years.delay().get() == 1
    assert IndexResult.objects.filter(framework=framework).count() == 2
    assert not IndexResult.objects.filter(framework=closed).exists()


def test_task_for_a_deleted_framework_does_nothing(db):
    assert recompute_rankings.delay(987654).get() is None


def test_inputs_changed_during_a_run_leave_it_stale(framework):
    recompute_rankings.delay(framework.pk).get()
    Framework.objects.filter(pk=framework.pk).update(
        inputs_changed_at=RankingRun.objects.get().started_at
    )
    framework.refresh_from_db()
    assert framework.ranking_status()["is_stale"] is False
    queue_recompute(framework)  # callback not run: the test transaction does not commit
    assert framework.ranking_status()["is_stale"] is True


def test_stale_frameworks_are_those_changed_after_their_last_finished_run(framework):
    never_run = FrameworkFactory(group=framework.group, year=2021)
    untouched = FrameworkFactory(group=framework.group, year=2020)
    Framework.objects.filter(pk=never_run.pk).update(inputs_changed_at="2024-01-01T00:00:00Z")
    recompute_rankings.delay(framework.pk).get()
    assert set(Framework.objects.stale()) == {never_run}
    Framework.objects.filter(pk=framework.pk).update(inputs_changed_at="2099-01-01T00:00:00Z")
    assert set(Framework.objects.stale()) == {never_run, framework}
    assert untouched not in Framework.objects.stale()


def test_the_sweep_queues_a_recompute_that_never_reached_the_broker(framework, monkeypatch, caplog):
    """Broker down at commit: the request succeeds, the framework stays stale; the sweep
    that beat runs every five minutes recomputes it once the broker is back."""

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(recompute_rankings, "delay", broker_down)
    with caplog.at_level(logging.ERROR):
        queue_recompute(framework)  # autocommit: on_commit runs now, and fails to publish
    framework.refresh_from_db()
    assert framework.ranking_status()["is_stale"] is True
    assert not IndexResult.objects.filter(framework=framework).exists()

    monkeypatch.undo()
    assert recompute_stale.delay().get() == 1
    framework.refresh_from_db()
    assert framework.ranking_status()["is_stale"] is False
    assert IndexResult.objects.filter(framework=framework, rank__isnull=False).count() == 2
    assert recompute_stale.delay().get() == 0


def test_redelivery_waits_longer_than_any_acks_late_task_may_run(settings):
    """A message is delivered again only after the visibility timeout: a shorter one would
    run a still-running task twice; a much longer one leaves a killed recompute's page
    saying "Đang cập nhật xếp hạng…" for that long."""
    from celery import current_app

    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    tasks = [t for name, t in current_app.tasks.items() if not name.startswith("celery.")]
    late = [t for t in tasks if t.acks_late]
    longest = max(t.time_limit or settings.CELERY_TASK_TIME_LIMIT for t in late)
    assert longest < timeout <= longest + 120
    assert current_app.tasks["indicators.tasks.recompute_rankings"].time_limit == longest
    assert not current_app.tasks["indicators.tasks.run_import"].acks_late
    assert "recompute-stale" in settings.CELERY_BEAT_SCHEDULE
    assert "sweep-imports" in settings.CELERY_BEAT_SCHEDULE


@pytest.mark.django_db
def test_rate_rankings_use_the_766_on_time_rule_and_online_share(dept_group):
    def stat(name, *, ranked=True, **counts):
        return ProcedureStatFactory(
            agency=AgencyFactory(group=dept_group, name=name, is_ranked=ranked), year=2023, **counts
        )

    stat(
        "A",
        carried_over=10,
        received_new=90,
        resolved_early=50,
        resolved_on_time=40,
        in_progress_on_time=5,
        received_online=45,
    )
    stat(
        "B",
        carried_over=0,
        received_new=100,
        resolved_early=0,
        resolved_on_time=99,
        received_online=90,
    )
    stat("C", received_new=100, resolved_on_time=99, received_online=10, carried_over=0)
    stat(
        "Special",
        ranked=False,
        received_new=10,
        resolved_on_time=10,
        received_online=10,
        carried_over=0,
    )
    assert rank_rates(group=dept_group, year=2023) == 8
    on_time = {
        r.agency.name: r for r in RateResult.objects.filter(metric=RateResult.Metric.ON_TIME)
    }
    assert (on_time["A"].numerator, on_time["A"].denominator, on_time["A"].rate_pct) == (
        95,
        100,
        D("95"),
    )
    assert {n: r.rank for n, r in on_time.items()} == {"B": 1, "C": 1, "A": 3, "Special": None}
    assert on_time["A"].group_size == 3
    online = {
        r.agency.name: r.rank for r in RateResult.objects.filter(metric=RateResult.Metric.ONLINE)
    }
    assert online == {"B": 1, "A": 2, "C": 3, "Special": None}
    # Idempotent: recomputing replaces the rows.
    assert rank_rates(group=dept_group, year=2023) == 8
    assert RateResult.objects.count() == 8


def test_recompute_rankings_command_filters_by_year_and_group(framework):
    other_year = FrameworkFactory(group=framework.group, year=2020)
    out = StringIO()
    call_command(
        "recompute_rankings",
        "--year",
        str(framework.year),
        "--group",
        framework.group.code,
        stdout=out,
    )
    assert "2 kết quả" in out.getvalue()
    assert IndexResult.objects.filter(framework=framework, rank=1).exists()
    assert not RankingRun.objects.filter(year=other_year.year).exists()


def test_recompute_rankings_command_names_an_empty_selection(db):
    with pytest.raises(CommandError, match="Không có bộ chỉ số"):
        call_command("recompute_rankings", "--year", "1999")


def test_export_rankings_writes_csv_to_stdout(framework):
    recompute_rankings.delay(framework.pk)
    out = StringIO()
    call_command(
        "export_rankings",
        "--year",
        str(framework.year),
        "--group",
        framework.group.code,
        stdout=out,
    )
    rows = list(csv.reader(StringIO(out.getvalue().lstrip("\ufeff")), delimiter=";"))
    header = rows.index(sheets.COMMAND_COLUMNS)
    assert rows[0][0].startswith("Xếp hạng chỉ số CCHC") and "TẠM TÍNH" in rows[1][0]
    assert [(r[0], r[1], r[3]) for r in rows[header + 1 :]] == [
        ("1", "2", "90,00"),
        ("2", "2", "70,00"),
    ]


def test_export_rankings_writes_xlsx(framework, tmp_path):
    from openpyxl import load_workbook

    recompute_rankings.delay(framework.pk)
    target = tmp_path / "xep-hang.xlsx"
    call_command(
        "export_rankings",
        "--year",
        str(framework.year),
        "--group",
        framework.group.code,
        "--format",
        "xlsx",
        "--output",
        str(target),
        stderr=StringIO(),
    )
    sheet = load_workbook(target).active
    values = list(sheet.values)
    header = values.index(tuple(sheets.COMMAND_COLUMNS))
    assert values[header + 1][0] == 1 and values[header + 1][3] == 90
    assert len(values) == header + 3


def test_export_rankings_refuses_an_unknown_group(db):
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("export_rankings", "--year", "2023", "--group", "khong-co")
