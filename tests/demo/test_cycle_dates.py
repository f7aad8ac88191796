"""The demo lives on any date: loaded with a frozen clock on several days of the year, the
open year follows the rule of `demo.cycle`, its deadlines are ahead, every workflow state is
there and the first steps of the reporter journey are allowed."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from agencies.models import Membership, Province
from demo import cycle
from demo.loading import load_demo, row_counts
from indicators import appraisal, rule_sources, self_assessment, workflow
from indicators.models import AnnualReport, Evidence, Framework, IndexResult, PublishedEdition

Status = AnnualReport.Status
TZ = cycle.TZ
# name → (the moment the demo is loaded and the tests run, the open year the rule gives)
DATES = {
    "1-january": (datetime.datetime(2027, 1, 1, 8, 0, tzinfo=TZ), 2026),
    "30-june": (datetime.datetime(2027, 6, 30, 16, 30, tzinfo=TZ), 2026),
    "31-december": (datetime.datetime(2026, 12, 31, 22, 0, tzinfo=TZ), 2026),
    "today": (
        timezone.localtime(timezone.now(), TZ),
        cycle.open_year(timezone.localdate(timezone.now(), TZ)),
    ),
}


@pytest.fixture(scope="module", params=list(DATES))
def dated(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded twice at one frozen moment; the clock stays there for the tests."""
    moment, year = DATES[request.param]
    settings = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
    )
    with time_machine.travel(moment, tick=False), settings:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
            first = load_demo()
            after_first = row_counts()
            second = load_demo()
        yield {
            "name": request.param,
            "year": year,
            "first": first,
            "second": second,
            "same_counts": after_first == second["totals"],
        }
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


def users() -> dict:
    return {u.username: u for u in get_user_model().objects.all()}


def open_report(year: int, agency_name: str) -> AnnualReport:
    return AnnualReport.objects.get(
        framework__province__code="HT", framework__year=year, agency__name=agency_name
    )


# --- the rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2027, 1, 1), 2026),
        (datetime.date(2027, 6, 30), 2026),
        (datetime.date(2027, 7, 1), 2027),
        (datetime.date(2026, 12, 31), 2026),
        (datetime.date(2026, 3, 1), 2025),
    ],
)
def test_the_open_year_is_the_one_whose_cycle_is_running(day, year):
    assert cycle.open_year(day) == year


def test_the_usual_deadlines_are_kept_while_far_enough_ahead():
    early = cycle.cycle_on(datetime.datetime(2026, 12, 6, 9, tzinfo=TZ))
    assert early.self_deadline == datetime.datetime(2027, 1, 10, 17, tzinfo=TZ)
    assert early.explanation_deadline == datetime.datetime(2027, 2, 28, 17, tzinfo=TZ)
    assert early.criteria_date == datetime.date(2026, 10, 16)
    late = cycle.cycle_on(datetime.datetime(2027, 6, 30, 9, tzinfo=TZ))
    assert late.self_deadline == datetime.datetime(2027, 7, 14, 17, tzinfo=TZ)
    assert late.explanation_deadline == late.self_deadline + datetime.timedelta(days=28)
    assert late.criteria_date == datetime.date(2026, 10, 16)
    # On the first day of a cycle the criteria decision is placed early enough for reports
    # to have been submitted since.
    first_day = cycle.cycle_on(datetime.datetime(2027, 7, 1, 9, tzinfo=TZ))
    assert first_day.year == 2027
    assert first_day.criteria_date == datetime.date(2027, 7, 1) - datetime.timedelta(days=45)


# --- the demo on each date --------------------------------------------------------------------


def test_loading_twice_changes_nothing(dated, db):
    assert dated["first"]["year"] == dated["year"]
    assert dated["second"]["created"] == {}
    assert dated["same_counts"]
    assert dated["first"]["stale_years"] == []


