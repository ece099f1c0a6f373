"""``kcc run``: the web server and the background worker together on one machine, supervised.

A child that dies is started again after a back-off (1 s, doubling to at most a minute; back to
1 s once it has run for a minute), so a crashed worker never takes the web server with it, nor the
other way round. SIGTERM or SIGINT (Ctrl+C) stops both cleanly. In production systemd or the
container runtime may supervise instead (docs/operations.md).
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandParser

logger = logging.getLogger("kcc.run")

FIRST_BACKOFF = 1.0
MAX_BACKOFF = 60.0
STABLE_AFTER = 60.0  # seconds of running after which a crash counts as a new first crash
STOP_TIMEOUT = 20.0


def gunicorn_args(bind: str, web_workers: int, web_threads: int) -> list[str]:
    """The web server's command line (one option per line, so changes to it merge cleanly)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "kcc.wsgi",
        "--bind",
        bind,
        "--workers",
        str(web_workers),
        # Threaded workers: an agent's screen-pop stream (SSE, at most 25 s per connection) holds a
        # thread, not a whole process, so ordinary requests are not starved.
        "--worker-class",
        "gthread",
        "--threads",
        str(web_threads),
        "--access-logfile",
        "-",
    ]


def worker_args() -> list[str]:
    return [sys.executable, "-m", "kcc.cli", "run_huey", "--workers", "2"]


@dataclass
class Child:
    """One supervised process and when to start it again after it died."""

    name: str
    args: list[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    backoff: float = FIRST_BACKOFF
    restart_at: float | None = None

    def start(self, now: float | None = None) -> None:
        self.process = subprocess.Popen(self.args)
        self.started_at = time.monotonic() if now is None else now
        self.restart_at = None
        logger.info("%s gestart (pid %s).", self.name, self.process.pid)

    def check(self, now: float) -> None:
        """Notice a death and schedule the restart; start again when its back-off has passed."""
        if self.restart_at is not None:
            if now >= self.restart_at:
                self.start(now)
            return
        if self.process is None or self.process.poll() is None:
            return
        if now - self.started_at >= STABLE_AFTER:
            self.backoff = FIRST_BACKOFF
        logger.error(
            "%s is gestopt (code %s); opnieuw starten over %.0f s.", self.name, self.process.returncode, self.backoff
        )
        self.restart_at = now + self.backoff
        self.backoff = min(self.backoff * 2, MAX_BACKOFF)

    def terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()

    def wait(self, deadline: float) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            logger.warning("%s stopt niet op tijd; het proces wordt afgebroken.", self.name)
            self.process.kill()
            self.process.wait()


class Command(BaseCommand):
    help = "Start de webserver en de achtergrondverwerker samen (standaard op 127.0.0.1:8000) en houd ze draaiende."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=None, help="adres:poort (standaard 127.0.0.1:8000)")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument(
            "--web-threads", type=int, default=32, help="threads per webproces (open schermstromen houden er één bezet)"
        )

    def handle(
        self, *args, bind: str | None, host: str, port: int, web_workers: int, web_threads: int, **options
    ) -> None:
        bind = bind or f"{host}:{port}"
        children = [
            Child("Achtergrondverwerker", worker_args()),
            Child("Webserver", gunicorn_args(bind, web_workers, web_threads)),
        ]
        stopping = False

        def stop(signum: int, _frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        for child in children:
            child.start()
        self.stdout.write(f"KCC draait op http://{bind}/ (Ctrl+C stopt server en verwerker).")
        self.stdout.flush()
        while not stopping:
            now = time.monotonic()
            for child in children:
                child.check(now)
            time.sleep(0.2)
        logger.info("Stoppen: webserver en achtergrondverwerker krijgen SIGTERM.")
        for child in children:
            child.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT
        for child in children:
            child.wait(deadline)
        self.stdout.write("KCC is gestopt.")
