"""factory_boy factories for every model the tests build."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from agencies.models import Agency, AgencyGroup, AgencyLineage, Membership, Province
from indicators.models import (
    AnnualReport,
    Band,
    Criterion,
    CriterionScore,
    Framework,
    IndexResult,
    ProcedureStat,
    SurveyComponent,
    SurveyScore,
)
from inspections.models import Finding, InspectionKind, InspectionPlan, Recommendation, Visit


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"P{n:02d}")
    name = factory.Sequence(lambda n: f"Tỉnh {n}")


class AgencyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyGroup

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"khoi-{n}")
    name = "Khối sở, ban, ngành"
    kind = AgencyGroup.Kind.DEPARTMENT


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    group = factory.SubFactory(AgencyGroupFactory)
    province = factory.SelfAttribute("group.province")
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    kind = Agency.Kind.DEPARTMENT


class LineageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyLineage

    predecessor = factory.SubFactory(AgencyFactory)
    successor = factory.SubFactory(AgencyFactory)
    relation = AgencyLineage.Relation.MERGE_INTO
    effective_date = datetime.date(2025, 3, 1)
    legal_basis = "NĐ 45/2025/NĐ-CP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", "demo12345")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Membership.Role.NOIVU
    province = factory.SubFactory(ProvinceFactory)


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    group = factory.SubFactory(AgencyGroupFactory)
    province = factory.SelfAttribute("group.province")
    year = 2023
    name = factory.LazyAttribute(lambda f: f"Bộ chỉ số CCHC {f.year}")
    legal_basis_no = "3323/QĐ-UBND"
    legal_basis_date = datetime.date(2023, 10, 16)
    total_max = Decimal("100")


class BandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Band

    framework = factory.SubFactory(FrameworkFactory)
    name = "Tốt"
    lower = Decimal("80")


def make_standard_bands(framework):
    """The common 5-band scale; tests that need other cut-offs build their own."""
    for order, (name, lower) in enumerate(
        [("Xuất sắc", 90), ("Tốt", 80), ("Khá", 70), ("Trung bình", 50), ("Yếu", 0)]
    ):
        Band.objects.create(framework=framework, name=name, lower=Decimal(lower), order=order)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    framework = factory.SubFactory(FrameworkFactory)
    level = Criterion.Level.SUB_CRITERION
    code = factory.Sequence(lambda n: f"9.{n}")
    name = factory.Sequence(lambda n: f"Tiêu chí {n}")
    max_points = Decimal("2")
    order = factory.Sequence(lambda n: n)


def make_tree(framework, spec):
    """Build a criteria tree from {"1": ("Field", [("1.1", max), ...]), ...}; returns leaves."""
    leaves = []
    for order, (code, (name, children)) in enumerate(spec.items()):
        field = Criterion.objects.create(
            framework=framework,
            level=Criterion.Level.FIELD,
            code=code,
            name=name,
            max_points=sum(Decimal(str(m)) for _, m in children),
            order=order * 100,
        )
        for i, (child_code, maximum) in enumerate(children):
            leaves.append(
                Criterion.objects.create(
                    framework=framework,
                    parent=field,
                    level=Criterion.Level.CRITERION,
                    code=child_code,
                    name=f"Tiêu chí {child_code}",
                    max_points=Decimal(str(maximum)),
                    order=order * 100 + i + 1,
                )
            )
    return leaves


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    framework = factory.SubFactory(FrameworkFactory)
    agency = factory.SubFactory(AgencyFactory, group=factory.SelfAttribute("..framework.group"))


class CriterionScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionScore

    report = factory.SubFactory(AnnualReportFactory)
    criterion = factory.SubFactory(
        CriterionFactory, framework=factory.SelfAttribute("..report.framework")
    )
    max_points = factory.SelfAttribute("criterion.max_points")


class SurveyComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyComponent

    framework = factory.SubFactory(FrameworkFactory)
    code = SurveyComponent.Code.CCHC_SURVEY
    name = "ĐTXHH về CCHC"
    max_points = Decimal("30")


class SurveyScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyScore

    report = factory.SubFactory(AnnualReportFactory)
    component = factory.SubFactory(
        SurveyComponentFactory, framework=factory.SelfAttribute("..report.framework")
    )
    max_points = factory.SelfAttribute("component.max_points")
    points = Decimal("20")


class IndexResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndexResult

    framework = factory.SubFactory(FrameworkFactory)
    agency = factory.SubFactory(AgencyFactory, group=factory.SelfAttribute("..framework.group"))
    index_pct = Decimal("90")


class ProcedureStatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureStat

    agency = factory.SubFactory(AgencyFactory)
    period_type = "year"
    year = 2023
    period_start = factory.LazyAttribute(lambda s: datetime.date(s.year, 1, 1))
    period_end = factory.LazyAttribute(lambda s: datetime.date(s.year, 12, 31))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionPlan

    province = factory.SubFactory(ProvinceFactory)
    kind = InspectionKind.NOIVU_CCHC
    number = factory.Sequence(lambda n: f"{1000 + n}/KH-SNV")
    date = datetime.date(2022, 6, 27)
    issuer = "Sở Nội vụ"
    year = 2022
    subject = "Kiểm tra công tác CCHC năm 2022"


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    plan = factory.SubFactory(PlanFactory)
    date = datetime.date(2022, 10, 25)
    lead_name = "Trần Thế Dũng"
    lead_position = "Phó Giám đốc Sở Nội vụ"


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    visit = factory.SubFactory(VisitFactory)
    agency = factory.SubFactory(AgencyFactory)
    kind = Finding.Kind.SHORTCOMING
    text = "Tỷ lệ hồ sơ trực tuyến còn thấp"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    visit = factory.SubFactory(VisitFactory)
    addressee = factory.SubFactory(AgencyFactory)
    text = "Đẩy mạnh chuyển đổi số, nâng tỷ lệ hồ sơ trực tuyến"
    deadline = datetime.date(2023, 12, 31)
