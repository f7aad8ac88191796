"""`make bench`: every benchmark of the product in one run, printed as ratios.

1. rankings recompute vs one bare SQL aggregate over the same score rows (target ≤ 1.5);
2. XLSX import throughput vs a bare openpyxl read of the same file (target ≥ ⅓), and the
   peak memory of a large import.

Each part builds its own data in a throwaway database or rolls it back; nothing is kept.
A page's query count is pinned by the tests (`django_assert_num_queries` at two group
sizes), and its throughput is measured under load by `make loadbench`.
"""

import platform
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from demo.benchmarking import throwaway_database
from demo.management.commands.bench_rankings import run_bench


class Command(BaseCommand):
    help = "Chạy toàn bộ phép đo hiệu năng (xếp hạng, nhập Excel) và in tỷ lệ."

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, default=4000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--criteria", type=int, default=90)
        parser.add_argument("--rows", type=int, default=100_000, help="số dòng tệp XLSX nhập thử")

    def handle(self, *args, **opts):
        write = self.stdout.write
        started = time.perf_counter()
        write(
            f"CCHC Dashboard bench · {timezone.localtime():%d/%m/%Y %H:%M} · {platform.node()} · "
            f"{platform.processor() or platform.machine()} · "
            f"Python {platform.python_version()} · {connection.vendor}"
        )
        write("\n[1] Tính lại xếp hạng so với một phép tổng hợp SQL trần")
        run_bench(
            agencies=opts["agencies"], years=opts["years"], criteria=opts["criteria"], write=write
        )
        write(f"\n[2] Nhập XLSX {opts['rows']:,} dòng so với đọc trần bằng openpyxl")
        with throwaway_database():
            call_command("bench_import", rows=opts["rows"], stdout=self.stdout)
        write(f"\nTổng thời gian: {time.perf_counter() - started:.0f} s")
