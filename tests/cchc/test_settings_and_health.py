"""Project-level behaviour: defaults that run with no environment, health, security headers."""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from django.urls import reverse
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_is_public_and_reports_database_and_eager_broker(anonymous, db):
    response = anonymous.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "eager"}


def test_healthz_reports_a_dead_broker_as_503(anonymous, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from cchc.celery import app

    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = anonymous.get(reverse("healthz"))
    finally:
        app.conf.broker_url = settings.CELERY_BROKER_URL or None
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


def test_pages_require_login_by_default(anonymous, db):
    response = anonymous.get(reverse("indicators:overview"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_public_and_has_a_strict_content_security_policy(anonymous, db):
    response = anonymous.get(reverse("login"))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "http" not in policy  # no external host is allowed anywhere


def test_numbers_and_dates_are_vietnamese_by_default(settings):
    import datetime

    assert settings.LANGUAGE_CODE == "vi" and settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    with translation.override("vi"):
        assert formats.localize(Decimal("85.02"), use_l10n=True) == "85,02"
        assert formats.number_format(1713, force_grouping=True) == "1.713"
        assert formats.date_format(datetime.date(2022, 12, 26), "SHORT_DATE_FORMAT") == "26/12/2022"
    with translation.override("en"):
        assert formats.localize(Decimal("85.02"), use_l10n=True) == "85.02"


def test_production_settings_pass_the_deploy_check():
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}},
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "cchc.example.gov.vn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(db, client):
    """Accept-Language is ignored: only the language switch changes the UI language."""
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.wsgi_request.LANGUAGE_CODE == "vi"
    assert '<html lang="vi">' in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.wsgi_request.LANGUAGE_CODE == "en"


def _settings_value(expression: str, **environ) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="cchc.settings", **environ)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_cache_is_redis_when_configured_and_in_memory_otherwise():
    backend = 'settings.CACHES["default"]["BACKEND"]'
    assert _settings_value(backend).endswith("LocMemCache")
    redis = _settings_value(backend, REDIS_URL="redis://127.0.0.1:6379/3")
    assert redis == "django.core.cache.backends.redis.RedisCache"


def test_sessions_are_read_from_the_cache_and_kept_in_the_database(staff_client, noivu_staff):
    """A logged-in request reads its session from the cache, and its user with the
    membership in one query; a cache restart logs nobody out."""
    from django.contrib.sessions.models import Session
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("agencies:notifications")
    staff_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get(url).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert not any("django_session" in s for s in sql)
    assert sum('FROM "auth_user"' in s for s in sql) == 1
    assert any("agencies_membership" in s for s in sql if 'FROM "auth_user"' in s)
    assert Session.objects.exists()
    cache.clear()
    assert staff_client.get(url).status_code == 200
