"""bench_import [--rows N] [--commit]: streaming-import throughput and peak memory.

Builds an N-row XLSX of 766 scores (200 agencies × N/200 daily periods) in a temporary
folder and a throw-away province, then compares:
  - a bare openpyxl read of the file (read_only, values_only): the floor;
  - the import preview (read + parse + validate every row): target ≥ ⅓ of the bare rate;
  - with --commit, the atomic write too.
Peak Python memory (tracemalloc) is printed for N/10 and N rows: flat memory means the
two are close. Everything runs in a transaction that is rolled back; nothing is kept.
A benchmark, not a test: it prints numbers and never fails on them.
"""

import datetime
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from openpyxl import Workbook, load_workbook

from agencies.models import Agency, AgencyGroup, Province
from indicators.importing import KINDS, build_preview, commit
from indicators.importing.service_index import COLUMNS

AGENCIES = 200


def write_file(path: Path, rows: int):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dữ liệu")
    sheet.append([column.label for column in COLUMNS[:10]])
    start = datetime.date(2000, 1, 1)
    for n in range(rows):
        day = start + datetime.timedelta(days=n // AGENCIES)
        sheet.append(
            [
                f"Đơn vị đo {n % AGENCIES}",
                "Kỳ báo cáo khác",
                day.strftime("%d/%m/%Y"),
                day.strftime("%d/%m/%Y"),
                17.5,
                19,
                11.25,
                9,
                17,
                21 - (n % 7),
            ]
        )
    workbook.save(path)


def timed(function):
    began = time.perf_counter()
    result = function()
    return result, time.perf_counter() - began


def peak_memory(function) -> int:
    """Peak traced allocation of a second run (tracemalloc slows Python, so never timed)."""
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def bare_read(path: Path) -> int:
    workbook = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return count


class Command(BaseCommand):
    help = "Đo tốc độ và bộ nhớ khi nhập tệp lớn (không giữ lại dữ liệu)"

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--commit", action="store_true", help="Đo cả bước ghi (rồi hoàn tác)")

    def handle(self, *args, rows, **options):
        with tempfile.TemporaryDirectory() as folder, transaction.atomic():
            province = Province.objects.create(code="BENCH-IMPORT", name="Tỉnh đo hiệu năng")
            group = AgencyGroup.objects.create(
                province=province, code="bench", name="Khối đo", kind="so"
            )
            Agency.objects.bulk_create(
                Agency(
                    province=province,
                    group=group,
                    name=f"Đơn vị đo {n}",
                    kind="so",
                    is_illustrative=True,
                )
                for n in range(AGENCIES)
            )
            small, large = Path(folder) / "small.xlsx", Path(folder) / "large.xlsx"
            write_file(small, max(rows // 10, 1))
            write_file(large, rows)
            self.stdout.write(f"Tệp {rows:,} dòng: {large.stat().st_size / 1e6:.1f} MB")

            count, bare_s = timed(lambda: bare_read(large))
            self.stdout.write(f"openpyxl đọc trần:  {count / bare_s:10,.0f} dòng/s")
            options_ = {"province_id": province.pk}

            def preview_of(path):
                return build_preview(KINDS["service_index"](**options_), path, keep=100)

            preview, preview_s = timed(lambda: preview_of(large))
            small_peak, preview_peak = (
                peak_memory(lambda: preview_of(small)),
                peak_memory(lambda: preview_of(large)),
            )
            assert preview.ok, [str(e) for e in preview.errors[:5]]
            rate = preview.total_rows / preview_s
            self.stdout.write(
                f"xem trước (đọc + kiểm tra): {rate:10,.0f} dòng/s  = "
                f"{rate / (count / bare_s):.2f} × đọc trần (mục tiêu ≥ 0.33)"
            )
            self.stdout.write(
                f"đỉnh bộ nhớ xem trước: {small_peak / 1e6:.1f} MB với {rows // 10:,} "
                f"dòng, {preview_peak / 1e6:.1f} MB với {rows:,} dòng"
            )
            if options["commit"]:
                with (
                    transaction.atomic()
                ):  # a savepoint, so the memory run below writes the same rows again
                    outcome, commit_s = timed(lambda: commit(preview))
                    transaction.set_rollback(True)
                commit_peak = peak_memory(lambda: commit(preview))
                self.stdout.write(
                    f"ghi (một giao dịch): {outcome.created:,} dòng trong {commit_s:.1f} "
                    f"s = {outcome.created / commit_s:,.0f} dòng/s, đỉnh bộ nhớ "
                    f"{commit_peak / 1e6:.1f} MB"
                )
            transaction.set_rollback(True)
        self.stdout.write("Đã hoàn tác mọi dữ liệu đo.")
