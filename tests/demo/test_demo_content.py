"""The demo as users meet it: the seed articles' real figures, the demo accounts, and every
page those accounts can reach. The demo is loaded once for the module (see conftest.py)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from agencies.models import Agency, Membership
from indicators.models import (
    AnnualReport,
    IndexResult,
    ProcedureStat,
)
from inspections.models import InspectionKind, Visit

Status = AnnualReport.Status


def ht(name: str, **filters) -> Agency:
    """A Hà Tĩnh agency by name."""
    return Agency.objects.get(province__code="HT", name=name, **filters)


# --- the seed articles --------------------------------------------------------------------------


def test_thai_binh_gtvt_resolved_15706_of_15726_dossiers(demo, db):
    gtvt = Agency.objects.get(province__code="TB", name="Sở Giao thông vận tải")
    stat = ProcedureStat.objects.get(agency=gtvt)
    assert (stat.received_new, stat.carried_over) == (15383, 343)
    assert stat.received_new + stat.carried_over == 15726
    assert (stat.resolved_on_time, stat.in_progress_on_time, stat.resolved_late) == (15706, 20, 0)
    assert (stat.procedures_total, stat.level3, stat.level4, stat.published_new, stat.amended) == (
        123,
        26,
        62,
        6,
        13,
    )
    assert not stat.is_illustrative


def test_thai_binh_xay_dung_figures(demo, db):
    stat = ProcedureStat.objects.get(agency__province__code="TB", agency__name="Sở Xây dựng")
    assert stat.procedures_total == 56
    assert (stat.lien_thong_same_level, stat.lien_thong_cross_level) == (14, 23)
    assert (
        stat.received_new,
        stat.resolved_on_time,
        stat.in_progress_on_time,
        stat.resolved_late,
    ) == (1713, 1668, 45, 0)
    assert stat.period_type == "custom" and stat.period_start == datetime.date(2022, 1, 1)


def test_thai_binh_1296_kh_snv_visit_covers_two_agencies(demo, db):
    visit = Visit.objects.get(plan__number="1296/KH-SNV")
    assert visit.plan.date == datetime.date(2022, 6, 27)
    assert visit.date == datetime.date(2022, 10, 25)
    assert visit.lead_name == "Trần Thế Dũng" and visit.lead_position == "Phó Giám đốc Sở Nội vụ"
    assert {a.name for a in visit.agencies.all()} == {"Sở Xây dựng", "Sở Giao thông vận tải"}
    assert visit.members.count() >= 3
    assert visit.findings.filter(kind="shortcoming", text__contains="80%").count() == 2
    assert visit.recommendations.count() >= 2
    assert Agency.objects.filter(province__code="TB").count() == 2


def test_ha_giang_xay_dung_85_02_tot_and_tthc_26_44_of_29(demo, db):
    result = IndexResult.objects.get(
        framework__province__code="HG", framework__year=2022, agency__name="Sở Xây dựng"
    )
    assert result.published_index_pct == Decimal("85.02") and result.published_band == "Tốt"
    assert (
        result.components["3"]["points"] == "26.44" and Decimal(result.components["3"]["max"]) == 29
    )
    assert not result.is_illustrative and result.is_published
    digitised = ProcedureStat.objects.get(agency=result.agency, period_type="custom")
    assert digitised.digitised == 556


def test_lang_son_huu_lung_ranks_4_of_11_with_82_of_88_online_services(demo, db):
    result = IndexResult.objects.get(
        framework__province__code="LS", agency__name="UBND huyện Hữu Lũng"
    )
    assert (result.published_rank, result.group_size, result.rank_label) == (4, 11, "4/11")
    stat = ProcedureStat.objects.get(agency=result.agency, year=2022)
    assert (stat.online_services_with_dossiers, stat.online_services_total) == (82, 88)
    assert (stat.resolved_on_time, stat.resolved_late, stat.received_online) == (110274, 0, 34113)
    assert (
        stat.simplified,
        stat.simplified_reviewed,
        stat.simplified_days_before,
        stat.simplified_days_after,
    ) == (19, 37, 230, 154)
    visit = Visit.objects.get(agencies=result.agency)
    assert visit.date == datetime.date(2023, 3, 13) and visit.lead_name == "Đoàn Thị Hậu"
    assert (
        visit.plan.kind == InspectionKind.HDND_SUPERVISION and visit.recommendations.count() == 10
    )


def test_ha_tinh_hdnd_supervisions_of_18_october_and_28_november_2023(demo, db):
    visits = Visit.objects.filter(
        plan__province__code="HT", plan__kind=InspectionKind.HDND_SUPERVISION
    ).order_by("date")
    assert [v.date for v in visits] == [datetime.date(2023, 10, 18), datetime.date(2023, 11, 28)]
    at_sxd, at_ubnd = visits
    assert list(at_sxd.agencies.all()) == [ht("Sở Xây dựng")]
    assert list(at_ubnd.agencies.all()) == [ht("UBND tỉnh Hà Tĩnh")]
    assert at_sxd.lead_name == at_ubnd.lead_name == "Trần Tú Anh"
    assert at_sxd.members.filter(name="Nguyễn Thị Nhuần").exists()
    assert at_sxd.findings.filter(text__contains="13/17").exists()
    assert at_sxd.recommendations.filter(text__contains="nâng điểm các chỉ số").exists()
    assert "2021–2023" in at_sxd.plan.subject and not at_sxd.is_illustrative


def test_illustrative_noivu_inspections_have_done_open_and_overdue_recommendations(demo, db):
    from inspections.models import Recommendation

    recommendations = Recommendation.objects.filter(
        visit__plan__province__code="HT", visit__plan__kind=InspectionKind.NOIVU_CCHC
    )
    assert recommendations.filter(status="done").exists()
    assert recommendations.overdue(today=datetime.date(2026, 1, 15)).exists()
    assert (
        recommendations.open()
        .exclude(pk__in=recommendations.overdue(today=datetime.date(2026, 1, 15)))
        .exists()
    )
    assert recommendations.filter(finding__criterion__isnull=False).exists()


# --- accounts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "role", "agency_name"),
    [
        ("admin", "admin", None),
        ("noivu", "noivu", None),
        ("giamsat", "supervisor", None),
        ("sxd", "reporter", "Sở Xây dựng"),
        ("sgtvt", "reporter", "Sở Xây dựng"),
        ("skhcn", "reporter", "Sở Khoa học và Công nghệ"),
    ],
)
def test_demo_accounts_have_their_roles_and_password(demo, db, username, role, agency_name):
    user = get_user_model().objects.get(username=username)
    assert user.check_password("demo12345")
    assert user.get_full_name() and user.email
    membership = Membership.objects.get(user=user)
    assert membership.role == role and membership.province.code == "HT"
    assert (membership.agency.name if membership.agency else None) == agency_name


def test_every_demo_reporter_belongs_to_an_agency_that_exists_today(demo, db):
    """Sở GTVT merged into Sở Xây dựng on 01/03/2025: its reporter moved with it."""
    today = datetime.date.today()
    reporters = Membership.objects.filter(role="reporter", province__code="HT")
    assert reporters.count() == 3
    assert all(m.agency.is_active_on(today) for m in reporters)
    gtvt = Agency.objects.get(province__code="HT", name="Sở Giao thông vận tải")
    sgtvt = Membership.objects.get(user__username="sgtvt").agency
    assert sgtvt in gtvt.successors()
    assert get_user_model().objects.get(username="admin").is_superuser


def test_a_demo_reporter_left_at_the_merged_away_department_is_moved_to_its_successor(demo, db):
    from demo.loading import load_demo

    gtvt = Agency.objects.get(province__code="HT", name="Sở Giao thông vận tải")
    Membership.objects.filter(user__username="sgtvt").update(agency=gtvt)
    user = get_user_model().objects.get(username="sgtvt")
    user.set_password("changed-by-the-user")
    user.save()
    load_demo()
    membership = Membership.objects.select_related("user").get(user__username="sgtvt")
    assert membership.agency.name == "Sở Xây dựng"
    assert membership.user.check_password("changed-by-the-user")


def crawl(client, start: str, limit: int) -> list[tuple[str, int]]:
    """Follow same-site links breadth-first from `start`; returns (url, status) of every page."""
    import re

    seen, queue, visited = set(), [start], []
    skip = ("/static", "/admin", "/dang-xuat", "/api", "/private-media")
    while queue and len(visited) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        visited.append((url, response.status_code))
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for href in re.findall(r'href="(/[^"#]*)"', response.content.decode()):
                href = href.replace("&amp;", "&")
                # Downloads are tested elsewhere; a crawl is about pages.
                if (
                    not href.startswith(skip)
                    and "_export" not in href
                    and "/xuat/" not in href
                    and href not in seen
                ):
                    queue.append(href)
    return visited


@pytest.mark.parametrize(
    "username", ["admin", "noivu", "giamsat", "sxd", "sgtvt", "skhcn", "bonoivu"]
)
def test_every_page_linked_from_the_demo_opens_for_every_demo_user(demo, db, username):
    """A smoke crawl of the populated demo: no link a user can see leads to a server error."""
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    visited = crawl(client, "/", limit=60)
    assert len(visited) >= 20
    broken = [(url, status) for url, status in visited if status >= 500 or status in (400, 405)]
    assert broken == []


@pytest.mark.parametrize("username", ["noivu", "giamsat", "sxd"])
def test_every_demo_account_finds_the_week_of_766_and_the_2025_blocs(demo, db, client, username):
    client.force_login(get_user_model().objects.get(username=username))
    page = client.get(reverse("indicators:service_index"))
    text = " ".join(page.content.decode().split())
    assert "Tuần" in text and "9/34" in text
    overview = client.get(reverse("indicators:overview"), {"year": 2025})
    names = [g.name for g in overview.context["sel"].groups]
    assert {"Khối UBND phường", "Khối UBND xã"} <= set(names)


# --- the change history of the seeded rows --------------------------------------------------


def test_every_seeded_report_and_score_of_ha_tinh_has_its_creation_record(demo, db):
    from indicators.models import CriterionScore, SurveyScore

    for model in (AnnualReport, CriterionScore, SurveyScore):
        rows = model.objects.all()
        if model is not AnnualReport:
            rows = rows.filter(report__agency__province__code="HT")
        else:
            rows = rows.filter(agency__province__code="HT")
        recorded = model.history.filter(history_type="+").values("id")
        assert rows.exists() and not rows.exclude(pk__in=recorded).exists(), model


def test_the_first_change_of_a_seeded_report_and_score_shows_in_vietnamese(demo, db):
    """A seeded submitted report: Sở Nội vụ starts the appraisal and appraises one row; both
    first changes are in the history, with state labels, not codes."""
    from indicators import appraisal
    from indicators.audit import change_log

    noivu = get_user_model().objects.get(username="noivu")
    report = AnnualReport.objects.filter(
        agency__province__code="HT", framework__is_open=True, status=Status.SUBMITTED
    ).first()
    report = appraisal.start_appraisal(report=report, user=noivu)
    row = report.scores.filter(self_score__isnull=False).select_related("criterion").first()
    appraisal.appraise(
        report=report,
        user=noivu,
        version=report.version,
        rows={row.pk: {"score": Decimal("0"), "comment": "Thiếu tài liệu"}},
    )
    log = change_log(report)
    status = [c for c in log if c.subject == "Báo cáo" and c.field == "Trạng thái"]
    assert [(c.old, c.new, c.reason) for c in status] == [
        ("Đã gửi", "Đang thẩm định", "Đang thẩm định")
    ]
    scored = [c for c in log if c.subject == f"Tiêu chí {row.criterion.code}"]
    assert ("Điểm thẩm định vòng 1", "—", "0,00") in {(c.field, c.old, c.new) for c in scored}
    assert not any(
        code in f"{c.old} {c.new} {c.reason}"
        for c in log
        for code in ("under_appraisal", "submitted", "explanation", "seeded")
    )
