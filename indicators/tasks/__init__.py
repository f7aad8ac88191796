"""Celery tasks of the indicators app, one module per job; names are explicit and stable."""

from .imports import *  # noqa: F401,F403
from .ranking import *  # noqa: F401,F403
from .reminders import *  # noqa: F401,F403
