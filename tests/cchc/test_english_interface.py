"""After the language switch, the main pages of each persona read in English (data names
aside), and switching back gives the Vietnamese interface again. Measured on the demo
province, with the panels each page loads by htmx."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, override_settings

from agencies.models import Agency, Membership
from demo.loading import load_demo
from indicators.models import AnnualReport
from tests.cchc.catalogue import read_po
from tests.cchc.interface_text import data_names, text_nodes, vietnamese_share

ENGLISH_AT_LEAST = 0.95
PANEL = re.compile(r'hx-get="([^"]+)"')
EVERYONE = [
    "/",
    "/xep-hang/",
    "/bao-cao/",
    "/thu-tuc/",
    "/chi-so-766/",
    "/kiem-tra/",
    "/kiem-tra/dot-lam-viec/",
    "/kiem-tra/kien-nghi/",
    "/don-vi/thong-bao/",
    "/trang-khong-co/",
]
STAFF_ONLY = ["/tham-dinh/", "/nhap-du-lieu/", "/thu-tuc/nhap/", "/don-vi/tai-khoan/"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo province, committed for this module and flushed afterwards."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        ),
    ):
        call_command("flush", interactive=False, verbosity=0)
        load_demo()
        yield {"names": data_names()}
        call_command("flush", interactive=False, verbosity=0)


def main_pages(username: str) -> list[str]:
    """The persona's main pages: the shared ones, its agency's profile and report (or, for
    Sở Nội vụ, the appraisal of one), and the staff pages."""
    membership = Membership.for_user(User.objects.get(username=username))
    agency = (
        membership.agency
        or Agency.objects.filter(province=membership.province, group__isnull=False).first()
    )
    report = AnnualReport.objects.filter(agency=agency).order_by("-framework__year").first()
    pages = [*EVERYONE, f"/ho-so-don-vi/{agency.pk}/", f"/bao-cao/{report.pk}/"]
    if membership.role == Membership.Role.REPORTER:
        pages.append(f"/bao-cao/{report.pk}/tu-danh-gia/")
    if membership.role == Membership.Role.NOIVU:
        pages += [*STAFF_ONLY, f"/tham-dinh/bao-cao/{report.pk}/"]
    return pages


def page_text(client: Client, url: str) -> list[str]:
    """The page's text and that of the panels it loads on arrival."""
    response = client.get(url, follow=True)
    assert response.status_code in (200, 404), url
    html = response.content.decode()
    for panel in PANEL.findall(html):
        html += client.get(panel.replace("&amp;", "&"), HTTP_HX_REQUEST="true").content.decode()
    return text_nodes(html)


def switch(client: Client, language: str) -> None:
    """The language switch in the navigation bar."""
    response = client.post("/ngon-ngu/", {"language": language, "next": "/"}, follow=True)
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize("username", ["noivu", "sxd", "giamsat"])
def test_after_switching_to_english_the_main_pages_read_in_english(demo, db, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    switch(client, "en")
    everything, report = [], []
    for url in main_pages(username):
        texts = page_text(client, url)
        share, vietnamese = vietnamese_share(texts, demo["names"])
        everything += texts
        report.append(f"{url}: {1 - share:.1%} English, e.g. {vietnamese[:3]}")
        assert 1 - share >= ENGLISH_AT_LEAST, "\n".join(report)
    share, _ = vietnamese_share(everything, demo["names"])
    assert 1 - share >= ENGLISH_AT_LEAST


@pytest.mark.parametrize("username", ["noivu", "sxd", "giamsat"])
def test_switching_back_restores_vietnamese(demo, db, username):
    """No English interface text is left once the user switches back (every other main
    page: the previous test reads them all)."""
    english = {
        text
        for entry in read_po()
        if entry.msgid and not entry.msgid_plural
        for text in [entry.msgstr[0]]
        if text != entry.msgid and re.search(r"[a-z]{3}", text) and "%" not in text
    }
    client = Client()
    client.force_login(User.objects.get(username=username))
    switch(client, "en")
    assert "Overview" in page_text(client, "/")
    switch(client, "vi")
    for url in main_pages(username)[::2]:
        texts = page_text(client, url)
        assert not english & set(texts), (url, sorted(english & set(texts))[:5])
        share, _ = vietnamese_share(texts, demo["names"])
        assert share > 0.5, url