def test_years_before_the_open_one_are_published_and_it_is_open_with_deadlines_ahead(dated, db):
    year, now = dated["year"], timezone.now()
    frameworks = Framework.objects.filter(province__code="HT")
    assert set(frameworks.values_list("year", flat=True)) == set(range(2019, year + 1))
    for framework in frameworks.filter(year__lt=year):
        assert not framework.is_open
        assert PublishedEdition.objects.filter(framework=framework).count() == 1
        assert framework.results.filter(is_published=True).count() == framework.reports.count()
    for framework in frameworks.filter(year=year):
        assert framework.is_open and framework.legal_basis_date < now.date()
        assert now < framework.self_assessment_deadline < framework.explanation_deadline
        for extension in framework.extensions.all():
            assert extension.self_assessment_deadline > framework.self_assessment_deadline
    assert not PublishedEdition.objects.filter(framework__year=year).exists()
    published = AnnualReport.objects.filter(
        framework__province__code="HT", framework__year__lt=year
    )
    for report in published.filter(agency__name="Sở Xây dựng"):
        assert report.submitted_at < report.appraised_at < report.published_at
        assert report.updated_at == report.published_at  # not the day the demo was loaded


def test_every_workflow_state_is_in_the_open_year_and_happened_before_now(dated, db):
    reports = AnnualReport.objects.filter(
        framework__province__code="HT", framework__year=dated["year"], framework__group__code="so"
    )
    assert set(reports.values_list("status", flat=True)) == {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.UNDER_APPRAISAL,
        Status.EXPLANATION_REQUESTED,
        Status.APPRAISED,
    }
    now = timezone.now()
    for report in reports.exclude(status=Status.DRAFT):
        assert report.framework.legal_basis_date < report.submitted_at.date()
        assert report.submitted_at < now
        assert report.appraised_at is None or report.submitted_at < report.appraised_at < now


def test_the_reporters_draft_is_mostly_filled_with_evidence_and_some_left(dated, db):
    report = open_report(dated["year"], "Sở Xây dựng")
    assert report.status == Status.DRAFT and workflow.can_edit_self(report)
    scores = report.scores.filter(not_applicable=False)
    empty = scores.filter(self_score__isnull=True).count()
    assert 5 <= empty <= scores.count() * 0.2
    assert Evidence.objects.filter(score__report=report).count() >= scores.count() * 0.6
    problems = self_assessment.missing_items(report)
    assert len(problems) == empty  # what is left is exactly the criteria not scored yet


def test_the_reporters_draft_shows_points_computed_from_the_open_years_figures(dated, db):
    """The open year has dossier counts and 766 scores of its quarters so far, whatever the
    date: criteria bound to them compute points, which the draft's form shows and pre-fills."""
    report = open_report(dated["year"], "Sở Xây dựng")
    scores = report.scores.select_related("criterion")
    computed = rule_sources.compute_points(report=report, scores=scores)
    sources = {
        s.criterion.source
        for s in scores
        if s.criterion.source and computed[s.criterion_id].result is not None
    }
    assert {"dossiers_on_time", "dossiers_online", "service_index"} <= sources


def test_the_journeys_first_steps_are_allowed(dated, db):
    """sxd submits once the draft is finished, noivu asks Sở Tài chính for an explanation,
    skhcn sends Sở KH&CN's: each refused before when a deadline had passed."""
    year, people = dated["year"], users()
    draft = open_report(year, "Sở Xây dựng")
    rows = {
        score.pk: {
            "self_score": score.max_points,
            "not_applicable": False,
            "self_note": "",
            "missing_evidence_reason": "" if score.evidence.exists() else "Bổ sung khi thẩm định.",
        }
        for score in draft.scores.filter(self_score__isnull=True, not_applicable=False)
    }
    self_assessment.save_draft(report=draft, user=people["sgtvt"], version=draft.version, rows=rows)
    submitted = self_assessment.submit(report=draft, user=people["sxd"])
    assert submitted.status == Status.SUBMITTED

    appraised = open_report(year, "Sở Tài chính")
    asked = appraisal.request_explanation(report=appraised, user=people["noivu"])
    assert asked.status == Status.EXPLANATION_REQUESTED

    explaining = open_report(year, "Sở Khoa học và Công nghệ")
    assert workflow.can_answer_explanation(explaining)
    disputed = explaining.scores.filter(appraiser_comment__gt="").exclude(appraised_score=None)
    answers = {s.pk: "Đơn vị gửi kèm báo cáo kết quả thực hiện." for s in disputed}
    assert answers
    answered = appraisal.answer_explanation(
        report=explaining, user=people["skhcn"], version=explaining.version, answers=answers
    )
    assert answered.status == Status.UNDER_APPRAISAL and answered.appraisal_round == 2


