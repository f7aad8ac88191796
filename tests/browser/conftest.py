"""Playwright against Debian's Chromium (Playwright cannot download a browser here).

`page` records console errors and every request to a host other than the live server, so a
test can assert that nothing went to a CDN.
"""

import os
import shutil
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")
    # Playwright's sync API runs its own event loop; Django must allow ORM calls from tests.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.console_errors = []
    page.foreign_requests = []
    server_host = urlparse(live_server.url).netloc

    def record_console(msg):
        # Chromium probes /favicon.ico by itself; that 404 is not an error of the page.
        if msg.type == "error" and not (msg.location or {}).get("url", "").endswith("/favicon.ico"):
            page.console_errors.append(msg.text)

    page.on("console", record_console)
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))

    def check_host(request):
        host = urlparse(request.url).netloc
        if request.url.startswith(("http://", "https://")) and host != server_host:
            page.foreign_requests.append(request.url)

    page.on("request", check_host)
    page.set_default_timeout(15000)
    yield page
    context.close()


def login(page, live_server, username, password="demo12345"):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    # Inside <main>: the navbar's language switch is a submit button too.
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def save_artifact(page, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, name)
    page.screenshot(path=path, full_page=True)
    return path
