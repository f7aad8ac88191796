"""Every download and export link the pages offer, followed as each persona: each answers a
file (an attachment that is not HTML), never a 500 and never a page.

The pages are found by walking the links from the overview, so a page or a link added
later is covered without editing this file.
"""

from collections import deque
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import Resolver404, resolve

from indicators.models import Evidence
from inspections.models import Recommendation, RecommendationUpdate
from tests.factories import AnnualReportFactory, CriterionScoreFactory

DOWNLOAD_VIEWS = {
    "rankings_export",
    "edition_export",
    "edition_download",
    "import_template",
    "evidence_download",
    "update_attachment",
}
SKIPPED = ("/dang-xuat/", "/ngon-ngu/", "/admin/", "/api/")
PAGE_BUDGET = 120
PERSONAS = ["staff_client", "reporter_client", "supervisor_client", "admin_client"]


@pytest.fixture
def admin_client(admin_user):
    from tests.conftest import client_for

    return client_for(admin_user)


@pytest.fixture
def files(hostile, hostile_edition, agency_a, noivu_staff):
    """An evidence file on agency A's report and an attachment on a recommendation update."""
    report = AnnualReportFactory(framework=hostile, agency=agency_a)
    score = CriterionScoreFactory(report=report)
    evidence = Evidence(score=score, original_name="Báo cáo tự chấm.pdf", size=8)
    evidence.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.4"), save=True)
    recommendation = Recommendation.objects.filter(addressee=agency_a).first()
    update = RecommendationUpdate(
        recommendation=recommendation, text="Đã khắc phục", status_after="in_progress"
    )
    update.attachment.save("van-ban.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return evidence, update


def _links(html: str) -> list[str]:
    import re

    return [
        link.replace("&amp;", "&")
        for link in re.findall(r'href="([^"#]+)"', html)
        if not link.startswith(("http:", "https:", "mailto:", "javascript:"))
    ]


def _is_download(url: str) -> bool:
    parts = urlsplit(url)
    if "_export" in parse_qs(parts.query):
        return True
    try:
        return resolve(parts.path).url_name in DOWNLOAD_VIEWS
    except Resolver404:
        return False


def walk(client, start="/") -> set[str]:
    """The download links of the pages reachable from `start` (each page path once)."""
    seen, downloads = set(), set()
    queue = deque([start])
    while queue and len(seen) < PAGE_BUDGET:
        url = queue.popleft()
        path = urlsplit(url).path
        if path in seen or path.startswith(SKIPPED) or "/static/" in path:
            continue
        seen.add(path)
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for link in _links(response.content.decode()):
            absolute = link if link.startswith("/") else f"{path}{link}"
            if _is_download(absolute):
                downloads.add(absolute)
            else:
                queue.append(absolute)
    return downloads


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_download_link_answers_a_file(persona, request, files):
    client = request.getfixturevalue(persona)
    downloads = walk(client)
    assert downloads, "no download link found: the walk is broken"
    for url in sorted(downloads):
        response = client.get(url)
        assert response.status_code == 200, (persona, url, response.status_code)
        assert response["Content-Disposition"].startswith("attachment"), url
        assert not response["Content-Type"].startswith("text/html"), url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body and not body.lstrip().lower().startswith((b"<!doctype", b"<html")), url


def test_the_walk_finds_each_kind_of_download_for_staff(staff_client, files):
    kinds = set()
    for url in walk(staff_client):
        parts = urlsplit(url)
        kinds.add("_export" if "_export" in parts.query else resolve(parts.path).url_name)
    assert {"_export", "edition_export", "edition_download", "import_template"} <= kinds
    assert {"evidence_download", "update_attachment"} <= kinds
