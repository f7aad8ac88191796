"""One-time tokens of create forms: a double click writes once."""

import secrets

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """A create form's token, stored when the form's write commits. A second POST of the
    same form (a double click, a reload of the answer) finds it and writes nothing."""

    FIELD = "submission"

    key = models.CharField(_("mã lượt gửi"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("người gửi"),
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("lượt gửi biểu mẫu")
        verbose_name_plural = _("lượt gửi biểu mẫu")

    def __str__(self):
        return self.key

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(24)

    @classmethod
    def spent(cls, request) -> bool:
        """This POST repeats a form whose first sending was written: answer it as done,
        before validating it again (its own first write would now fail validation)."""
        key = request.POST.get(cls.FIELD, "")
        return bool(key) and cls.objects.filter(key=key[:64]).exists()

    @classmethod
    def claim(cls, request) -> bool:
        """True when this POST may write: its form carries no token (an older page, a
        script), or a token not seen before. Call it inside the transaction of the write:
        the row is then kept only if the write commits, and of two racing requests the
        second waits on the unique index until the first commits, then is refused."""
        key = request.POST.get(cls.FIELD, "")
        if not key:
            return True
        if len(key) > 64:
            return False
        try:
            with transaction.atomic():
                cls.objects.create(key=key, user=request.user)
        except IntegrityError:
            return False
        return True
