"""Recompute index results and rate rankings: `manage.py recompute_rankings [--province P] [--year
Y] [--group G] [--full]`."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from indicators.models import Framework
from indicators.ranking import rank_rates, recompute


class Command(BaseCommand):
    help = (
        "Tính lại chỉ số, xếp hạng và xếp hạng tỷ lệ hồ sơ của các bộ chỉ số được chọn (mặc "
        "định: các năm đang mở)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", help="Mã hoặc tên tỉnh")
        parser.add_argument("--year", type=int, help="Năm đánh giá")
        parser.add_argument("--group", help="Mã khối (ví dụ: so)")
        parser.add_argument(
            "--full",
            action="store_true",
            help="Cộng lại điểm của mọi báo cáo, không chỉ các báo cáo có điểm đã thay đổi",
        )

    def handle(self, *args, province=None, year=None, group=None, full=False, **options):
        frameworks = Framework.objects.select_related("province", "group").order_by(
            "province__name", "year", "group__order"
        )
        if province:
            frameworks = frameworks.filter(
                Q(province__code__iexact=province) | Q(province__name__iexact=province)
            )
        if group:
            frameworks = frameworks.filter(group__code__iexact=group)
        if year:
            frameworks = frameworks.filter(year=year)
        if not (province or year or group):
            frameworks = frameworks.open_for_recompute()
        frameworks = list(frameworks)
        if not frameworks:
            raise CommandError("Không có bộ chỉ số nào khớp với tỉnh/năm/khối đã chọn.")
        for framework in frameworks:
            run = recompute(framework=framework, full=full)
            rates = rank_rates(group=framework.group, year=framework.year)
            self.stdout.write(
                f"{framework.province} – {framework.group} – {framework.year}: "
                f"{run.rows} kết quả, {rates} tỷ lệ hồ sơ, {run.duration_ms} ms"
            )
