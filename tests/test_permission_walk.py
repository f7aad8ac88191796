"""The permission matrix's own walk reports what it cannot check."""

from django.contrib.auth.views import redirect_to_login

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
