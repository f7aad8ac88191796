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
