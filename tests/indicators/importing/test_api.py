"""Read-only API: permissions like the pages, the open-data toggle, the OpenAPI schema."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import (
    AgencyFactory,
    AgencyGroupFactory,
    FrameworkFactory,
    IndexResultFactory,
    ProcedureStatFactory,
    ProvinceFactory,
)


@pytest.fixture
def published(dept_group, agency_a, agency_b):
    framework = FrameworkFactory(group=dept_group, year=2023)
    IndexResultFactory(
        framework=framework,
        agency=agency_a,
        is_published=True,
        published_rank=1,
        published_index_pct=Decimal("91.14"),
        group_size=2,
    )
    IndexResultFactory(
        framework=framework,
        agency=agency_b,
        is_published=True,
        published_rank=2,
        published_index_pct=Decimal("85.02"),
        group_size=2,
    )
    IndexResultFactory(
        framework=FrameworkFactory(group=dept_group, year=2024), agency=agency_a
    )  # not published
    return framework


@pytest.fixture
def elsewhere(db):
    group = AgencyGroupFactory(province=ProvinceFactory(code="QN", name="Quảng Ninh"))
    agency = AgencyFactory(group=group, name="Sở Nội vụ Quảng Ninh")
    IndexResultFactory(
        framework=FrameworkFactory(group=group), agency=agency, is_published=True, published_rank=1
    )
    return agency


@pytest.mark.parametrize("persona", ["staff_client", "reporter_client", "supervisor_client"])
def test_readers_see_their_provinces_published_results_only(persona, request, published, elsewhere):
    client = request.getfixturevalue(persona)
    data = client.get(reverse("api:result-list")).json()
    assert [(row["agency_name"], row["rank"], row["index_pct"]) for row in data["results"]] == [
        ("Sở Xây dựng", 1, "91.1400"),
        ("Sở Giao thông vận tải", 2, "85.0200"),
    ]


def test_agencies_of_another_province_are_not_found(staff_client, elsewhere):
    assert staff_client.get(reverse("api:agency-detail", args=[elsewhere.pk])).status_code == 404


def test_rankings_list_each_published_year_and_group(supervisor_client, published):
    data = supervisor_client.get(reverse("api:ranking-list")).json()["results"]
    assert [(r["year"], [row["rank"] for row in r["results"]]) for r in data] == [(2023, [1, 2])]


def test_procedure_statistics_carry_numerator_and_denominator(staff_client, agency_a):
    ProcedureStatFactory(
        agency=agency_a,
        carried_over=10,
        received_new=90,
        resolved_early=20,
        resolved_on_time=70,
        in_progress_on_time=5,
    )
    row = staff_client.get(reverse("api:procedure-stat-list")).json()["results"][0]
    assert (
        row["rates"]["on_time"]["numerator"] == 95 and row["rates"]["on_time"]["denominator"] == 100
    )


def test_anonymous_and_roleless_users_are_refused(anonymous, published, django_user_model):
    assert anonymous.get(reverse("api:result-list")).status_code == 403
    user = django_user_model.objects.create_user("lost", password="x")
    anonymous.force_login(user)
    assert anonymous.get(reverse("api:result-list")).status_code == 403


def test_the_api_is_read_only(staff_client, published):
    assert staff_client.post(reverse("api:agency-list"), {"name": "Sở Mới"}).status_code == 405


def test_open_data_rankings_follow_the_province_switch(anonymous, province, published):
    url = reverse("api:open_data_rankings", args=[province.code])
    assert anonymous.get(url).status_code == 404
    province.open_data = True
    province.save()
    data = anonymous.get(url).json()
    assert [row["agency_name"] for row in data[0]["results"]] == [
        "Sở Xây dựng",
        "Sở Giao thông vận tải",
    ]


def test_schema_endpoint_serves_the_openapi_document(staff_client, anonymous, db):
    response = staff_client.get(reverse("api:schema"))
    assert response.status_code == 200 and b"/api/results/" in response.content
    assert anonymous.get(reverse("api:schema")).status_code in (302, 403)


def test_api_views_declare_their_roles_for_the_permission_matrix():
    from django.urls import resolve

    from agencies.access import READERS

    assert resolve("/api/agencies/").func.required_roles == READERS
    assert resolve("/api/schema/").func.required_roles == READERS
    assert resolve("/api/open-data/HT/rankings/").func.login_required is False


@pytest.mark.parametrize(
    "endpoint",
    ["api:agency-list", "api:result-list", "api:ranking-list", "api:procedure-stat-list"],
)
def test_api_query_count_does_not_grow_with_agencies(staff_client, dept_group, endpoint):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    framework = FrameworkFactory(group=dept_group, year=2023)

    def add(n):
        for _ in range(n):
            agency = AgencyFactory(group=dept_group)
            IndexResultFactory(
                framework=framework, agency=agency, is_published=True, published_rank=1
            )
            ProcedureStatFactory(agency=agency, received_new=10, resolved_on_time=5)

    counts = []
    for n in (3, 30):
        add(n)
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(reverse(endpoint)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
