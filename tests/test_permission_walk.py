"""The permission matrix's own walk reports what it cannot check."""

from django.contrib.auth.views import redirect_to_login

from tests.test_permission_matrix import ROUTES, Route, _missing_message, resolve_kwargs


def test_the_matrix_itself_catches_an_undeclared_view():
    """A view without a rule must be reported (guards against the walk silently skipping)."""

    def naked(request):  # pragma: no cover - never called
        return redirect_to_login("/")

    route = Route("demo:naked", "naked/", naked, [])
    assert route.roles is None and not route.is_public
    assert resolve_kwargs(Route("demo:x", "x/<int:unknown_id>/", naked, ["unknown_id"]))[1] == [
        "unknown_id"
    ]


def test_the_walk_finds_the_project_urls():
    names = {r.name for r in ROUTES}
    assert {
        "indicators:report_detail",
        "indicators:evidence_download",
        "indicators:appraisal_board",
        "login",
    } <= names
    assert not any(n.startswith("admin:") for n in names)


def test_every_url_declares_who_may_open_it():
    undeclared = [
        str(r)
        for r in ROUTES
        if r.roles is None and getattr(r.callback, "login_required", True) is not False
    ]
    assert not undeclared, (
        "These views declare no access rule; decorate them with agencies.access.role_required(...) "
        "(or RoleRequiredMixin) or django.contrib.auth.decorators.login_not_required:\n"
        + "\n".join(undeclared)
    )


def test_every_url_keyword_has_a_test_object():
    problems = [
        _missing_message(r, missing)
        for r in ROUTES
        for missing in [resolve_kwargs(r)[1]]
        if missing
    ]
    assert not problems, "\n".join(problems)
