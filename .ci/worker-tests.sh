#!/usr/bin/env bash
# Start a Celery worker against Redis (db 15) and the PostgreSQL test database pytest
# creates (test_cchc_worker), run the tests marked `worker`, stop the worker. The worker
# and the tests must see the same committed rows: the tests use transaction=True.
# Usage: bash .ci/worker-tests.sh [postgres://postgres@127.0.0.1:5432/cchc_ci]
set -euo pipefail
cd "$(dirname "$0")/.."
PGURL="${1:-postgres://postgres@127.0.0.1:5432/cchc_ci}"
BASE="${PGURL%/*}"
export CELERY_BROKER_URL="redis://127.0.0.1:6379/15"
LOG=/tmp/cchc-worker.log

redis-cli -h 127.0.0.1 -n 15 flushdb >/dev/null
# pytest-django names the test database test_<NAME>: the worker connects to that one.
DATABASE_URL="$BASE/test_cchc_worker" .venv/bin/celery -A cchc worker --pool=solo --concurrency=1 \
  -l info --logfile="$LOG" -n "cchc-ci-worker@%h" >"$LOG.out" 2>&1 &
worker=$!
trap 'kill -TERM $worker 2>/dev/null || true; wait $worker 2>/dev/null || true' EXIT

# Wait until the worker answers a ping (it must be consuming before the tests publish).
for _ in $(seq 60); do
  kill -0 "$worker" 2>/dev/null || { echo "Celery worker exited:"; cat "$LOG.out"; exit 1; }
  .venv/bin/celery -A cchc inspect ping -d "cchc-ci-worker@$(hostname)" --timeout 1 >/dev/null 2>&1 && break
  sleep 1
done

status=0
DATABASE_URL="$BASE/cchc_worker" CCHC_WORKER_TESTS=1 .venv/bin/python -m pytest -m worker -q -p no:xdist \
  --create-db tests/worker || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- worker log ($LOG)"; tail -n 60 "$LOG" || true
fi
exit "$status"