def test_the_seed_rank_of_so_xay_dung_holds(dated, db):
    result = IndexResult.objects.get(
        agency__province__code="HT", agency__name="Sở Xây dựng", framework__year=2022
    )
    assert (result.published_rank, result.group_size) == (13, 17)


# --- a demo loaded earlier ----------------------------------------------------------------------


def test_giamsat_finds_targets_and_alerts_on_so_xay_dung_and_noivu_the_alerts_page(dated, db):
    from django.test import Client
    from django.urls import reverse

    sxd = Membership.objects.get(user__username="sxd").agency
    giamsat, noivu = Client(), Client()
    giamsat.force_login(users()["giamsat"])
    noivu.force_login(users()["noivu"])
    panel = giamsat.get(reverse("indicators:agency_targets_panel", args=[sxd.pk]))
    body = panel.content.decode()
    assert panel.status_code == 200
    assert 'data-target-state="below"' in body  # published year: below the 90 % target
    assert "data-alerts" in body and "Sở Xây dựng: chỉ số CCHC năm" in body
    alerts = noivu.get(reverse("indicators:alert_list")).content.decode()
    assert "Sở Xây dựng" in alerts and "Đánh dấu đã xử lý" in alerts


def test_reloading_after_the_deadlines_passed_moves_them_ahead(dated, db):
    if dated["name"] != "1-january":
        pytest.skip("one date is enough: the deadlines of 1 January pass before 15 March")
    before = row_counts()
    with time_machine.travel(datetime.datetime(2027, 3, 15, 9, tzinfo=TZ), tick=False):
        draft = open_report(dated["year"], "Sở Xây dựng")
        assert not workflow.can_edit_self(draft)  # what a visitor met before this change
        summary = load_demo()
        now = timezone.now()
        for framework in Framework.objects.filter(year=dated["year"], province__code="HT"):
            assert now < framework.self_assessment_deadline < framework.explanation_deadline
        draft.refresh_from_db()
        assert workflow.can_edit_self(draft)
    # Time passing is news: a recommendation that became overdue meanwhile raises its alert
    # (and notifications) once. Nothing else is created.
    news = {"indicators.Alert", "agencies.Notification"}
    assert {label: n for label, n in summary["created"].items() if label not in news} == {}
    after = row_counts()
    assert {k: v for k, v in after.items() if k not in news} == {
        k: v for k, v in before.items() if k not in news
    }


def test_reloading_in_the_next_cycle_opens_the_next_year_and_keeps_the_old_one(dated, db):
    if dated["name"] != "1-january":
        pytest.skip("one date is enough")
    version = Province.objects.get(code="HT").data_version
    with time_machine.travel(datetime.datetime(2027, 8, 3, 9, tzinfo=TZ), tick=False):
        summary = load_demo()
    assert summary["year"] == 2027
    assert Province.objects.get(code="HT").data_version > version  # cached pages are redone
    assert summary["stale_years"] == [2026]
    assert (
        Framework.objects.filter(province__code="HT", year=2027, is_open=True).count() == 3
    )  # sở, phường, xã
    assert open_report(2027, "Sở Xây dựng").status == Status.DRAFT
    assert open_report(2026, "Sở Xây dựng").status == Status.DRAFT


def test_so_xay_dung_has_a_plan_with_one_overdue_action_and_one_in_progress(dated, db):
    from inspections.models import RemediationPlan

    plan = RemediationPlan.objects.get(agency__name="Sở Xây dựng", agency__province__code="HT")
    assert plan.framework.year == dated["year"] - 1 and plan.criterion is not None
    today = timezone.localdate()
    actions = list(plan.actions.order_by("due_date"))
    assert [a.is_overdue(today) for a in actions] == [True, False]
    assert [a.status for a in actions] == ["in_progress", "in_progress"]
    assert all(a.start_date <= today for a in actions)
    assert all(u.date <= today for a in actions for u in a.updates.all())
