"""The permission matrix's national personas: Bộ Nội vụ reads every province, and Sở Nội
vụ of another province reads none of agency A's (the walk and the world are the matrix's)."""

from django.urls import reverse

from agencies.access import ADMINS, REPORTERS, STAFF, SUPERVISORS
from agencies.models import Membership, Province
from tests import test_permission_matrix as matrix
from tests.test_permission_matrix import ROUTES, _checked_routes, _get, resolve_kwargs

world = matrix.world  # the matrix's fixture: agency A of Hà Tĩnh and a client per persona


def _points_at_agency_a(route) -> bool:
    found, _ = resolve_kwargs(route)
    return any(
        name in found for name in ("report_id", "score_id", "evidence_id", "agency_id", "pk")
    )


def test_noivu_of_another_province_never_gets_agency_a_pages(world):
    """Sở Nội vụ of Nghệ An opens nothing of Hà Tĩnh's: profiles, reports, plans, panels."""
    failures = []
    for route in _checked_routes():
        if not _points_at_agency_a(route):
            continue
        status, _ = _get(world.clients["staff_elsewhere"], world.url(route))
        if status == 200:
            failures.append(f"{route}: Sở Nội vụ of another province got 200")
    assert not failures, "\n".join(failures)


READ_PAGES = [
    "indicators:overview",
    "indicators:rankings",
    "indicators:agency_profile",
    "indicators:agency_procedures_panel",
    "indicators:procedure_list",
    "indicators:service_index",
    "inspections:plan_list",
    "inspections:plan_detail",
    "inspections:visit_detail",
    "inspections:agency_panel",
    "inspections:council_brief",
    "indicators:report_detail",
    "national:ranking",
    "national:province",
]


def test_bonoivu_reads_every_page_of_a_province_it_does_not_belong_to(world):
    routes = {route.name: route for route in ROUTES}
    failures = []
    for name in READ_PAGES:
        status, _ = _get(world.clients["bonoivu"], world.url(routes[name]))
        if status != 200:
            failures.append(f"{name}: Bộ Nội vụ got {status}")
    assert not failures, "\n".join(failures)


def test_bonoivu_is_in_no_role_set_that_writes():
    for roles in (STAFF, REPORTERS, SUPERVISORS, ADMINS):
        assert Membership.Role.BONOIVU not in roles


def test_the_other_province_persona_really_is_elsewhere(world):
    membership = Membership.objects.get(user__username="noivu_na")
    assert membership.province != world.province
    assert Province.objects.count() == 2


def test_admin_site_is_closed_to_non_staff(world):
    url = reverse("admin:index")
    for persona in ("anonymous", "reporter_a", "staff", "supervisor", "bonoivu"):
        response = world.clients[persona].get(url)
        assert response.status_code == 302, persona
        assert response["Location"].startswith(reverse("admin:login")), persona
    assert world.clients["admin"].get(url).status_code == 200
