"""A bounded, reproducible load test of a running server on this machine.

    python manage.py loadtest --base-url http://127.0.0.1:8000 --users 50 --duration 60

Each simulated user logs in, then loops over the province overview, a ranking export and
agency profiles until the deadline; the command prints p50/p95/p99 latency, throughput
and the error count. It only talks to loopback addresses and stops by itself.
"""

import http.cookiejar
import ipaddress
import random
import re
import socket
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from agencies.models import Membership, Province
from indicators.models import IndexResult


def is_loopback(host: str) -> bool:
    try:
        return all(
            ipaddress.ip_address(info[4][0]).is_loopback for info in socket.getaddrinfo(host, None)
        )
    except (socket.gaierror, ValueError):
        return False


class SimulatedUser:
    def __init__(self, base_url: str, username: str, password: str):
        self.base_url = base_url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.username, self.password = username, password

    def login(self) -> None:
        page = self.opener.open(f"{self.base_url}{reverse('login')}", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"username": self.username, "password": self.password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            f"{self.base_url}{reverse('login')}",
            data=data,
            headers={"Referer": f"{self.base_url}/"},
        )
        response = self.opener.open(request, timeout=30)
        if reverse("login") in response.geturl():
            raise CommandError(f"login failed for {self.username}")

    def get(self, path: str) -> tuple[float, int]:
        started = time.perf_counter()
        try:
            with self.opener.open(f"{self.base_url}{path}", timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            status = 0
        return time.perf_counter() - started, status


class Command(BaseCommand):
    help = "Load-test a running CCHC Dashboard on this machine and print latency percentiles."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--duration", type=int, default=60, help="seconds")
        parser.add_argument("--username", default="noivu")
        parser.add_argument("--password", default="demo12345")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument(
            "--province",
            default="",
            help=(
                "mã tỉnh (vd. QG của load_demo --scale national): dùng tài khoản Sở Nội vụ "
                "riêng của tỉnh đó"
            ),
        )

    def handle(self, *args, **opts):
        host = urllib.parse.urlparse(opts["base_url"]).hostname or ""
        if not is_loopback(host):
            raise CommandError("loadtest only targets servers on this machine (loopback addresses)")
        if opts["province"]:
            opts["username"] = self.province_user(opts["province"], opts["password"])
        paths = self.paths(seed=opts["seed"], province=opts["province"])
        latencies: list[float] = []
        errors: list[tuple[str, int]] = []
        lock = threading.Lock()
        deadline = time.monotonic() + opts["duration"]

        def run_user(index: int) -> None:
            rng = random.Random(opts["seed"] + index)
            user = SimulatedUser(opts["base_url"], opts["username"], opts["password"])
            user.login()
            while time.monotonic() < deadline:
                path = rng.choice(paths)
                elapsed, status = user.get(path)
                with lock:
                    latencies.append(elapsed)
                    if status != 200:
                        errors.append((path, status))

        threads = [
            threading.Thread(target=run_user, args=(i,), daemon=True) for i in range(opts["users"])
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=opts["duration"] + 120)
        wall = time.monotonic() - started
        self.report(latencies, errors, wall, opts)

    def province_user(self, code: str, password: str) -> str:
        """A Sở Nội vụ account of province `code`, so the pages show that province."""
        province = Province.objects.get(code=code)
        user, _ = get_user_model().objects.get_or_create(username=f"loadtest-{code.lower()}")
        user.set_password(password)
        user.save()
        Membership.objects.update_or_create(
            user=user, defaults={"role": Membership.Role.NOIVU, "province": province}
        )
        return user.username

    def paths(self, *, seed: int, province: str = "") -> list[str]:
        """Weighted mix: profiles most, then the overview, then a ranking export."""
        results = (
            IndexResult.objects.filter(agency__province__code=province)
            if province
            else IndexResult.objects
        )
        latest = (
            results.order_by("-framework__year").values_list("framework__year", flat=True).first()
        )
        agency_ids = list(
            results.filter(framework__year=latest)
            .order_by("agency_id")
            .values_list("agency_id", flat=True)
        )
        rng = random.Random(seed)
        profiles = [
            reverse("indicators:agency_profile", args=[a])
            for a in rng.sample(agency_ids, min(200, len(agency_ids)))
        ]
        overview = reverse("indicators:overview")
        export = f"{reverse('indicators:rankings')}?_export=csv"
        return (
            profiles * 1
            + [overview] * max(1, len(profiles) // 2)
            + [export] * max(1, len(profiles) // 10)
        )

    def report(self, latencies, errors, wall, opts):
        if not latencies:
            raise CommandError("no request completed")
        ordered = sorted(latencies)

        def pct(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

        self.stdout.write(
            f"users={opts['users']} duration={opts['duration']}s requests={len(latencies)} "
            f"rps={len(latencies) / wall:.1f} errors={len(errors)}\n"
            f"p50={pct(50):.0f}ms p95={pct(95):.0f}ms p99={pct(99):.0f}ms "
            f"mean={statistics.mean(latencies) * 1000:.0f}ms max={ordered[-1] * 1000:.0f}ms"
        )
        for path, status in errors[:10]:
            self.stdout.write(f"  error {status} {path}")
        if errors:
            raise CommandError(f"{len(errors)} requests failed")
