#!/usr/bin/env bash
# Start a Celery worker against Redis and a PostgreSQL database shared with pytest, run the
# tests marked `worker`, stop the worker. The worker and the tests must see the same rows,
# so the tests use this real database (not a per-test transaction): see tests/worker/.
set -euo pipefail
PGURL="${1:-postgres://postgres@127.0.0.1:5432/cchc_ci}"
WORKER_DB="${PGURL%/*}/cchc_worker"
export DATABASE_URL="$WORKER_DB" CELERY_BROKER_URL="redis://127.0.0.1:6379/15"
psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS cchc_worker" -c "CREATE DATABASE cchc_worker"
.venv/bin/python manage.py migrate --noinput -v 0
redis-cli -h 127.0.0.1 -n 15 flushdb >/dev/null
.venv/bin/celery -A cchc worker --pool=solo --concurrency=1 -l warning --logfile=/tmp/cchc-worker.log &
worker=$!
trap 'kill $worker 2>/dev/null || true; wait $worker 2>/dev/null || true' EXIT
CCHC_WORKER_TESTS=1 .venv/bin/python -m pytest -m worker -q -p no:xdist -p no:django --override-ini="addopts="
