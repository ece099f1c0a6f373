"""Contacten at scale: klantbeeld look-ups and registering a contact with 1,000,000 contacts present.

    python bench/contacten.py                      # 1,000,000 contacts, SQLite and PostgreSQL
    python bench/contacten.py --contacts 100000 --engines sqlite

Each engine gets a temporary database of its own (a file under a temp dir; a PostgreSQL database
``kcc_bench_<pid>`` created and dropped again). Contacts are bulk-loaded with executemany (SQLite)
or COPY (PostgreSQL), one question each; ~3 contacts per phone number, one in five with an e-mail.
Prints p50/p95 per measurement; targets from the issue: p95 ≤ 50 ms. No assertions.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 50_000
START = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)


def phone_of(n: int) -> str:
    return f"06{n:08d}"


def email_of(n: int) -> str:
    return f"inwoner{n}@example.org"


def contact_rows(count: int, callers: int):
    """(id, channel, started_at, ended_at, phone, email) for every contact, deterministic."""
    rng = random.Random(42)
    for pk in range(1, count + 1):
        caller = rng.randrange(callers)
        started = START + timedelta(seconds=pk * 30)
        email = email_of(caller) if caller % 5 == 0 else ""
        yield pk, "telefoon", started, started + timedelta(minutes=3), phone_of(caller), email


def load_sqlite(connection, count: int, callers: int, agent_id: int, unit_id: int) -> None:
    def stamp(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%d %H:%M:%S")

    connection.ensure_connection()
    raw = connection.connection  # sqlite3, autocommit: one explicit transaction for the load
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute("BEGIN")
    rows = contact_rows(count, callers)
    while chunk := list(islice(rows, CHUNK)):
        raw.executemany(
            "INSERT INTO contacten_contactmoment (id, channel, started_at, ended_at, agent_id, phone, email,"
            " address, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)",
            [(pk, ch, stamp(s), stamp(e), agent_id, p, m, stamp(s)) for pk, ch, s, e, p, m in chunk],
        )
        raw.executemany(
            "INSERT INTO contacten_question (contact_id, position, question_type, handling, unit_id, subject,"
            " notes, fcr_row, fcr_outcome, repeat_count, complaint_offer, created_at)"
            " VALUES (?, 0, 'algemene_vraag', 'zelf_beantwoord', ?, '', '', 'algemene_vraag', 'ja', 0, '', ?)",
            [(pk, unit_id, stamp(s)) for pk, _, s, _, _, _ in chunk],
        )
    raw.execute("COMMIT")
    raw.execute("PRAGMA synchronous=NORMAL")
    raw.execute("ANALYZE")


def load_postgres(connection, count: int, callers: int, agent_id: int, unit_id: int) -> None:
    raw = connection.connection  # psycopg 3
    with raw.cursor() as cursor:
        with cursor.copy(
            "COPY contacten_contactmoment (id, channel, started_at, ended_at, agent_id, phone, email, address,"
            " created_at) FROM STDIN"
        ) as copy:
            for pk, ch, s, e, p, m in contact_rows(count, callers):
                copy.write_row((pk, ch, s, e, agent_id, p, m, "", s))
        with cursor.copy(
            "COPY contacten_question (contact_id, position, question_type, handling, unit_id, subject, notes,"
            " fcr_row, fcr_outcome, repeat_count, complaint_offer, created_at) FROM STDIN"
        ) as copy:
            for pk, _, s, _, _, _ in contact_rows(count, callers):
                copy.write_row(
                    (pk, 0, "algemene_vraag", "zelf_beantwoord", unit_id, "", "", "algemene_vraag", "ja", 0, "", s)
                )
        for table in ("contacten_contactmoment", "contacten_question"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        cursor.execute("ANALYZE contacten_contactmoment; ANALYZE contacten_question")
    raw.commit()


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered):6.2f} ms   p95 {p95:6.2f} ms   (n={len(ordered)})"


def measure(label: str, action, arguments: list) -> None:
    for argument in arguments[:5]:  # warm caches and connections
        action(argument)
    samples = []
    for argument in arguments:
        began = time.perf_counter()
        action(argument)
        samples.append((time.perf_counter() - began) * 1000)
    print(f"  {label:<38} {percentiles(samples)}", flush=True)


def run_child(engine: str, count: int, samples: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kcc.contacten import selectors, services
    from kcc.core.models import OrganisationUnit, User

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    unit = OrganisationUnit.objects.create(code="wi", name="Werk en Inkomen", kind="sector")
    agent = User.objects.create(username="bench-agent")
    callers = max(1, count // 3)
    (load_sqlite if engine == "sqlite" else load_postgres)(connection, count, callers, agent.pk, unit.pk)
    print(f"  {count:,} contacts loaded in {time.perf_counter() - began:.0f} s", flush=True)

    rng = random.Random(7)
    phones = [phone_of(rng.randrange(callers)) for _ in range(samples)]
    emails = [email_of(rng.randrange(0, callers, 5)) for _ in range(samples)]

    def lookup(keys) -> None:
        view = selectors.klantbeeld(keys)
        for contact in view.contacts:
            list(contact.questions.all())

    measure("klantbeeld by phone", lambda phone: lookup(selectors.CallerKeys(phone=phone)), phones)
    measure("klantbeeld by e-mail", lambda email: lookup(selectors.CallerKeys(email=email)), emails)

    def register(phone: str) -> None:
        now = datetime.now(UTC)
        services.register_contact(
            {
                "kanaal": "telefoon",
                "start": (now - timedelta(minutes=4)).isoformat(),
                "einde": now.isoformat(),
                "telefoonnummer": phone,
                "vragen": [
                    {"vraagsoort": "algemene_vraag", "afhandeling": "zelf_beantwoord", "eenheid": "wi"},
                    {
                        "vraagsoort": "persoon_of_afdeling",
                        "afhandeling": "doorverbonden",
                        "eenheid": "wi",
                        "doorverbindpogingen": [
                            {
                                "doel": "eenheid",
                                "eenheid": "wi",
                                "resultaat": "bereikt",
                                "bereikt": "gevraagd",
                                "warm": True,
                            }
                        ],
                    },
                ],
            },
            agent=agent,
        )

    measure("register contact with two questions", register, phones)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--pg-url", default=os.environ.get("KCC_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.contacts, args.samples)
        return
    for engine in args.engines.split(","):
        with tempfile.TemporaryDirectory(prefix="kcc-bench-") as var_dir:
            env = {
                **os.environ,
                "KCC_VAR_DIR": var_dir,
                "KCC_HUEY_IMMEDIATE": "true",
                "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "kcc.settings"),
            }
            database = f"kcc_bench_{os.getpid()}"
            if engine == "postgres":
                import psycopg

                with psycopg.connect(f"{args.pg_url}/postgres", autocommit=True) as admin:
                    admin.execute(f"CREATE DATABASE {database}")
                env["KCC_DATABASE_URL"] = f"{args.pg_url}/{database}"
            else:
                env.pop("KCC_DATABASE_URL", None)
            print(f"{engine}:", flush=True)
            try:
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        engine,
                        "--contacts",
                        str(args.contacts),
                        "--samples",
                        str(args.samples),
                    ],
                    env=env,
                    check=True,
                )
            finally:
                if engine == "postgres":
                    with psycopg.connect(f"{args.pg_url}/postgres", autocommit=True) as admin:
                        admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


if __name__ == "__main__":
    main()
