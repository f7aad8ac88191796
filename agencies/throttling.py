"""Login throttling: django-axes, per username and IP, and per IP across usernames.

Axes counts the failures of each (username, IP) pair and locks the pair after
`AXES_FAILURE_LIMIT`. That alone does not slow a spray of many usernames from one address,
one guess each. This handler also locks an IP once all its failures within the cool-off,
whatever the usernames, reach `AXES_IP_FAILURE_LIMIT`: a higher number than the pair's,
because a whole department often reaches the dashboard through one NAT address, and one
official's typos must not lock out the others.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


class LoginThrottle(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self.ip_is_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and self.ip_is_locked(request):
            request.axes_locked_out = True  # the middleware answers with the lockout page

    def ip_is_locked(self, request) -> bool:
        if request is None or not settings.AXES_LOCK_OUT_AT_FAILURE:
            return False
        address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        attempts = AccessAttempt.objects.filter(ip_address=address)
        cool_off = get_cool_off(request)
        if cool_off is not None:
            attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
        failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
        return failures >= settings.AXES_IP_FAILURE_LIMIT
