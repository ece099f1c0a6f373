"""Load test of melding intake: N concurrent clients posting reports for a while, half with a 1 MB photo.

Starts its own server (``kcc serve --web-workers 4``) on a PostgreSQL database it creates, posts to
the REST API (``POST /api/v1/meldingen/``, token of a KCC-medewerker), and afterwards counts every
201 in the database. Prints throughput, p50/p95/p99 latency and errors; asserts nothing.

    .venv/bin/python bench/meldingen_load.py [--duration 60] [--clients 50] [--port 8765]
        [--pg postgres://postgres@127.0.0.1:5432] [--db kcc_bench_ml] [--settings kcc.settings]
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import psycopg
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
KCC = [sys.executable, "-m", "kcc.cli"]
BBOX = (4.35, 51.85, 4.60, 52.00)  # the demo municipality (west, south, east, north)

SETUP = """
import django, json, sys
django.setup()
from django.contrib.auth.models import Group
from kcc.accounts.services import issue_api_token
from kcc.core.models import User
from kcc.core.roles import Role
from kcc.meldingen.models import Category
user, _ = User.objects.get_or_create(username="bench-agent")
user.groups.add(Group.objects.get(name=Role.AGENT.value))
token = issue_api_token(actor=None, user=user)
codes = list(Category.objects.filter(parent__isnull=False, is_active=True, questions__isnull=True)
             .values_list("code", flat=True))
print(json.dumps({"token": token, "codes": codes}))
"""

COUNT = """
import django, json, sys
django.setup()
from kcc.meldingen.models import Melding
numbers = json.load(sys.stdin)
print(json.dumps({"found": Melding.objects.filter(number__in=numbers).count(), "total": Melding.objects.count()}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def photo_of_about(size: int) -> bytes:
    """A JPEG of about ``size`` bytes: noise does not compress."""
    rng = random.Random(42)
    side = 560
    while True:
        image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=85)
        if len(out.getvalue()) >= size:
            return out.getvalue()
        side += 40


def multipart(fields: dict[str, str], photo: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="foto.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + photo
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Client(threading.Thread):
    def __init__(self, index: int, port: int, token: str, codes: list[str], photo: bytes, stop_at: float) -> None:
        super().__init__(daemon=True)
        self.with_photo = index % 2 == 1
        self.port, self.token, self.codes, self.photo, self.stop_at = port, token, codes, photo, stop_at
        self.rng = random.Random(index)
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.numbers: list[str] = []

    def _fields(self) -> dict[str, str]:
        return {
            "category": self.rng.choice(self.codes),
            "description": f"Belasting-test {uuid.uuid4().hex[:8]}: losse tegel bij de bushalte.",
            "lat": f"{self.rng.uniform(BBOX[1], BBOX[3]):.6f}",
            "lon": f"{self.rng.uniform(BBOX[0], BBOX[2]):.6f}",
            "feedback": "geen",
            "channel": "api",
        }

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while time.monotonic() < self.stop_at:
            fields = self._fields()
            if self.with_photo:
                body, content_type = multipart(fields, self.photo)
            else:
                body, content_type = json.dumps(fields).encode(), "application/json"
            headers = {"Authorization": f"Token {self.token}", "Content-Type": content_type}
            started = time.perf_counter()
            try:
                connection.request("POST", "/api/v1/meldingen/", body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                self.statuses[type(error).__name__] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                continue
            self.latencies.append(time.perf_counter() - started)
            self.statuses[status] += 1
            if status == 201:
                self.numbers.append(json.loads(payload)["number"])
        connection.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--pg", default=os.environ.get("KCC_BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--db", default="kcc_bench_ml")
    parser.add_argument("--settings", default=os.environ.get("DJANGO_SETTINGS_MODULE", "kcc.settings"))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    port = args.port or free_port()

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{args.db}"')
    var_dir = tempfile.mkdtemp(prefix="kcc-bench-ml-")
    # A real background worker, whatever the chosen settings say (test settings run Huey inline).
    Path(var_dir, "bench_settings.py").write_text(
        f"from {args.settings} import *  # noqa: F403\nHUEY = {{**HUEY, 'immediate': False}}  # noqa: F405\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "KCC_DATABASE_URL": f"{args.pg}/{args.db}",
        "KCC_VAR_DIR": var_dir,
        "KCC_SECRET_KEY": uuid.uuid4().hex,
        "KCC_LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join([var_dir, str(ROOT / "src")]),
    }
    run = dict(env=env, cwd=ROOT, check=True)
    print(f"Database {args.db}, settings {args.settings}: migrate and demo data …", flush=True)
    subprocess.run([*KCC, "migrate", "-v", "0"], **run)
    subprocess.run([*KCC, "demo"], stdout=subprocess.DEVNULL, **run)
    setup = json.loads(subprocess.run([sys.executable, "-c", SETUP], capture_output=True, text=True, **run).stdout)
    photo = photo_of_about(1_000_000)

    server = subprocess.Popen(
        [*KCC, "serve", "--host", "127.0.0.1", "--port", str(port), "--web-workers", str(args.web_workers)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/gezondheid/")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("The server did not start.")
            time.sleep(0.3)
        print(
            f"{args.clients} clients, {args.duration:.0f} s, {args.web_workers} web workers, "
            f"photo {len(photo) / 1e6:.2f} MB for half of the clients …",
            flush=True,
        )
        stop_at = time.monotonic() + args.duration
        clients = [Client(i, port, setup["token"], setup["codes"], photo, stop_at) for i in range(args.clients)]
        started = time.monotonic()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    latencies = [value for client in clients for value in client.latencies]
    statuses = sum((client.statuses for client in clients), Counter())
    numbers = [number for client in clients for number in client.numbers]
    counted = json.loads(
        subprocess.run(
            [sys.executable, "-c", COUNT], input=json.dumps(numbers), capture_output=True, text=True, **run
        ).stdout
    )
    photo_latencies = [value for client in clients if client.with_photo for value in client.latencies]
    plain_latencies = [value for client in clients if not client.with_photo for value in client.latencies]
    errors = sum(count for status, count in statuses.items() if status != 201)
    print()
    print(f"requests          {len(latencies)} in {elapsed:.1f} s")
    print(f"throughput        {statuses[201] / elapsed:.1f} meldingen/s")
    print(f"latency p50       {statistics.median(latencies) * 1000:.0f} ms")
    print(f"latency p95       {percentile(latencies, 0.95) * 1000:.0f} ms")
    print(f"latency p99       {percentile(latencies, 0.99) * 1000:.0f} ms")
    print(
        f"  with photo      p50 {statistics.median(photo_latencies) * 1000:.0f} ms, "
        f"p95 {percentile(photo_latencies, 0.95) * 1000:.0f} ms"
    )
    print(
        f"  without photo   p50 {statistics.median(plain_latencies) * 1000:.0f} ms, "
        f"p95 {percentile(plain_latencies, 0.95) * 1000:.0f} ms"
    )
    print(f"statuses          {dict(statuses)}")
    print(f"errors            {errors}")
    print(f"201 responses     {statuses[201]}")
    print(
        f"201s in database  {counted['found']} (lost: {statuses[201] - counted['found']}; rows in table: "
        f"{counted['total']})"
    )
    if not args.keep:
        with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')


if __name__ == "__main__":
    main()
