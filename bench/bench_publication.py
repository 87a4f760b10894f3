"""The public face under load: the public tree page's p95 with 50 concurrent clients on
loopback (target < 100 ms), and the API's throughput reading all indicators of a year.

Loads the demo into a throwaway ``PERFORMA_HOME``, has the OIV validate it and the office
publish the results (as the tests do), then serves it with gunicorn like ``bench_web``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import urllib.parse
import urllib.request

from bench_web import VENV_BIN, WORKERS, bench_env, demo_load, demo_server, load, percentile

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


def main() -> None:
    env = bench_env(
        "publication",
        PERFORMA_API_ANONYMOUS_PER_MINUTE="10000000",
        PERFORMA_API_TOKEN_PER_MINUTE="10000000",
    )
    demo_load(env)
    key = subprocess.run(
        [VENV_BIN / "python", "-c", PUBLISH], env=env, check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    with demo_server(env, ready_path=TREE) as base:
        count = json.loads(urllib.request.urlopen(base + INDICATORS).read())["count"]
        print(f"public pages and API (gunicorn, {WORKERS} sync workers, {SECONDS:.0f} s each)")
        latencies, errors = load(base, TREE, clients=CLIENTS)
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
            latencies, errors = load(base, path, clients=API_CLIENTS, headers=(headers,))
            per_second = len(latencies) / SECONDS
            print(
                f"{label:<34} {per_second:6.1f} years/s = {per_second * count:8.0f} indicators/s"
                f"   p95 {percentile(latencies, 0.95):7.1f} ms   errors {errors}"
                f"   ({API_CLIENTS} clients, {count} indicators a year)"
            )


if __name__ == "__main__":
    main()
