"""Page benchmarks for `make bench`: server time of a page vs the time of its own SQL.

For each size the synthetic province of `load_demo --scale` is built in a throwaway
database; the overview (largest group) and one agency profile are rendered through
Django's test client, every SQL statement they issue is captured, and the same statements
are run again bare. The ratio says how much the page costs beyond its queries (target
≤ 3); the query counts at both sizes say whether a page's queries grow with the number of
agencies (target: equal).
"""

import contextlib
import statistics
import time

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse


class _NoMigrations:
    """Build tables straight from the models, as pytest's --nomigrations does."""

    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


@contextlib.contextmanager
def throwaway_database(suffix: str = "bench"):
    """A fresh copy of the configured database (in memory on SQLite), destroyed on exit."""
    db = connection.settings_dict
    old_name = db["NAME"]
    test_settings = db.setdefault("TEST", {})
    saved = test_settings.get("NAME")
    test_settings["NAME"] = None if connection.vendor == "sqlite" else f"{old_name}_{suffix}"
    debug, settings.DEBUG = settings.DEBUG, False
    try:
        with override_settings(MIGRATION_MODULES=_NoMigrations()):
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            yield
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    finally:
        test_settings["NAME"] = saved
        settings.DEBUG = debug


def _best_of_each(first, second, repeat: int) -> tuple[float, float]:
    """The best time of each of two functions, run alternately `repeat` times."""
    times = ([], [])
    for _ in range(repeat):
        for function, spent in zip((first, second), times, strict=True):
            started = time.perf_counter()
            function()
            spent.append(time.perf_counter() - started)
    return min(times[0]), min(times[1])


# Enough rounds to span a few seconds: on a shared virtual machine a burst of load can
# last longer than fifteen rounds of a small page (best of 15 moved the small overview's
# ratio between 3,0 and 4,0 from one run to the next; the page itself did not change).
PAGE_ROUNDS = 40


def measure_page(*, client: Client, url: str, repeat: int = PAGE_ROUNDS) -> dict:
    """Best-of-`repeat` server time of `url` and of its captured SQL run bare."""
    client.get(url)  # warm caches, templates, sessions
    captured: list[tuple[str, object]] = []

    # An execute wrapper, not CaptureQueriesContext: the request_started signal resets
    # connection.queries in the middle of a capture.
    def record(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(url)
    assert response.status_code == 200, f"{url} gave {response.status_code}"
    # Reads are run again bare; a read may open with a CTE ("WITH … SELECT"), and leaving
    # it out would count its time as the page's own.
    statements = [
        (sql, params)
        for sql, params in captured
        if sql.lstrip().upper().startswith(("SELECT", "WITH"))
    ]

    def run_sql():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    # Interleaved, so that a burst of load on the machine weighs on both sides alike.
    page, sql = _best_of_each(lambda: client.get(url), run_sql, repeat)
    return {
        "url": url,
        "page_s": page,
        "sql_s": sql,
        "ratio": page / sql if sql else float("inf"),
        "queries": len(captured),
    }


def bench_pages(*, sizes=(20, 4000), years: int = 3, write=print) -> list[dict]:
    """Measure overview and profile at each size; returns one row per page and size."""
    from django.contrib.auth import get_user_model

    from agencies.models import Agency, AgencyGroup, Membership
    from demo.national import CODE, build_national

    rows = []
    for size in sizes:
        with throwaway_database(), override_settings(ALLOWED_HOSTS=["testserver"]):
            started = time.perf_counter()
            build_national(agencies=size, years=years)
            write(
                f"  dữ liệu {size} đơn vị × {years} năm dựng trong {time.perf_counter() - started:.1f} s"
            )
            group = max(
                AgencyGroup.objects.filter(province__code=CODE), key=lambda g: g.agencies.count()
            )
            user = get_user_model().objects.create_user("bench", password="bench-password-0")
            Membership.objects.create(
                user=user, role=Membership.Role.NOIVU, province=group.province
            )
            client = Client()
            client.force_login(user)
            members = list(
                Agency.objects.filter(group=group).order_by("name").values_list("pk", flat=True)
            )
            overview = f"{reverse('indicators:overview')}?group={group.pk}"
            profile = reverse("indicators:agency_profile", args=[members[len(members) // 2]])
            for name, url in (("tổng quan", overview), ("hồ sơ đơn vị", profile)):
                row = {
                    "page": name,
                    "agencies": size,
                    "group_size": len(members),
                    **measure_page(client=client, url=url),
                }
                rows.append(row)
    return rows


def report_pages(rows: list[dict], write=print) -> None:
    write(
        f"  {'trang':<14}{'đơn vị':>8}{'khối':>7}{'trang (ms)':>12}{'SQL (ms)':>10}{'tỷ lệ':>8}{'truy vấn':>10}"
    )
    for r in rows:
        write(
            f"  {r['page']:<14}{r['agencies']:>8}{r['group_size']:>7}{r['page_s'] * 1000:>12.1f}"
            f"{r['sql_s'] * 1000:>10.1f}{r['ratio']:>8.2f}{r['queries']:>10}"
        )
    for page in {r["page"] for r in rows}:
        counts = {r["queries"] for r in rows if r["page"] == page}
        verdict = "bằng nhau ✓" if len(counts) == 1 else f"KHÁC NHAU ✗ {sorted(counts)}"
        write(f"  số truy vấn của {page} ở các quy mô: {verdict}")
    worst = max(r["ratio"] for r in rows)
    write(f"  tỷ lệ lớn nhất trang/SQL: {worst:.2f} (mục tiêu ≤ 3) {'✓' if worst <= 3 else '✗'}")
    write(f"  trung vị tỷ lệ: {statistics.median(r['ratio'] for r in rows):.2f}")
