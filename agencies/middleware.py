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
