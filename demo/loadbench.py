"""`make loadbench`: requests per second of the pages readers open most, against `/healthz`.

Builds the demo province in its own PostgreSQL database, starts gunicorn (2 workers,
production settings, Redis as cache and broker), logs in as `giamsat` and runs wrk
(Debian's package) against `/healthz`, the overview and Hà Tĩnh Sở Xây dựng's profile,
alternated, each twice. Prints each run and the two ratios the targets are written in:
overview ÷ healthz and profile ÷ healthz.

Run from the repository root with the virtualenv's Python:

    .venv/bin/python demo/loadbench.py [--database cchc_loadbench] [--keep] [--duration 8]

It needs a PostgreSQL server and Redis on this machine (the ones CI uses) and `wrk`.
It uses only the standard library, so the same script measures an older checkout too.
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


def production_env(database: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/14",
        REDIS_URL="redis://127.0.0.1:6379/13",
        DEBUG="0",
        SECRET_KEY="loadbench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(ROOT / "staticfiles"),
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    )
    return result.stdout if capture else ""


def build(database: str, env: dict, keep: bool) -> None:
    exists = (
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname='{database}'",
            ],
            check=True,
            text=True,
            capture_output=True,
        ).stdout.strip()
        == "1"
    )
    if exists and not keep:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
        exists = False
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    print(f"--- migrate, load_demo, collectstatic ({database})", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")
    subprocess.run(["redis-cli", "-n", "13", "flushdb"], check=True, capture_output=True)


def profile_path(env: dict) -> str:
    code = (
        "from agencies.models import Agency;"
        "print(Agency.objects.get(province__code='HT', name='Sở Xây dựng').pk)"
    )
    agency_id = manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1]
    return f"/ho-so-don-vi/{agency_id}/"


def login(username: str, password: str) -> str:
    """The session cookie of `username`, logged in through the login form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/dang-nhap/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    request = urllib.request.Request(
        f"{BASE}/dang-nhap/", data=data.encode(), headers={"Referer": f"{BASE}/"}
    )
    response = opener.open(request, timeout=30)
    if "/dang-nhap/" in response.geturl():
        raise SystemExit(f"login as {username} failed")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def wait_until_up(process) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise SystemExit("gunicorn exited")
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def wrk(path: str, cookie: str, duration: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{duration}s", "-H", f"Cookie: {cookie}", f"{BASE}{path}"],
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{path} answered errors:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="cchc_loadbench")
    parser.add_argument("--keep", action="store_true", help="reuse the database if it exists")
    parser.add_argument("--duration", type=int, default=8, help="seconds of each wrk run")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    env = production_env(args.database)
    build(args.database, env, args.keep)
    profile = profile_path(env)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "cchc.wsgi:application",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_until_up(server)
        cookie = login("giamsat", "demo12345")
        pages = {"healthz": "/healthz", "overview": "/", "profile": profile}
        for path in pages.values():  # warm every worker's caches and templates
            wrk(path, cookie, 1)
        runs = {name: [] for name in pages}
        for _ in range(2):
            for name, path in pages.items():
                rps = wrk(path, cookie, args.duration)
                runs[name].append(rps)
                print(f"{name:9s} {path:24s} {rps:8.1f} req/s", flush=True)
        mean = {name: statistics.mean(values) for name, values in runs.items()}
        print(f"overview / healthz = {mean['overview'] / mean['healthz']:.2f}   (goal ≥ 0.50)")
        print(f"profile  / healthz = {mean['profile'] / mean['healthz']:.2f}   (goal ≥ 0.35)")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
