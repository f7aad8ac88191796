"""Project-level endpoints that belong to no single app: health and language switch."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.defaults import page_not_found
from django.views.i18n import set_language

log = logging.getLogger(__name__)


def broker_state() -> str:
    """ "eager" when tasks run in-process, else "ok"/"down" from a short broker ping."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from cchc.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # any transport error means the broker is not usable now
        log.warning("broker ping failed: %s", exc)
        return "down"


@login_not_required
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as exc:  # report, don't raise: a health check must answer
        log.warning("database ping failed: %s", exc)
        database = "down"
    broker = broker_state()
    healthy = database == "ok" and broker in {"ok", "eager"}
    return JsonResponse({"database": database, "broker": broker}, status=200 if healthy else 503)


def not_found(request, exception=None):
    """404: the API answers JSON as its schema says (a path no route matches, such as an
    id that is not a number, never reaches DRF); every other path gets the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
    return page_not_found(request, exception)


# The language switch is usable from the login page too.
set_language_public = login_not_required(set_language)
