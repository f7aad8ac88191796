"""An account given its password by Sở Nội vụ chooses its own before doing anything else."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .models import Membership


class TemporaryPasswordMiddleware:
    """Every page but the password change (and logging out, the language switch and static
    files) leads to the password change while `Membership.must_change_password` is set.

    The membership comes with the user (`agencies.backends.MembershipBackend`): no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        membership = Membership.for_user(getattr(request, "user", None))
        if membership is not None and membership.must_change_password:
            target = reverse("agencies:password_change")
            open_paths = {target, reverse("logout"), reverse("set_language")}
            if request.path not in open_paths and not request.path.startswith(settings.STATIC_URL):
                return redirect(target)
        return self.get_response(request)


SCOPE_SESSION_KEY = "province_scope"


class ProvinceScopeMiddleware:
    """A national reader (Bộ Nội vụ, a national administrator) looks at one province at a
    time once they pick it (`agencies.views.province_switch`): the choice lives in the
    session and narrows `Membership.in_province` for this request. It never widens access:
    a membership tied to a province ignores it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        membership = Membership.for_user(getattr(request, "user", None))
        if membership is not None and membership.sees_every_province:
            membership.scope_province_id = request.session.get(SCOPE_SESSION_KEY)
        return self.get_response(request)
