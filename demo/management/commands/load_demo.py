"""`python manage.py load_demo`: the demo province, seeds and accounts; safe to run twice."""

from django.core.management.base import BaseCommand, CommandError

from demo.accounts import PASSWORD, USERNAMES
from demo.loading import load_demo

NATIONAL = {"agencies": 4000, "years": 10}
# What the one-line summary counts; `-v 2` lists every model.
HEADLINE = [
    ("agencies.Province", "tỉnh"),
    ("agencies.Agency", "đơn vị"),
    ("indicators.Framework", "bộ chỉ số"),
    ("indicators.AnnualReport", "báo cáo"),
    ("indicators.CriterionScore", "điểm tiêu chí"),
    ("indicators.IndexResult", "kết quả"),
    ("indicators.ProcedureStat", "kỳ số liệu TTHC"),
    ("inspections.Visit", "đợt kiểm tra, giám sát"),
    ("national.ParIndexResult", "kết quả PAR INDEX tỉnh"),
    ("auth.User", "tài khoản"),
]


def vn(number: int) -> str:
    return f"{number:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu demo (Hà Tĩnh và các bài báo nguồn) và tài khoản demo. Chạy lại không "
        "thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["national"],
            help="Thêm một tỉnh tổng hợp cỡ lớn (~4.000 đơn vị, 10 năm).",
        )
        parser.add_argument("--agencies", type=int, default=0, help="Số đơn vị của tỉnh tổng hợp.")
        parser.add_argument("--years", type=int, default=0, help="Số năm của tỉnh tổng hợp.")

    def handle(self, *args, scale=None, agencies=0, years=0, verbosity=1, **options):
        if scale == "national":
            agencies, years = agencies or NATIONAL["agencies"], years or NATIONAL["years"]
        if (agencies or years) and not (agencies > 0 and years > 0):
            raise CommandError("Cần cả --agencies N và --years Y (số dương).")
        summary = load_demo(national_agencies=agencies, national_years=years)
        created, totals = summary["created"], summary["totals"]
        if not created:
            self.stdout.write("Dữ liệu demo đã có sẵn; không có gì thay đổi.")
        else:
            parts = [
                f"{vn(created[label])} {word}" for label, word in HEADLINE if created.get(label)
            ]
            self.stdout.write("Đã tạo: " + ", ".join(parts) + ".")
            if verbosity > 1:
                for label, count in sorted(created.items()):
                    self.stdout.write(f"  {label}: {vn(count)}")
        self.stdout.write(
            "Hiện có: "
            + ", ".join(f"{vn(totals[label])} {word}" for label, word in HEADLINE)
            + f" ({summary['seconds']:.1f} giây)."
        )
        self.stdout.write(
            f"Năm đang đánh giá: {summary['year']} (các năm trước đã công bố; hạn tự đánh giá "
            "và hạn giải trình còn ở phía trước)."
        )
        for year in summary["stale_years"]:
            self.stdout.write(
                self.style.WARNING(
                    f"Năm {year} vẫn đang mở từ lần nạp trước (đã sang chu kỳ năm "
                    f"{summary['year']}); dữ liệu đó được giữ nguyên. Muốn dữ liệu demo mới, "
                    "hãy xóa cơ sở dữ liệu (manage.py flush) rồi chạy lại load_demo."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(f"Tài khoản demo: {', '.join(USERNAMES)} — mật khẩu {PASSWORD}.")
        )
