"""Peak memory of what the web and import workers do with one upload (not a test).

    python -m tests.hardening.measure_upload /tmp/bomb.xlsx

Estimates the rows (the web request does, on upload), then previews the file as a results
import (the worker does, or the request for a small file), on a throwaway SQLite database,
and prints the process's peak resident memory before and after.
"""

import os
import resource
import sys
import tempfile
from pathlib import Path


def main():
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/measure.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from agencies.models import AgencyGroup, Province
    from indicators.importing import KINDS, build_preview
    from indicators.importing.jobs import estimate_rows

    province = Province.objects.create(code="HT", name="Hà Tĩnh")
    group = AgencyGroup.objects.create(province=province, code="so", name="Khối sở")
    path = Path(sys.argv[1])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        print("rows estimated:", estimate_rows(path))
        importer = KINDS["results"](province_id=province.pk, group_id=group.pk, year=2023)
        preview = build_preview(importer, path)
        print("preview:", [str(error) for error in preview.errors][:1])
    except Exception as error:  # what the worker would have died of
        print("exception:", type(error).__name__, str(error)[:200])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS {peak / 1024:.0f} MB (after setup {before / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
