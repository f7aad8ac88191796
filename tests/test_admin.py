"""Django admin: every registered model's change list, add page and a change page open.

The models are read from `admin.site._registry`, so a newly registered model is covered
without touching this file.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import AgencyAlias, AgencyCode, Notification
from indicators.models import (
    Criterion,
    DeadlineExtension,
    Evidence,
    PublishedEdition,
    RankingRun,
    RateResult,
    ServiceIndexScore,
)
from inspections.models import RecommendationUpdate, TeamMember
from national.models import ParIndexResult
from tests.factories import (
    AgencyFactory,
    AnnualReportFactory,
    CriterionScoreFactory,
    FindingFactory,
    FrameworkFactory,
    IndexResultFactory,
    LineageFactory,
    ProcedureStatFactory,
    RecommendationFactory,
    SurveyScoreFactory,
    VisitFactory,
    make_standard_bands,
    make_tree,
)
from tests.inspections.remediation_data import remediation_action

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def url_of(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def admin_data(province, dept_group, agency_a, agency_b, admin_user):
    """A little of everything, shaped like what load_demo creates."""
    framework = FrameworkFactory(group=dept_group, year=2022)
    make_standard_bands(framework)
    leaves = make_tree(framework, {"1": ("Chỉ đạo, điều hành", [("1.1", 2), ("1.2", 3)])})
    report = AnnualReportFactory(framework=framework, agency=agency_a)
    score = CriterionScoreFactory(
        report=report, criterion=leaves[0], self_score=Decimal("2"), final_score=Decimal("1.5")
    )
    Evidence.objects.create(
        score=score,
        file=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4"),
        original_name="ke-hoach.pdf",
        size=8,
        uploaded_by=admin_user,
    )
    DeadlineExtension.objects.create(framework=framework, agency=agency_b, reason="Sáp nhập đơn vị")
    RateResult.objects.create(
        agency=agency_a,
        group=dept_group,
        year=2022,
        metric="on_time",
        numerator=1668,
        denominator=1713,
        rate_pct=Decimal("97.3730"),
        formula="766",
        rank=1,
        group_size=2,
    )
    AgencyAlias.objects.create(agency=agency_a, alias="SXD")
    AgencyCode.objects.create(agency=agency_a, scheme="MA_DINH_DANH", code="000.00.12.H23")
    Notification.objects.create(user=admin_user, text="Đã công bố kết quả năm 2022")
    Group.objects.create(name="Cán bộ Sở Nội vụ")
    SurveyScoreFactory(report=report)
    edition = PublishedEdition.objects.create(
        framework=framework,
        decision_no="611/QĐ-UBND",
        decision_date=datetime.date(2023, 3, 24),
        content={},
        content_hash="0" * 64,
    )
    IndexResultFactory(
        framework=framework,
        agency=agency_a,
        rank=13,
        group_size=17,
        edition=edition,
        is_published=True,
    )
    RankingRun.objects.create(
        province=province, group=dept_group, year=2022, status=RankingRun.Status.DONE
    )
    LineageFactory(predecessor=agency_b, successor=agency_a)
    ParIndexResult.objects.create(province=province, year=2024, index_pct=Decimal("88.37"))
    ProcedureStatFactory(agency=agency_a, year=2022, procedures_total=56, received_new=1713)
    ServiceIndexScore.objects.create(
        province=province,
        agency=agency_a,
        group=dept_group,
        period_type="quarter",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 3, 31),
        transparency=Decimal("15"),
        progress=Decimal("18"),
        online_service=Decimal("9"),
        online_payment=Decimal("7"),
        satisfaction=Decimal("16"),
        digitisation=Decimal("18"),
        total=Decimal("83"),
        band="Tốt",
    )
    visit = VisitFactory(plan__province=province)
    visit.agencies.set([agency_a, agency_b])
    TeamMember.objects.create(
        visit=visit, name="Nguyễn Thị Nhuần", position="Trưởng ban Pháp chế HĐND tỉnh"
    )
    finding = FindingFactory(
        visit=visit,
        agency=agency_a,
        criterion=Criterion.objects.filter(framework=framework).first(),
    )
    recommendation = RecommendationFactory(visit=visit, addressee=agency_a, finding=finding)
    RecommendationUpdate.objects.create(
        recommendation=recommendation, text="Đang thực hiện", status_after="in_progress"
    )
    AgencyFactory(group=dept_group, name="UBND huyện Hương Khê", kind="huyen")
    remediation_action(agency_a, framework)
    return framework


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_open_for_admin(
    admin_client_persona, admin_data, model, rf, admin_user
):
    label = model._meta.label
    response = admin_client_persona.get(url_of(model, "changelist"))
    assert response.status_code == 200, f"{label} change list: {response.status_code}"

    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    if model_admin.has_add_permission(request):  # axes' logs are read-only by design
        response = admin_client_persona.get(url_of(model, "add"))
        assert response.status_code == 200, f"{label} add page: {response.status_code}"

    first = model._default_manager.order_by("pk").first()
    if first is not None:  # axes' logs have no rows here
        response = admin_client_persona.get(url_of(model, "change", first.pk))
        assert response.status_code == 200, f"{label} change page: {response.status_code}"


def test_every_project_model_has_a_row_in_the_admin_fixture(admin_data):
    """Keeps the change-page check above meaningful when a model is added."""
    empty = [
        m._meta.label
        for m in MODELS
        if m._meta.app_label != "axes" and not m._default_manager.exists()
    ]
    assert empty == []


def test_agency_changelist_search_finds_by_name(admin_client_persona, admin_data):
    response = admin_client_persona.get(
        url_of(admin_data.group.agencies.model, "changelist"), {"q": "Xây"}
    )
    assert response.status_code == 200
    names = [agency.name for agency in response.context["cl"].result_list]
    assert names == ["Sở Xây dựng"]


def test_changelist_search_on_every_model_with_search_fields(admin_client_persona, admin_data):
    for model, model_admin in admin.site._registry.items():
        if model_admin.search_fields:
            response = admin_client_persona.get(url_of(model, "changelist"), {"q": "Sở"})
            assert response.status_code == 200, model._meta.label


def test_admin_is_closed_to_non_staff_personas(reporter_client, admin_data):
    response = reporter_client.get(reverse("admin:index"))
    assert response.status_code == 302
