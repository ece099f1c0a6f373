"""E-mail ingest: messages per second registered and threaded with 100,000 threads in the database.

    .venv/bin/python bench/mail_ingest.py [--engine sqlite|postgresql] [--threads 100000] [--messages 400]

Per engine: a fresh database; first the baseline (after a warm-up, the workload against 1,000
threads), then threads are bulk-loaded up to 100,000 (each a contactmoment with one message) and the
same kind of workload is ingested again: half new mails, half replies threaded by In-Reply-To, a few by the
case number in the subject. Prints the median and p95 per message, messages per second, and the
ratio to the baseline. Everything runs through ``kcc.mail.services.ingest`` (raw file, parse,
dedup, threading, contactmoment, acknowledgement in the outbox; no worker sends it).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _kcc import ENGINES, PG_SERVER, _psql


def _mail(n: int, reply_to: str = "", subject: str = "Vraag over de afvalpas") -> bytes:
    from django.utils import timezone

    message = EmailMessage()
    message["From"] = f"Inwoner {n} <inwoner{n % 5000}@voorbeeld.nl>"
    message["To"] = "kcc@demodam.nl"
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = f"<bench-{n}-{random.random()}@voorbeeld.nl>"
    if reply_to:
        message["In-Reply-To"] = reply_to
    message.set_content(
        "Geachte heer, mevrouw,\n\nIk ben mijn afvalpas kwijt. Hoe vraag ik een nieuwe aan? Wat kost dat?\n\n"
        f"Met vriendelijke groet,\n\nMevrouw {n}\n" + "Dit is een langere tekst. " * 40
    )
    return message.as_bytes()


def _seed(count: int) -> list[str]:
    """``count`` threads with a contactmoment and one inbound message each, in bulk."""
    from django.utils import timezone

    from kcc.contacten.models import Contactmoment
    from kcc.mail.models import Message, Thread

    now = timezone.now()
    ids: list[str] = []
    batch = 5000
    for start in range(0, count, batch):
        size = min(batch, count - start)
        contacts = Contactmoment.objects.bulk_create(
            [Contactmoment(channel="email", started_at=now, email=f"seed{start + i}@voorbeeld.nl") for i in range(size)]
        )
        threads = Thread.objects.bulk_create(
            [
                Thread(subject="Oude vraag", sender_email=c.email, received_at=now, answer_due=now.date(), contact=c)
                for c in contacts
            ]
        )
        messages = [
            Message(
                thread=t,
                kind="inwoner",
                message_id=f"<seed-{t.pk}@voorbeeld.nl>",
                sender=t.sender_email,
                subject="Oude vraag",
                received_at=now,
                text="Oude vraag",
            )
            for t in threads
        ]
        Message.objects.bulk_create(messages)
        ids += [m.message_id for m in messages]
    return ids


def _measure(messages: list[bytes]) -> list[float]:
    from kcc.mail import services

    timings = []
    for raw in messages:
        started = time.perf_counter()
        services.ingest(raw)
        timings.append(time.perf_counter() - started)
    return timings


def _workload(count: int, seed_ids: list[str], offset: int) -> list[bytes]:
    from kcc.mail.models import Thread

    numbers = list(Thread.objects.order_by("?").values_list("pk", "received_at")[:20]) if seed_ids else []
    messages = []
    for n in range(count):
        if seed_ids and n % 2:
            messages.append(_mail(offset + n, reply_to=random.choice(seed_ids)))
        elif numbers and n % 10 == 4:
            pk, received = random.choice(numbers)
            messages.append(_mail(offset + n, subject=f"Re: [KCC E-{received.year}-{pk:06d}] Oude vraag"))
        else:
            messages.append(_mail(offset + n))
    return messages


def _summary(label: str, timings: list[float]) -> tuple[float, str]:
    ordered = sorted(timings)
    median = statistics.median(ordered)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return median, f"{label}: median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, {1 / median:.0f} messages/s"


def run(engine: str, threads: int, count: int, settings_module: str) -> None:
    with tempfile.TemporaryDirectory(prefix="mail-ingest-") as var_dir:
        os.environ["KCC_VAR_DIR"] = var_dir
        os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
        os.environ["KCC_MAIL_ACKS_PER_SENDER_PER_DAY"] = "1000000"
        database = f"mail_ingest_{os.getpid()}"
        if engine == "postgresql":
            _psql(f"CREATE DATABASE {database}")
            os.environ["KCC_DATABASE_URL"] = f"{PG_SERVER}/{database}"
        else:
            os.environ["KCC_DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        try:
            base_threads = 1_000
            seed_ids = _seed(base_threads)
            _measure(_workload(20, seed_ids, 10**7))  # warm-up: imports, first queries
            baseline, line = _summary(f"{base_threads:,} threads", _measure(_workload(count, seed_ids, 0)))
            print(f"[{engine}] {line}")
            started = time.perf_counter()
            seed_ids += _seed(threads - base_threads)
            print(f"[{engine}] {threads:,} threads loaded in {time.perf_counter() - started:.0f} s")
            median, line = _summary(f"{threads:,} threads", _measure(_workload(count, seed_ids, 10**6)))
            print(f"[{engine}] {line}; ratio to {base_threads:,} threads {median / baseline:.2f}")
        finally:
            if engine == "postgresql":
                from django.db import connections

                connections.close_all()
                _psql(f"DROP DATABASE {database}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=ENGINES, action="append")
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--settings", default=os.environ.get("KCC_BENCH_SETTINGS", "kcc.settings"))
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    engines = args.engine or list(ENGINES)
    if args.child or len(engines) == 1:
        run(engines[0], args.threads, args.messages, args.settings)
        return
    import subprocess

    for engine in engines:
        subprocess.run(
            [
                sys.executable,
                sys.argv[0],
                "--engine",
                engine,
                "--threads",
                str(args.threads),
                "--messages",
                str(args.messages),
                "--settings",
                args.settings,
                "--child",
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
