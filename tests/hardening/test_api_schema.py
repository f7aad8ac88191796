"""F-12: the OpenAPI schema says what the API answers; Swagger UI is served locally.

CI also runs schemathesis against a live server (`.ci/api-schema.sh`); these tests pin the
points the probe found, without a server.
"""

import re

import pytest
import yaml
from django.urls import reverse

from tests.factories import AgencyFactory


@pytest.fixture
def schema(staff_client):
    response = staff_client.get(reverse("api:schema"))
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def props(schema, name):
    return schema["components"]["schemas"][name]["properties"]


def params(schema, path):
    return {p["name"]: p for p in schema["paths"][path]["get"].get("parameters", [])}


def test_nullable_fields_are_declared_nullable(schema):
    assert props(schema, "Agency")["group"]["nullable"] is True
    assert props(schema, "ServiceIndex")["agency_name"]["nullable"] is True
    result = props(schema, "PublishedResult")
    assert all(result[f]["nullable"] for f in ("rank", "index_pct", "total_points"))


def test_error_answers_are_documented(schema):
    for path, operations in schema["paths"].items():
        responses = operations["get"]["responses"]
        if "/open-data/" not in path:
            assert "403" in responses, path
        if "{" in path:
            assert "404" in responses, path
    assert "400" in schema["paths"]["/api/results/"]["get"]["responses"]


def test_filters_are_documented_with_their_types(schema):
    year = params(schema, "/api/results/")["year"]["schema"]
    assert year == {"type": "integer", "minimum": 2000, "maximum": 2100}
    assert params(schema, "/api/results/")["group"]["schema"]["type"] == "string"
    assert "year" in params(schema, "/api/procedure-stats/")
    assert "year" in params(schema, "/api/service-index/")


@pytest.mark.parametrize(
    "query", [{"year": "²"}, {"year": "①"}, {"year": "9" * 30}, {"group": "\x00"}], ids=repr
)
def test_an_invalid_filter_is_a_400_in_json(staff_client, query):
    response = staff_client.get(reverse("api:result-list"), query)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert set(response.json()) <= {"year", "group"}


def test_a_path_no_route_matches_is_a_json_404_under_the_api(staff_client):
    response = staff_client.get("/api/service-index/3.5e-144/")
    assert response.status_code == 404 and response.json() == {"detail": "Không tìm thấy."}
    assert staff_client.get("/khong-co-trang-nay/")["Content-Type"].startswith("text/html")


def test_a_page_given_twice_is_a_404(staff_client):
    assert staff_client.get("/api/rankings/?page=1&page=").status_code == 404


def test_the_api_answers_anonymous_clients_in_json(anonymous, province):
    response = anonymous.get(reverse("api:agency-list"))
    assert response.status_code == 403 and "detail" in response.json()


def test_the_year_filter_still_filters(staff_client, dept_group):
    AgencyFactory(group=dept_group)
    assert staff_client.get(reverse("api:result-list"), {"year": "2023"}).status_code == 200


def test_swagger_ui_is_served_from_our_static_files(staff_client):
    response = staff_client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith(("/", "?")) for s in sources), sources
    assert "swagger-ui" in html and "cdn" not in html.lower()
    assert "<script>" not in html  # no inline script: the CSP allows 'self' only
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = next(s for s in sources if "script" in s or s.startswith("?"))
    assert staff_client.get(script).status_code == 200
