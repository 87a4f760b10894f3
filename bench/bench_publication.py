"""The public face under load: the public tree page's p95 with 50 concurrent clients on
loopback (target < 100 ms), and the API's throughput reading all indicators of a year.

Loads the demo into a throwaway ``PERFORMA_HOME``, has the OIV validate it and the office
publish the results (as the tests do), then serves it with gunicorn like ``bench_web``.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

from bench_web import VENV_BIN, WORKERS, fetch, free_port, percentile

CLIENTS = int(os.environ.get("BENCH_PUBLIC_CLIENTS", "50"))
API_CLIENTS = 10
SECONDS = 8.0
ADMINISTRATION, YEAR = "cciaa-pistoia-prato", 2024
TREE = f"/trasparenza/{ADMINISTRATION}/{YEAR}/"
INDICATORS = f"/api/v1/public/administrations/{ADMINISTRATION}/years/{YEAR}/indicators?limit=500"
TOKEN_INDICATORS = f"/api/v1/administrations/{ADMINISTRATION}/cycles/{YEAR}/indicators?limit=500"

PUBLISH = """
import datetime, django
django.setup()
from django.contrib.auth.models import User
from performa.apps.administrations.access import actor_for
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.services import cycle_validate
from performa.apps.publication.models import PublicationKind
from performa.apps.publication.services import api_token_create, publication_publish
office = actor_for(User.objects.get(username="controllo"), "@ADMINISTRATION@")
oiv = actor_for(User.objects.get(username="oiv"), "@ADMINISTRATION@")
cycle = Cycle.objects.get(administration__code="@ADMINISTRATION@", year=@YEAR@)
cycle_validate(actor=oiv, cycle=cycle, act_reference="Verbale OIV 1/2025",
               act_on=datetime.date(2025, 4, 30), text="Validazione per il banco di prova.")
cycle.refresh_from_db()
publication_publish(actor=office, cycle=cycle, kind=PublicationKind.RESULTS)
print(api_token_create(actor=office, name="bench")[1])
""".replace("@ADMINISTRATION@", ADMINISTRATION).replace("@YEAR@", str(YEAR))


def load(base: str, path: str, clients: int, headers: str = "") -> tuple[list[float], int]:
    """Latencies (ms) of every request of ``clients`` anonymous clients during ``SECONDS``."""
    parsed = urllib.parse.urlsplit(base)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {parsed.netloc}\r\nConnection: close\r\n{headers}\r\n"
    ).encode()
    latencies: list[float] = []
    errors = 0

    async def client(deadline: float) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                ok = await fetch(host, port, request) == 200
            except (OSError, asyncio.IncompleteReadError, ValueError):
                ok = False
            if ok:
                latencies.append((time.perf_counter() - started) * 1000)
            else:
                errors += 1

    async def run() -> None:
        deadline = time.perf_counter() + SECONDS
        await asyncio.gather(*(client(deadline) for _ in range(clients)))

    asyncio.run(run())
    return latencies, errors


def main() -> None:
    home = tempfile.mkdtemp(prefix="performa-bench-publication-")
    env = {
        **os.environ,
        "PERFORMA_HOME": home,
        "PERFORMA_DEBUG": "0",
        "PERFORMA_SECRET_KEY": "bench-only",
        "PERFORMA_SECURE_COOKIES": "0",
        "PERFORMA_API_ANONYMOUS_PER_MINUTE": "10000000",
        "PERFORMA_API_TOKEN_PER_MINUTE": "10000000",
        "DJANGO_SETTINGS_MODULE": "performa.config.settings",
    }
    subprocess.run(
        [VENV_BIN / "performa", "demo", "--no-serve"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    key = subprocess.run(
        [VENV_BIN / "python", "-c", PUBLISH], env=env, check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    subprocess.run(
        [VENV_BIN / "python", "-m", "django", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            VENV_BIN / "gunicorn",
            "performa.config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + TREE).read()
                break
            except OSError:
                time.sleep(0.1)
        count = json.loads(urllib.request.urlopen(base + INDICATORS).read())["count"]
        print(f"public pages and API (gunicorn, {WORKERS} sync workers, {SECONDS:.0f} s each)")
        latencies, errors = load(base, TREE, CLIENTS)
        print(
            f"{'public tree page, ' + str(CLIENTS) + ' clients':<34} "
            f"median {statistics.median(latencies):7.1f} ms   "
            f"p95 {percentile(latencies, 0.95):7.1f} ms   "
            f"{len(latencies) / SECONDS:6.1f} req/s   errors {errors}   (target p95 < 100 ms)"
        )
        for label, path, headers in (
            ("API, all indicators (public)", INDICATORS, ""),
            ("API, all indicators (token)", TOKEN_INDICATORS, f"Authorization: Bearer {key}\r\n"),
        ):
            latencies, errors = load(base, path, API_CLIENTS, headers)
            per_second = len(latencies) / SECONDS
            print(
                f"{label:<34} {per_second:6.1f} years/s = {per_second * count:8.0f} indicators/s"
                f"   p95 {percentile(latencies, 0.95):7.1f} ms   errors {errors}"
                f"   ({API_CLIENTS} clients, {count} indicators a year)"
            )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
