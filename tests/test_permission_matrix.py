"""Every URL of the project × every persona: who may open what.

The walk is data-driven: a new URL is picked up automatically. It fails when
- a view declares no access rule (neither `required_roles` from `agencies.access.role_required`
  / `RoleRequiredMixin`, nor `login_required = False` from `login_not_required`);
- a URL has a keyword argument this file cannot fill: add it to `BY_KWARG` (or to `BY_ROUTE`
  when the name is ambiguous, like `pk`), pointing at an object of agency A;
- anonymous gets a 200 on a protected URL, a persona outside the declared roles is let in,
  any persona makes a page crash (5xx), the reporter of agency B gets a 200 on agency A's
  private objects or on a write page for them, or a read-only persona's POST writes.
National personas and the admin site: test_permission_matrix_national.py.

Exclusions, deliberately few:
- the `admin:` namespace — Django's AdminSite gates it with is_staff; checked separately;
- `logout` — Django's LogoutView ends the caller's own session and shows no data.
The `api:` namespace is walked like everything else (DRF views carry `required_roles` too).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agencies.access import SUPERVISORS
from agencies.models import Membership
from indicators import workflow
from indicators.models import (
    Alert,
    AlertRule,
    AnnualReport,
    Evidence,
    IndexResult,
    PublishedEdition,
    ServiceIndexScore,
    Target,
)
from inspections.models import Recommendation, RecommendationUpdate
from tests.factories import (
    CriterionFactory,
    FrameworkFactory,
    PlanFactory,
    ProcedureStatFactory,
    RecommendationFactory,
    VisitFactory,
)
from tests.inspections.remediation_data import remediation_action

EXCLUDED_NAMESPACES = {
    "admin": "Django admin (is_staff gate), see test_admin_site_is_closed_to_non_staff"
}
EXCLUDED_ROUTES = {"logout": "Django's LogoutView: ends the caller's own session, shows no data"}
# Tables a read-only request may still write: the session, login throttling, and marking
# one's own notifications read.
HARMLESS_WRITES = ("django_session", "axes_", "agencies_notification")


@dataclass
class Route:
    name: str
    pattern: str
    callback: object
    kwargs: list[str]
    defaults: dict = field(default_factory=dict)

    @property
    def roles(self):
        return getattr(self.callback, "required_roles", None)

    @property
    def is_public(self) -> bool:
        return self.roles is None and getattr(self.callback, "login_required", True) is False

    def __str__(self):
        return f"{self.name} ({self.pattern})"


def _kwarg_names(pattern) -> list[str]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return list(converters)
    return list(pattern.regex.groupindex)


def walk(patterns=None, namespace="", prefix="", inherited=()):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else entry.namespace or namespace
            )
            yield from walk(
                entry.url_patterns,
                inner,
                prefix + str(entry.pattern),
                (*inherited, *_kwarg_names(entry.pattern)),
            )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            if name in EXCLUDED_ROUTES:
                continue
            kwargs = [
                k for k in (*inherited, *_kwarg_names(entry.pattern)) if k not in entry.default_args
            ]
            yield Route(
                name, prefix + str(entry.pattern), entry.callback, kwargs, dict(entry.default_args)
            )


ROUTES = list(walk())


# --- the objects of agency A that URLs point at -------------------------------------------


@dataclass
class Obj:
    get: object  # world -> value
    private: bool = False  # another agency's reporter must never read it


BY_KWARG = {
    "report_id": Obj(lambda w: w.report.pk, private=True),
    "score_id": Obj(lambda w: w.score.pk, private=True),
    "evidence_id": Obj(lambda w: w.evidence.pk, private=True),
    "agency_id": Obj(lambda w: w.agency_a.pk),
    "framework_id": Obj(lambda w: w.framework.pk),
    "edition_id": Obj(lambda w: w.edition.pk),
    "plan_pk": Obj(lambda w: w.plan.pk),
    "province_code": Obj(lambda w: w.province.code),
    "fmt": Obj(lambda w: "csv"),
    "format": Obj(lambda w: "json"),
    "token": Obj(lambda w: "khong-ton-tai"),
    "kind": Obj(lambda w: "agencies"),
    "user_id": Obj(lambda w: Membership.objects.get(agency=w.agency_a).user_id, private=True),
    "province_id": Obj(lambda w: w.province.pk),
    "target_id": Obj(lambda w: Target.objects.get(agency=w.agency_a).pk),
    "alert_id": Obj(lambda w: Alert.objects.get(agency=w.agency_a).pk, private=True),
    "rule_id": Obj(lambda w: AlertRule.objects.get(province=w.province).pk),
}
# Where a kwarg name alone does not say what it is.
BY_ROUTE = {
    "indicators:procedure_edit": {"pk": Obj(lambda w: w.procedure_stat.pk)},
    "inspections:plan_detail": {"pk": Obj(lambda w: w.plan.pk)},
    "inspections:plan_edit": {"pk": Obj(lambda w: w.plan.pk)},
    "inspections:visit_detail": {"pk": Obj(lambda w: w.visit.pk)},
    "inspections:visit_edit": {"pk": Obj(lambda w: w.visit.pk)},
    "inspections:visit_findings": {"pk": Obj(lambda w: w.visit.pk)},
    "inspections:recommendation_detail": {"pk": Obj(lambda w: w.recommendation.pk, private=True)},
    "inspections:recommendation_post_update": {
        "pk": Obj(lambda w: w.recommendation.pk, private=True)
    },
    "inspections:recommendation_confirm": {"pk": Obj(lambda w: w.recommendation.pk, private=True)},
    "inspections:update_attachment": {"pk": Obj(lambda w: w.update.pk, private=True)},
    "inspections:remediation_detail": {"pk": Obj(lambda w: w.remediation.plan_id, True)},
    "inspections:remediation_add_action": {"pk": Obj(lambda w: w.remediation.plan_id, True)},
    "inspections:remediation_action_update": {"pk": Obj(lambda w: w.remediation.pk, True)},
    "inspections:remediation_evidence": {"pk": Obj(lambda w: w.remediation_update.pk, True)},
    "api:agency-detail": {"pk": Obj(lambda w: w.agency_a.pk)},
    "api:result-detail": {"pk": Obj(lambda w: w.result.pk)},
    "api:ranking-detail": {"pk": Obj(lambda w: w.framework.pk)},
    "api:procedure-stat-detail": {"pk": Obj(lambda w: w.procedure_stat.pk)},
    "api:service-index-detail": {"pk": Obj(lambda w: w.service_score.pk)},
}


def resolve_kwargs(route: Route):
    """{kwarg: Obj} for the route, or the names nobody mapped."""
    found, missing = {}, []
    for name in route.kwargs:
        obj = BY_ROUTE.get(route.name, {}).get(name) or BY_KWARG.get(name)
        if obj is None:
            missing.append(name)
        else:
            found[name] = obj
    return found, missing


@dataclass
class World:
    province: object
    agency_a: object
    framework: object
    report: object
    score: object
    evidence: object
    edition: object
    result: object
    plan: object
    visit: object
    recommendation: object
    update: object
    procedure_stat: object
    service_score: object
    clients: dict

    def url(self, route: Route) -> str:
        found, missing = resolve_kwargs(route)
        assert not missing, _missing_message(route, missing)
        return reverse(route.name, kwargs={k: obj.get(self) for k, obj in found.items()})


def _missing_message(route, missing):
    return (
        f"{route}: no test object for URL keyword(s) {missing}. Add them to BY_KWARG in "
        f"tests/test_permission_matrix.py (or to BY_ROUTE['{route.name}'] when the name "
        "is ambiguous), pointing at an object of agency A."
    )


def _client(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world(
    province,
    dept_group,
    agency_a,
    agency_b,
    reporter,
    other_reporter,
    noivu_staff,
    supervisor,
    admin_user,
    national_reader,
    other_province_staff,
):
    framework = FrameworkFactory(group=dept_group, year=2023)
    criterion = CriterionFactory(framework=framework, code="1.1", max_points=Decimal("2"))
    workflow.open_year(
        framework=framework, self_assessment_deadline=None, explanation_deadline=None
    )
    report = AnnualReport.objects.get(
        framework=framework, agency=agency_a
    )  # a draft: private to agency A
    score = report.scores.get(criterion=criterion)
    evidence = Evidence.objects.create(score=score, original_name="a.pdf", size=9)
    evidence.file.save("a.pdf", __import__("io").BytesIO(b"%PDF-1.4\n"), save=True)
    edition = PublishedEdition.objects.create(
        framework=framework,
        decision_no="1/QĐ-UBND",
        decision_date=datetime.date(2023, 12, 26),
        content={"results": []},
        content_hash="0" * 64,
    )
    result = IndexResult.objects.create(
        framework=framework, agency=agency_a, index_pct=Decimal("80")
    )
    plan = PlanFactory(province=province)
    visit = VisitFactory(plan=plan)
    recommendation = RecommendationFactory(visit=visit, addressee=agency_a)
    update = RecommendationUpdate.objects.create(
        recommendation=recommendation,
        text="Đã triển khai",
        posted_by=reporter,
        status_after=Recommendation.Status.IN_PROGRESS,
    )
    procedure_stat = ProcedureStatFactory(agency=agency_a)
    service_score = ServiceIndexScore.objects.create(
        province=province,
        agency=agency_a,
        period_type="year",
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        transparency=15,
        progress=18,
        online_service=10,
        online_payment=8,
        satisfaction=16,
        digitisation=20,
        total=87,
    )
    Target.objects.create(
        province=province, group=dept_group, agency=agency_a, year=2023, metric="index", value=90
    )
    rule = AlertRule.objects.create(province=province, kind="index_drop", threshold=3)
    Alert.objects.create(rule=rule, agency=agency_a, occurrence="2023", text="Chỉ số giảm")
    clients = {
        "anonymous": _client(),
        "reporter_a": _client(reporter),
        "reporter_b": _client(other_reporter),
        "staff": _client(noivu_staff),
        "supervisor": _client(supervisor),
        "admin": _client(admin_user),
        "bonoivu": _client(national_reader),
        "staff_elsewhere": _client(other_province_staff),
    }
    built = World(
        province,
        agency_a,
        framework,
        report,
        score,
        evidence,
        edition,
        result,
        plan,
        visit,
        recommendation,
        update,
        procedure_stat,
        service_score,
        clients,
    )
    built.remediation, built.remediation_update = remediation_action(agency_a, framework)
    return built


ROLE_OF = {
    "reporter_a": Membership.Role.REPORTER,
    "reporter_b": Membership.Role.REPORTER,
    "staff": Membership.Role.NOIVU,
    "supervisor": Membership.Role.SUPERVISOR,
    "admin": Membership.Role.ADMIN,
    "bonoivu": Membership.Role.BONOIVU,
    "staff_elsewhere": Membership.Role.NOIVU,
}


def _checked_routes():
    return [r for r in ROUTES if not r.is_public]


# --- the tests ---------------------------------------------------------------------------


def _get(client, url):
    response = client.get(url)
    return response.status_code, response


def test_anonymous_never_gets_a_protected_page(world):
    failures = []
    login = reverse("login")
    for route in _checked_routes():
        status, response = _get(world.clients["anonymous"], world.url(route))
        if status == 200 or status >= 500:
            failures.append(f"{route}: anonymous got {status}")
        elif status == 302 and not response["Location"].startswith(login):
            failures.append(
                f"{route}: anonymous redirected to {response['Location']}, not to the login page"
            )
    assert not failures, "\n".join(failures)


def test_personas_outside_the_declared_roles_are_refused_and_nothing_crashes(world):
    failures = []
    for route in ROUTES:
        url = world.url(route)
        for persona, role in ROLE_OF.items():
            status, _ = _get(world.clients[persona], url)
            if status >= 500:
                failures.append(f"{route}: {persona} made it crash ({status})")
            elif route.roles is not None and role not in route.roles and status < 400:
                failures.append(
                    f"{route}: {persona} is not in {sorted(route.roles)} but got {status}"
                )
    assert not failures, "\n".join(failures)


def test_reporter_of_another_agency_never_gets_agency_a_private_objects_or_write_pages(world):
    failures = []
    for route in _checked_routes():
        found, _ = resolve_kwargs(route)
        points_at_a = any(
            name in found
            for name in (
                *("report_id", "score_id", "evidence_id", "agency_id", "pk", "plan_pk"),
                *("target_id", "alert_id"),
            )
        )
        private = any(obj.private for obj in found.values())
        write_page = route.roles is not None and not (route.roles & SUPERVISORS)
        if not points_at_a or not (private or write_page):
            continue
        status, _ = _get(world.clients["reporter_b"], world.url(route))
        if status == 200:
            failures.append(f"{route}: the reporter of agency B got 200 on agency A's object")
    assert not failures, "\n".join(failures)


def _writes(queries) -> list[str]:
    statements = []
    for query in queries:
        sql = query["sql"].lstrip().upper()
        if sql.startswith(("INSERT", "UPDATE", "DELETE")) and not any(
            t.upper() in sql for t in HARMLESS_WRITES
        ):
            statements.append(query["sql"][:120])
    return statements


@pytest.mark.parametrize("persona", ["supervisor", "bonoivu"])
def test_read_only_personas_never_succeed_with_post(world, persona):
    failures = []
    client = world.clients[persona]
    for route in _checked_routes():
        with CaptureQueriesContext(connection) as queries:
            response = client.post(world.url(route), {})
        writes = _writes(queries.captured_queries)
        if writes:
            failures.append(f"{route}: a {persona}'s POST wrote to the database: {writes[0]}")
        if (
            route.roles is not None
            and ROLE_OF[persona] not in route.roles
            and response.status_code < 400
        ):
            failures.append(f"{route}: a {persona}'s POST got {response.status_code}")
        if response.status_code >= 500:
            failures.append(f"{route}: a {persona}'s POST crashed ({response.status_code})")
    assert not failures, "\n".join(failures)
