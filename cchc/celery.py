"""The Celery application. Tasks live in each app's tasks module and stay thin."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")

# indicators keeps one task module per job, and its tasks package imports none of them (so
# that domain code can import the task it queues without importing every other job): the
# worker imports them here. Every other app's `tasks` module is found by autodiscovery.
app = Celery(
    "cchc",
    include=[
        "indicators.tasks.alerts",
        "indicators.tasks.imports",
        "indicators.tasks.ranking",
        "indicators.tasks.reminders",
    ],
)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
