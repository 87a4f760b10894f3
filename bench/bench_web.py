"""Web pages under load: median and 95th percentile with 20 concurrent clients on loopback.

Starts gunicorn on the demo (a throwaway ``PERFORMA_HOME``), logs 20 clients in, and fetches
each page repeatedly for a few seconds. Also counts the SQL queries of each page on the demo
and on a plan four times as big, which must be the same (no query per tree node).
"""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
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
WORKERS = 2 * (os.cpu_count() or 1) + 1
"""gunicorn's advice for its synchronous workers, as in the README's deployment notes: with
threads instead, requests wait on each other's GIL and the slowest ones wait longest."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def logged_in_cookies(base: str) -> str:
    """The ``Cookie`` header of a fresh session of ``USER`` (session and CSRF cookies)."""
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
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


async def fetch(host: str, port: int, request: bytes) -> int:
    """One HTTP/1.1 request on a fresh connection; returns the status code."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        await (reader.readexactly(int(length.group(1))) if length else reader.read())
        return status
    finally:
        writer.close()


def load(
    base: str, path: str, *, clients: int = CLIENTS, headers: Sequence[str] = ("",)
) -> tuple[list[float], int]:
    """Latencies (ms) of every request made by ``clients`` clients during ``SECONDS``.

    Each client sends one request after the other with its own extra header lines (the
    ``headers`` in turn: a session cookie, a token, or nothing for the public). The clients
    run as asyncio tasks on raw sockets, so the load generator, which shares the machine's
    cores with the server, spends a fraction of a millisecond per request.
    """
    parsed = urllib.parse.urlsplit(base)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    requests = [
        (
            f"GET {path} HTTP/1.1\r\nHost: {parsed.netloc}\r\nConnection: close\r\n"
            f"{headers[index % len(headers)]}\r\n"
        ).encode()
        for index in range(clients)
    ]
    latencies: list[float] = []
    errors = 0

    async def client(request: bytes, deadline: float) -> None:
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
        await asyncio.gather(*(client(request, deadline) for request in requests))

    asyncio.run(run())
    return latencies, errors


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def bench_env(name: str, **extra: str) -> dict[str, str]:
    """The environment of a production-like server on a throwaway ``PERFORMA_HOME``."""
    return {
        **os.environ,
        "PERFORMA_HOME": tempfile.mkdtemp(prefix=f"performa-bench-{name}-"),
        "PERFORMA_DEBUG": "0",
        "PERFORMA_SECRET_KEY": "bench-only",
        "PERFORMA_SECURE_COOKIES": "0",
        "DJANGO_SETTINGS_MODULE": "performa.config.settings",
        **extra,
    }


@contextlib.contextmanager
def demo_server(env: dict[str, str], ready_path: str = "/accesso/") -> Iterator[str]:
    """gunicorn serving the demo loaded in ``env``'s home (collected static files, ``WORKERS``
    synchronous workers); yields its base URL once ``ready_path`` answers."""
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
                urllib.request.urlopen(base + ready_path).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait()


def demo_load(env: dict[str, str]) -> None:
    subprocess.run(
        [VENV_BIN / "performa", "demo", "--no-serve"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main() -> None:
    env = bench_env("web")
    demo_load(env)
    with demo_server(env) as base:
        print(
            f"web pages, {CLIENTS} concurrent clients for {SECONDS:.0f} s each "
            f"(gunicorn, {WORKERS} sync workers)"
        )
        for label, path in PAGES.items():
            cookies = [f"Cookie: {logged_in_cookies(base)}\r\n" for _ in range(CLIENTS)]
            latencies, errors = load(base, path, headers=cookies)
            if not latencies:
                print(f"{label:<34} no successful request ({errors} errors)")
                continue
            print(
                f"{label:<34} median {statistics.median(latencies):7.1f} ms   "
                f"p95 {percentile(latencies, 0.95):7.1f} ms   "
                f"{len(latencies) / SECONDS:6.1f} req/s   errors {errors}   (target p95 < 200 ms)"
            )


if __name__ == "__main__":
    main()
