"""`python manage.py load_demo`: the demo province, seeds and accounts; safe to run twice."""

from django.core.management.base import BaseCommand, CommandError

from cchc.demo.loading import load_demo

NATIONAL = {"agencies": 4000, "years": 10}


class Command(BaseCommand):
    help = "Tạo dữ liệu demo (Hà Tĩnh và các bài báo nguồn) và tài khoản demo. Chạy lại không thay đổi gì."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["national"], help="Thêm một tỉnh tổng hợp cỡ lớn (~4.000 đơn vị, 10 năm).")
        parser.add_argument("--agencies", type=int, default=0, help="Số đơn vị của tỉnh tổng hợp.")
        parser.add_argument("--years", type=int, default=0, help="Số năm của tỉnh tổng hợp.")

    def handle(self, *args, scale=None, agencies=0, years=0, **options):
        if scale == "national":
            agencies, years = agencies or NATIONAL["agencies"], years or NATIONAL["years"]
        if (agencies or years) and not (agencies > 0 and years > 0):
            raise CommandError("Cần cả --agencies N và --years Y (số dương).")
        summary = load_demo(national_agencies=agencies, national_years=years)
        created = summary["created"]
        if not created:
            self.stdout.write("Dữ liệu demo đã có sẵn; không có gì thay đổi.")
        else:
            self.stdout.write("Đã tạo:")
            for label, count in sorted(created.items()):
                self.stdout.write(f"  {label}: {count:,}".replace(",", "."))
        totals = summary["totals"]
        self.stdout.write(
            f"Tổng: {totals['agencies.Agency']} đơn vị, {totals['indicators.AnnualReport']} báo cáo, "
            f"{totals['indicators.CriterionScore']} điểm tiêu chí, {totals['indicators.IndexResult']} kết quả "
            f"— {summary['seconds']:.1f} giây."
        )
        self.stdout.write(self.style.SUCCESS("Tài khoản demo: admin, noivu, giamsat, sxd, sgtvt — mật khẩu demo12345."))
