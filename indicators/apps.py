from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = _("Chỉ số CCHC")
    # The figures a criterion's rule can score from (`indicators.rule_sources`).
    rule_sources = {
        "dossiers_on_time": "indicators.rule_sources.read_dossiers_on_time",
        "dossiers_online": "indicators.rule_sources.read_dossiers_online",
        "service_index": "indicators.rule_sources.read_service_index",
        "report_submission": "indicators.rule_sources.read_report_submission",
    }

    def ready(self):
        # Schema, not domain logic: migration 0003 creates the totals triggers, and they are
        # created again after every migrate, so that they follow the tracked models and
        # exist in the test and benchmark databases built without migration files.
        from .triggers import install_after_migrate

        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="indicators.triggers")
