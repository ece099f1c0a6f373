"""``kcc run``: the web server and the background worker together, for one machine."""

import signal
import subprocess
import sys

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Start de webserver en de achtergrondverwerker samen (standaard op 127.0.0.1:8000)."

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
        kcc = [sys.executable, "-m", "kcc.cli"]
        processes = [
            subprocess.Popen([*kcc, "run_huey", "--workers", "2"]),
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "kcc.wsgi",
                    "--bind",
                    bind,
                    "--workers",
                    str(web_workers),
                    # Threaded workers: an agent's screen-pop stream (SSE, at most 25 s per connection)
                    # holds a thread, not a whole process, so ordinary requests are not starved.
                    "--worker-class",
                    "gthread",
                    "--threads",
                    str(web_threads),
                    "--access-logfile",
                    "-",
                ]
            ),
        ]
        self.stdout.write(f"KCC draait op http://{bind}/ (Ctrl+C stopt server en verwerker).")

        def stop(*_: object) -> None:
            for process in processes:
                process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(process.poll() is None for process in processes):
                try:
                    processes[0].wait(timeout=1)
                except subprocess.TimeoutExpired:
                    continue
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in processes:
                process.wait(timeout=10)
        if any(process.returncode not in (0, -signal.SIGTERM) for process in processes):
            sys.exit(1)
