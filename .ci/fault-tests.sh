#!/usr/bin/env bash
# Fault injection against real services: gunicorn on PostgreSQL + Redis, then
#  1. PostgreSQL restarted  -> the next request succeeds (persistent connections are health-checked);
#  2. Redis stopped         -> pages still serve, /healthz says the broker is down (503);
#  3. Redis back            -> /healthz is 200 again.
# Services are always restarted on exit, whatever happened.
set -euo pipefail
PGBASE="${1:-postgres://postgres@127.0.0.1:5432}"
DB=cchc_faults
PORT=8765
export DATABASE_URL="$PGBASE/$DB" CELERY_BROKER_URL="redis://127.0.0.1:6379/14" DEBUG=0 \
  SECRET_KEY="fault-tests-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz" ALLOWED_HOSTS=127.0.0.1 \
  SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 STATIC_ROOT=/tmp/cchc-faults-static
PGVER=$(ls /etc/postgresql | head -n1)
start_redis() { redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log; }
start_pg() { pg_isready -h 127.0.0.1 -q || pg_ctlcluster --skip-systemctl-redirect "$PGVER" main start; }
cleanup() { [ -n "${gunicorn:-}" ] && kill "$gunicorn" 2>/dev/null; start_pg; start_redis; }
trap cleanup EXIT

psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/gunicorn cchc.wsgi -b 127.0.0.1:$PORT -w 2 --log-level warning &
gunicorn=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done

code() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$1"; }
expect() { local got; got=$(code "$2"); [ "$got" = "$1" ] || { echo "FAIL: $3 (GET $2 gave $got, expected $1)"; exit 1; }; echo "ok: $3"; }

expect 200 /healthz "healthy at start"
# Warm every gunicorn worker's persistent database connection.
for _ in 1 2 3 4 5 6; do code /dang-nhap/ >/dev/null; done

pg_ctlcluster --skip-systemctl-redirect "$PGVER" main restart
for _ in $(seq 50); do pg_isready -h 127.0.0.1 -q && break; sleep 0.2; done
expect 200 /dang-nhap/ "first request after a PostgreSQL restart succeeds"
expect 200 /healthz "database healthy again after restart"

redis-cli -h 127.0.0.1 shutdown nosave >/dev/null 2>&1 || true
sleep 0.5
expect 503 /healthz "broker down is reported by /healthz"
expect 200 /dang-nhap/ "pages still serve while Redis is down"

start_redis
sleep 0.5
expect 200 /healthz "broker back"
echo "fault tests: all passed"
