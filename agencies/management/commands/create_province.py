"""create_province CODE NAME [--group so] [--group xa:"Khối xã, phường"] [--valid-from D]
[--valid-to D] [--admin USERNAME]: a province, the groups (khối) its agencies are ranked
in and, optionally, its administrator (an existing user, e.g. from createsuperuser), so that
import_agencies and import_results can follow on a fresh install and someone can see them."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agencies.models import AgencyGroup, Membership, Province

# Group code → (kind, default name) for the usual khối.
GROUPS = {
    "so": (AgencyGroup.Kind.DEPARTMENT, "Khối sở, ban, ngành"),
    "huyen": (AgencyGroup.Kind.DISTRICT, "Khối UBND cấp huyện"),
    "xa": (AgencyGroup.Kind.COMMUNE, "Khối UBND cấp xã"),
    "tw": (AgencyGroup.Kind.CENTRAL, "Khối cơ quan Trung ương đóng trên địa bàn"),
    "dvsn": (AgencyGroup.Kind.SERVICE_UNIT, "Khối đơn vị sự nghiệp"),
}


def _date(text: str | None) -> datetime.date | None:
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ: “{text}” (hãy ghi dd/mm/yyyy)")


class Command(BaseCommand):
    help = "Tạo (hoặc bổ sung) một tỉnh và các khối xếp hạng của tỉnh."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Mã tỉnh, ví dụ 42 hoặc HT")
        parser.add_argument("name", help="Tên tỉnh, ví dụ “Hà Tĩnh”")
        parser.add_argument(
            "--group",
            action="append",
            default=[],
            help=f"Khối xếp hạng: mã ({', '.join(GROUPS)}), có thể kèm tên: so:“Khối sở”",
        )
        parser.add_argument("--valid-from", help="Hiệu lực từ (dd/mm/yyyy)")
        parser.add_argument("--valid-to", help="Hiệu lực đến (dd/mm/yyyy)")
        parser.add_argument(
            "--admin", help="Tên đăng nhập (đã có) được giao quản trị hệ thống của tỉnh này"
        )

    def handle(self, *args, **options):
        groups = []
        for order, spec in enumerate(options["group"], start=1):
            code, _, name = spec.partition(":")
            if code not in GROUPS:
                raise CommandError(f"Không biết khối “{code}” (các khối: {', '.join(GROUPS)})")
            kind, default_name = GROUPS[code]
            groups.append((code, kind, name.strip() or default_name, order))
        admin = self._admin(options["admin"]) if options["admin"] else None
        with transaction.atomic():
            province, created = Province.objects.get_or_create(
                code=options["code"],
                defaults={
                    "name": options["name"],
                    "valid_from": _date(options["valid_from"]),
                    "valid_to": _date(options["valid_to"]),
                },
            )
            new_groups = [
                code
                for code, kind, name, order in groups
                if AgencyGroup.objects.get_or_create(
                    province=province,
                    code=code,
                    defaults={"name": name, "kind": kind, "order": order},
                )[1]
            ]
            if admin is not None:
                Membership.objects.create(user=admin, role=Membership.Role.ADMIN, province=province)
        verb = "Đã tạo" if created else "Đã có"
        self.stdout.write(self.style.SUCCESS(f"{verb} tỉnh {province} (mã {province.code})."))
        if new_groups:
            self.stdout.write(f"Khối mới: {', '.join(new_groups)}.")
        if admin is not None:
            self.stdout.write(f"{admin.username}: quản trị hệ thống của {province}.")

    def _admin(self, username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}” (tạo bằng createsuperuser)")
        if Membership.objects.filter(user=user).exists():
            raise CommandError(f"Tài khoản “{username}” đã có vai trò; sửa trong trang quản trị")
        return user
