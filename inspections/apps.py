from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inspections"
    verbose_name = _("Kiểm tra, giám sát")
    # A criterion may score the share of recommendations completed on time
    # (`indicators.rule_sources`: indicators reads it without importing this app).
    rule_sources = {"recommendations_on_time": "inspections.followup.read_recommendations_on_time"}
