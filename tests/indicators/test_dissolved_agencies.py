"""Results of agencies that no longer exist: the 2024 results, published after the
departments merged on 1/3/2025, name them "Sở GTVT (nay là Sở Xây dựng)" (Hải Dương) or
list "các sở (trước sắp xếp)" (Nghệ An QĐ 1171/QĐ-UBND of 25/4/2025). They import,
publish and show with what the agency became, from its lineage."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from agencies.matching import AgencyMatcher
from agencies.models import AgencyGroup, AgencyLineage
from indicators.importing import KINDS, build_preview, commit
from indicators.models import AnnualReport, IndexResult
from indicators.overview import ranking_rows
from indicators.publishing import publish
from indicators.ranking import recompute
from tests.factories import (
    AgencyFactory,
    AgencyGroupFactory,
    FrameworkFactory,
    LineageFactory,
    MembershipFactory,
    ProvinceFactory,
    make_tree,
)

D = Decimal
MERGED = datetime.date(2025, 3, 1)


@pytest.fixture
def hai_duong(db):
    province = ProvinceFactory(code="HD", name="Hải Dương")
    group = AgencyGroupFactory(province=province, code="so", kind=AgencyGroup.Kind.DEPARTMENT)
    transport = AgencyFactory(
        province=province,
        group=group,
        name="Sở Giao thông vận tải",
        valid_to=MERGED - datetime.timedelta(days=1),
    )
    construction = AgencyFactory(province=province, group=group, name="Sở Xây dựng")
    LineageFactory(
        predecessor=transport,
        successor=construction,
        relation=AgencyLineage.Relation.MERGE_INTO,
        effective_date=MERGED,
    )
    return province, group, transport, construction


def test_a_note_on_what_the_agency_became_is_not_part_of_its_name(hai_duong):
    province, _, transport, construction = hai_duong
    matcher = AgencyMatcher(province.agencies.all(), province_name=province.name)
    assert matcher.match("Sở GTVT (nay là Sở Xây dựng)").agency == transport
    assert matcher.match("Sở Giao thông vận tải (trước sắp xếp)").agency == transport
    assert matcher.match("Sở Xây dựng").agency == construction


@time_machine.travel(datetime.datetime(2025, 4, 25, 9, tzinfo=datetime.UTC), tick=False)
def test_a_2024_result_of_a_department_dissolved_before_is_imported_and_published(
    hai_duong, tmp_path, client
):
    province, group, transport, construction = hai_duong
    sheet = tmp_path / "hai-duong-2024.csv"
    sheet.write_text(
        "rank,agency,par_pct\n1,Sở Xây dựng,92.10\n2,Sở GTVT (nay là Sở Xây dựng),88.40\n",
        encoding="utf-8",
    )
    preview = build_preview(
        KINDS["results"](
            province_id=province.pk, group_id=group.pk, year=2024, decision_no="1171/QĐ-UBND"
        ),
        sheet,
    )
    assert preview.ok, [str(e) for e in preview.errors]
    assert not preview.new_agencies
    commit(preview)
    result = IndexResult.objects.get(agency=transport, framework__year=2024)
    assert (result.published_rank, result.published_index_pct) == (2, D("88.40"))
    assert result.is_published
    rows = {r["agency_name"]: r["now_named"] for r in ranking_rows(framework=result.framework)}
    assert rows == {"Sở Xây dựng": None, "Sở Giao thông vận tải": "Sở Xây dựng"}

    client.force_login(MembershipFactory(province=province).user)
    page = client.get(reverse("indicators:rankings"), {"year": 2024, "group": group.pk})
    assert "(nay là Sở Xây dựng)" in page.content.decode()
    profile = client.get(reverse("indicators:agency_profile", args=[transport.pk]))
    assert profile.context["became"] == construction
    assert "nay là" in profile.content.decode()


@time_machine.travel(datetime.datetime(2025, 4, 25, 9, tzinfo=datetime.UTC), tick=False)
def test_a_2024_report_of_a_department_dissolved_before_is_published_with_its_group(
    hai_duong, django_capture_on_commit_callbacks
):
    province, group, transport, construction = hai_duong
    framework = FrameworkFactory(province=province, group=group, year=2024)
    (leaf,) = make_tree(framework, {"1": ("Nội dung", [("1.1", 100)])})
    for agency, points in ((transport, "88.40"), (construction, "92.10")):
        report = AnnualReport.objects.create(
            framework=framework, agency=agency, status=AnnualReport.Status.APPRAISED
        )
        report.scores.create(criterion=leaf, final_score=D(points))
    recompute(framework=framework)
    staff = MembershipFactory(province=province).user
    with django_capture_on_commit_callbacks(execute=True):
        edition = publish(
            framework=framework,
            decision_no="1171/QĐ-UBND",
            decision_date=datetime.date(2025, 4, 25),
            user=staff,
        )
    published = {row["agency_id"]: row["rank"] for row in edition.content["results"]}
    assert published == {construction.pk: 1, transport.pk: 2}
    result = IndexResult.objects.get(agency=transport, framework=framework)
    assert (result.is_published, result.published_rank) == (True, 2)
