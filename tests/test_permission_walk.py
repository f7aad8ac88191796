"""Beside the permission matrix: its own walk reports what it cannot check, and the admin
site it leaves out is closed to everyone but staff."""

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from tests.test_permission_matrix import Route, resolve_kwargs


def test_the_matrix_itself_catches_an_undeclared_view():
    """A view without a rule must be reported (guards against the walk silently skipping)."""

    def naked(request):  # pragma: no cover - never called
        return redirect_to_login("/")

    route = Route("demo:naked", "naked/", naked, [])
    assert route.roles is None and not route.is_public
    assert resolve_kwargs(Route("demo:x", "x/<int:unknown_id>/", naked, ["unknown_id"]))[1] == [
        "unknown_id"
    ]


def test_admin_site_is_closed_to_non_staff(
    anonymous, reporter_client, staff_client, supervisor_client, admin_client_persona
):
    url = reverse("admin:index")
    for persona, client in (
        ("anonymous", anonymous),
        ("reporter", reporter_client),
        ("staff", staff_client),
        ("supervisor", supervisor_client),
    ):
        response = client.get(url)
        assert response.status_code == 302, persona
        assert response["Location"].startswith(reverse("admin:login")), persona
    assert admin_client_persona.get(url).status_code == 200
