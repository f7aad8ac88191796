from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = _("Chỉ số CCHC")

    def ready(self):
        # Schema, not domain logic: migration 0003 creates the totals triggers, and they are
        # created again after every migrate, so that they follow the tracked models and
        # exist in the test and benchmark databases built without migration files.
        from .triggers import install_after_migrate

        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="indicators.triggers")
