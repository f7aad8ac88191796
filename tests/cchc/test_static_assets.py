"""Front-end files come from static/ alone: no file the pages load names a CDN."""

import re
from pathlib import Path

from django.conf import settings

CDN = re.compile(r"https?://[^\s\"')]*(?:cdn|jsdelivr|unpkg|googleapis|cloudflare)[^\s\"')]*", re.I)


def _files():
    for folder in (Path(settings.BASE_DIR) / "static", Path(settings.BASE_DIR) / "templates"):
        yield from (path for path in folder.rglob("*") if path.is_file())


def test_no_static_file_or_template_names_a_cdn():
    found = {
        str(path): CDN.findall(path.read_text(encoding="utf-8", errors="ignore"))
        for path in _files()
    }
    assert {path: hosts for path, hosts in found.items() if hosts} == {}


def test_the_pages_load_the_vendored_plotly_bundle():
    static = Path(settings.BASE_DIR) / "static"
    referenced = set(
        re.findall(
            r"""\{% static '(vendor/[^']+)' %\}""",
            "".join(
                p.read_text(encoding="utf-8")
                for p in Path(settings.BASE_DIR, "templates").rglob("*.html")
            ),
        )
    )
    assert "vendor/plotly-cartesian.min.js" in referenced
    assert all((static / name).is_file() for name in referenced)
