"""Every job that changes what the dashboards show moves the province's data version,
the key under which their bodies are cached (docs/decisions.md)."""

import datetime

from django.urls import reverse

from agencies.models import Province
from indicators import publishing, workflow
from indicators.importing import KINDS, build_preview, commit
from indicators.models import IndexResult
from indicators.ranking import recompute
from indicators.recomputing import queue_recompute
from tests.indicators.importing.test_results_import import HOABINH_2022, options
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a, report_b)
from tests.indicators.workflow_setup import SELF_DEADLINE, appraised


def _version(province) -> int:
    return Province.objects.get(pk=province.pk).data_version


def test_queueing_a_recompute_moves_the_version(framework, province):
    before = _version(province)
    queue_recompute(framework)
    assert _version(province) > before


def test_opening_a_year_moves_the_version(framework, province):
    before = _version(province)
    workflow.open_year(
        framework=framework, self_assessment_deadline=SELF_DEADLINE, explanation_deadline=None
    )
    assert _version(province) > before


def test_publishing_moves_the_version_and_the_overview_shows_the_published_year(
    framework, report_a, report_b, reporter, other_reporter, noivu_staff, staff_client, province
):
    appraised(report_a, reporter, noivu_staff)
    appraised(report_b, other_reporter, noivu_staff)
    recompute(framework=framework)
    overview = reverse("indicators:overview")
    assert "Kết quả tạm tính" in staff_client.get(overview).content.decode()
    before = _version(province)
    publishing.publish(
        framework=framework,
        decision_no="3349/QĐ-UBND",
        decision_date=datetime.date(2023, 12, 26),
        user=noivu_staff,
    )
    assert _version(province) > before
    assert "Kết quả tạm tính" not in staff_client.get(overview).content.decode()


def test_an_import_moves_the_version(db):
    from tests.factories import AgencyGroupFactory, ProvinceFactory

    province = ProvinceFactory(code="HB", name="Hòa Bình")
    group = AgencyGroupFactory(province=province, code="so")
    preview = build_preview(
        KINDS["results"](**options(province, group, 2022, create_agencies=True)), HOABINH_2022
    )
    before = _version(province)
    commit(preview)
    assert _version(province) > before
    assert IndexResult.objects.filter(framework__province=province).count() == 19


def test_a_recompute_moves_the_version_and_the_rankings_follow(
    framework, report_a, report_b, reporter, other_reporter, noivu_staff, staff_client, province
):
    appraised(report_a, reporter, noivu_staff)
    appraised(report_b, other_reporter, noivu_staff)
    recompute(framework=framework)
    rankings = reverse("indicators:rankings")
    assert "60,00" not in staff_client.get(rankings).content.decode()
    score = report_b.scores.get(criterion__code="2.1")
    score.final_score = 1
    score.save()
    before = _version(province)
    recompute(framework=framework)
    assert _version(province) > before
    assert "60,00" in staff_client.get(rankings).content.decode()


def test_ranking_dossier_rates_moves_the_version(dept_group, province):
    from indicators.ranking import rank_rates

    before = _version(province)
    rank_rates(group=dept_group, year=2024)
    assert _version(province) > before
