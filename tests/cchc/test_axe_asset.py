"""axe-core is a test asset: pinned by tests/axe's lock file and never among the files the
product serves."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

AXE = Path(settings.BASE_DIR) / "tests" / "axe"


def test_axe_core_is_pinned_to_one_version_with_its_checksum():
    wanted = json.loads((AXE / "package.json").read_text())["dependencies"]["axe-core"]
    locked = json.loads((AXE / "package-lock.json").read_text())["packages"]
    entry = locked["node_modules/axe-core"]
    assert wanted == entry["version"]  # an exact version, not a range
    assert entry["integrity"].startswith("sha512-")


def test_no_static_file_comes_from_tests_or_node_modules():
    served = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            served.append(Path(storage.path(path)).resolve())
    assert served
    tests_dir = (Path(settings.BASE_DIR) / "tests").resolve()
    assert not [p for p in served if tests_dir in p.parents or "node_modules" in p.parts]
