"""Celery tasks of the indicators app, one module per job; task names are explicit and stable.

The package imports none of its modules: domain code imports the one task it queues
(`indicators.recomputing` → `ranking`), and a task module imports the domain code it runs,
so importing one job never drags in the others. The worker imports them all through
`include` in `cchc/celery.py`.
"""
