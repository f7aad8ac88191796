"""The shape shared by the import_* commands: FILE, scope options, --dry-run, exit codes.

Exit status 0 when the file was imported (or, with --dry-run, would be); 1 with the full
error list on stderr when anything is wrong, and then nothing is written.
"""

from django.core.management.base import BaseCommand, CommandError

from agencies.models import AgencyGroup, Province
from indicators.importing import KINDS, ImportFailed, ImportSetupError, build_preview, commit


class ImportCommand(BaseCommand):
    kind = ""
    needs_year = True
    needs_group = True

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv (UTF-8)")
        parser.add_argument("--province", help="Mã tỉnh (mặc định: tỉnh duy nhất trong hệ thống)")
        if self.needs_year:
            parser.add_argument("--year", type=int, required=True)
        if self.needs_group:
            parser.add_argument(
                "--group", required=True, help="Mã khối xếp hạng (AgencyGroup.code)"
            )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi")
        parser.add_argument("--create-agencies", action="store_true", help="Tạo đơn vị chưa có")

    def extra_options(self, options) -> dict:
        return {}

    def handle(self, *args, **options):
        province = self._province(options.get("province"))
        scope = {"province_id": province.pk, "create_agencies": options["create_agencies"]}
        if self.needs_year:
            scope["year"] = options["year"]
        if self.needs_group:
            group = AgencyGroup.objects.filter(province=province, code=options["group"]).first()
            if group is None:
                codes = ", ".join(province.groups.values_list("code", flat=True)) or "chưa có"
                raise CommandError(
                    f"Không có khối “{options['group']}” trong {province} (các khối: {codes})"
                )
            scope["group_id"] = group.pk
        scope.update(self.extra_options(options))
        try:
            importer = KINDS[self.kind](**scope)
        except ImportSetupError as error:
            raise CommandError(str(error)) from None
        preview = build_preview(importer, options["file"])
        for warning in preview.warnings:
            self.stderr.write(f"Cảnh báo — {warning}")
        if preview.new_agencies:
            self.stdout.write(
                f"Đơn vị mới sẽ được tạo ({len(preview.new_agencies)}): "
                + "; ".join(preview.new_agencies)
            )
        if not preview.ok:
            self._fail(preview.errors, preview.error_count)
        if options["dry_run"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Kiểm tra xong: {preview.total_rows} dòng hợp lệ; chưa ghi gì (--dry-run)."
                )
            )
            return
        try:
            outcome = commit(preview)
        except ImportFailed as failed:
            self._fail(failed.errors, len(failed.errors))
        for note in outcome.notes:
            self.stdout.write(note)
        self.stdout.write(
            self.style.SUCCESS(f"Đã nhập {preview.total_rows} dòng: {outcome.summary()}.")
        )

    def _fail(self, errors, count):
        for error in errors:
            self.stderr.write(str(error))
        if count > len(errors):
            self.stderr.write(f"… và {count - len(errors)} lỗi khác.")
        raise CommandError(f"{count} lỗi; không ghi dữ liệu nào.", returncode=1)

    def _province(self, code: str | None) -> Province:
        if code:
            province = Province.objects.filter(code=code).first()
            if province is None:
                raise CommandError(f"Không có tỉnh mã “{code}”")
            return province
        provinces = list(Province.objects.all()[:2])
        if len(provinces) != 1:
            raise CommandError("Hãy chỉ rõ --province (mã tỉnh)")
        return provinces[0]
