"""The audit log of the accounts Sở Nội vụ manages: who did what to whose account, when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .agencies import Agency
from .provinces import Province


class AccountEvent(models.Model):
    """One action on one account; written with the action, in its transaction, never edited."""

    class Action(models.TextChoices):
        CREATED = "created", _("Tạo tài khoản")
        IMPORTED = "imported", _("Tạo tài khoản từ danh sách Excel")
        PASSWORD_RESET = "password_reset", _("Cấp lại mật khẩu")
        DEACTIVATED = "deactivated", _("Khóa tài khoản")
        REACTIVATED = "reactivated", _("Mở khóa tài khoản")

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_events",
        verbose_name=_("tài khoản"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    # Where the account belonged when it happened: an agency may later be merged away.
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="+", verbose_name=_("tỉnh")
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("nhật ký tài khoản")
        verbose_name_plural = _("nhật ký tài khoản")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["province", "-at"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.account}"
