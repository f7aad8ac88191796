"""The totals triggers: every input of the totals is tracked, and the triggers exist where
the tables do (created by migration 0003 and after every migrate)."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import isolate_apps

from indicators import triggers
from indicators.models import AnnualReport, CriterionScore, Framework, PendingTotals
from tests.factories import AnnualReportFactory, CriterionScoreFactory

MIGRATION = importlib.import_module("indicators.migrations.0003_totals_triggers")


def _unaccounted(candidates) -> set[str]:
    """Models with a foreign key to a report or a framework that `triggers` neither tracks
    nor declares irrelevant to the totals."""
    keyed = {
        model._meta.label
        for model in candidates
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in (AnnualReport, Framework)
    }
    return keyed - triggers.TRACKED.keys() - triggers.IRRELEVANT.keys()


def test_every_model_keyed_to_a_report_or_framework_is_tracked_or_declared_irrelevant():
    assert _unaccounted(apps.get_models()) == set()


@isolate_apps("indicators")
def test_a_new_model_keyed_to_a_report_is_found_unaccounted():
    class BonusPoints(models.Model):
        report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE)

        class Meta:
            app_label = "indicators"

        def __str__(self):
            return str(self.report_id)

    assert _unaccounted([BonusPoints]) == {"indicators.BonusPoints"}


def test_tracked_models_exist_with_the_key_they_are_tracked_by():
    for label, key in triggers.TRACKED.items():
        field = apps.get_model(label)._meta.get_field(key)
        assert field.related_model in (AnnualReport, Framework), label
    for label in triggers.IRRELEVANT:
        apps.get_model(label)  # a renamed model leaves no stale declaration
    assert not triggers.TRACKED.keys() & triggers.IRRELEVANT.keys()


def _marks_a_score_write() -> bool:
    score = CriterionScoreFactory(criterion__max_points=Decimal("5"))
    PendingTotals.objects.all().delete()
    CriterionScore.objects.filter(pk=score.pk).update(self_score=Decimal("1"))
    return PendingTotals.objects.filter(report_id=score.report_id).exists()


@pytest.mark.django_db
def test_the_migration_creates_the_triggers_and_reversed_drops_them():
    class Editor:  # what RunPython hands over that the migration uses
        pass

    editor = Editor()
    editor.connection = connection
    MIGRATION.uninstall(apps, editor)
    assert not _marks_a_score_write()
    MIGRATION.install(apps, editor)
    assert _marks_a_score_write()


def _migrated_to(monkeypatch, *names):
    """The migration history `install_after_migrate` reads: none (no table), or these of
    indicators' migrations applied."""
    monkeypatch.setattr(MigrationRecorder, "has_table", lambda self: bool(names))
    applied = {("indicators", name): None for name in names}
    monkeypatch.setattr(MigrationRecorder, "applied_migrations", lambda self: applied)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("history", "created"),
    [
        ((), True),  # built from the models (tests, benchmarks)
        (("0001_initial", "0002_pending_totals"), False),  # migrated back before them
        (("0001_initial", "0002_pending_totals", "0003_totals_triggers"), True),
    ],
)
def test_after_migrate_the_triggers_are_created_unless_migrated_back_before_them(
    monkeypatch, history, created
):
    triggers.uninstall(connection)
    _migrated_to(monkeypatch, *history)
    triggers.install_after_migrate(sender=None, using=connection.alias)
    assert _marks_a_score_write() is created


@pytest.mark.django_db
def test_installing_twice_keeps_one_mark_per_write():
    triggers.install(connection)
    triggers.install(connection)
    report = AnnualReportFactory()
    CriterionScoreFactory(report=report, criterion__max_points=Decimal("5"))
    assert list(PendingTotals.objects.values_list("report_id", flat=True)) == [report.pk]
