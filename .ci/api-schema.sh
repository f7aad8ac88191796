#!/usr/bin/env bash
# The API against its OpenAPI schema: a bounded schemathesis run (positive and negative
# data, every check) against a test server on the demo data, logged in as Sở Nội vụ.
# Usage: bash .ci/api-schema.sh [port]   (needs .venv with the test extra installed)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-8897}"
WORK="$(mktemp -d)"
# Production settings (DEBUG off: no technical error pages), without TLS.
export DATABASE_URL="sqlite:///$WORK/api.sqlite3" MEDIA_ROOT="$WORK/media" DEBUG=0 \
  SECRET_KEY=ci-only ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 \
  AXES_ENABLED=0 STATIC_ROOT="$WORK/static"
server=""
trap '[ -z "$server" ] || { kill "$server"; wait "$server"; } 2>/dev/null; rm -rf "$WORK"' EXIT

.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
# A session of the demo's Sở Nội vụ account, as the browser would hold it.
ST_SESSION=$(.venv/bin/python manage.py shell -c "
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
user = get_user_model().objects.get(username='noivu')
s = SessionStore()
s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(user.pk), 'agencies.backends.MembershipBackend'
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
print(s.session_key)" | tail -n 1 | tr -d "[:space:]")

.venv/bin/gunicorn cchc.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 \
  --log-level warning &
server=$!
for _ in $(seq 30); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 1
done

# The schema is for readers only: fetch it with the session, then test against the server.
curl -fsS -H "Cookie: sessionid=$ST_SESSION" -H "Accept: application/vnd.oai.openapi+json" \
  "http://127.0.0.1:$PORT/api/schema/" -o "$WORK/schema.json"
export ST_SESSION
.venv/bin/st --config-file .ci/schemathesis.toml run "$WORK/schema.json" \
  --url "http://127.0.0.1:$PORT" \
  --checks all \
  --max-examples "${ST_MAX_EXAMPLES:-40}" \
  --max-time "${ST_MAX_TIME:-120}" \
  --phases examples,coverage,fuzzing \
  --request-timeout 20 \
  --workers 2 \
  --generation-deterministic
