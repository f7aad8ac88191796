# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=cchc.settings STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/data/private

WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends curl gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 cchc && mkdir -p /data/private && chown cchc /data/private

# Exact versions, each checked against its hash (make lock writes requirements.lock).
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY . .
RUN DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py compilemessages -l en
RUN DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput

USER cchc
EXPOSE 8000
CMD ["gunicorn", "cchc.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
