"""``kcc privacy inzage`` at scale: the look-up of one person over every register among 1M contacts.

    .venv/bin/python bench/privacy_inzage.py [--contacts 1000000] [--lookups 40] [--engine sqlite|postgresql]

Bulk-generates ``--contacts`` contactmomenten (each with a question), a callback for one in ten and a
phone-system call for one in five, over 200,000 distinct numbers; then times ``--lookups`` inzages
(``kcc.privacy.services.access``: all registers, audited) of random existing numbers and prints the median
and p95, beside a same-run baseline: one indexed count of the person's contacts. It prints the query plans
of the number look-ups, which must use an index. Target (issue 18): p95 <= 2 s at 1M contacts.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _kcc import ENGINES, fresh_kcc, run_per_engine

NUMBERS = 200_000
BATCH = 20_000


def phone(index: int) -> str:
    return f"06{index:08d}"


def generate(contacts: int) -> None:
    """Rows by ``executemany`` (Django's model layer would take most of the run on a shared machine)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from kcc.contacten.models import Callback, Contactmoment, Question
    from kcc.core.models import OrganisationUnit
    from kcc.telefonie.models import Call, PhoneSystem

    rng = random.Random(18)
    unit = OrganisationUnit.objects.create(code="bench", name="Bench", kind="afdeling")
    system = PhoneSystem.objects.create(name="bench", token_hash="b" * 64, token_hint="b")
    now = timezone.now()
    start = now - timedelta(days=4 * 365)
    contact_sql = _insert(
        Contactmoment, "id", "channel", "started_at", "ended_at", "phone", "email", "address", "created_at"
    )
    question_sql = _insert(Question, "contact_id", "position", "question_type", "handling", "subject", "notes",
                           "fcr_row", "fcr_outcome", "repeat_count", "complaint_offer", "created_at")  # fmt: skip
    callback_sql = _insert(Callback, "contact_id", "unit_id", "question_text", "callback_phone", "preferred_time",
                           "urgency", "reason", "deadline", "status", "outcome", "outcome_note", "call_attempts",
                           "created_at")  # fmt: skip
    call_sql = _insert(Call, "phone_system_id", "call_id", "caller", "called", "line", "arrived_at", "contact_id",
                       "created_at")  # fmt: skip
    made = 0
    while made < contacts:
        size = min(BATCH, contacts - made)
        rows = [
            (made + i + 1, start + timedelta(minutes=(made + i) * 2), phone(rng.randrange(NUMBERS)))
            for i in range(size)
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(contact_sql, [(pk, "telefoon", at, at, number, "", "", now) for pk, at, number in rows])
            cursor.executemany(
                question_sql,
                [(pk, 0, "algemene_vraag", "zelf_beantwoord", "", "Vraag beantwoord.", "algemene_vraag", "ja", 0, "",
                  now) for pk, _, _ in rows],
            )  # fmt: skip
            cursor.executemany(
                callback_sql,
                [(pk, unit.pk, "Terugbellen", number, "", "normaal", "kennis_nodig", at.date(), "afgehandeld", "",
                  "", 0, now) for pk, at, number in rows[::10]],
            )  # fmt: skip
            cursor.executemany(
                call_sql, [(system.pk, f"c{pk}", number, "140", "", at, pk, now) for pk, at, number in rows[::5]]
            )
        made += size
        print(f"  {made:,} contacts", end="\r", flush=True)
    print()


def _insert(model, *columns: str) -> str:
    return f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"


def child(args: argparse.Namespace) -> None:
    with fresh_kcc(args.engine, "kcc_bench_inzage"):
        from django.db import connection

        from kcc.contacten.models import Callback, Contactmoment
        from kcc.privacy import selectors, services
        from kcc.telefonie.models import Call

        started = time.perf_counter()
        generate(args.contacts)
        if args.engine == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"[{args.engine}] generated {args.contacts:,} contacts in {time.perf_counter() - started:.0f} s")
        for queryset in (
            Contactmoment.objects.filter(phone=phone(1)),
            Callback.objects.filter(callback_phone=phone(1)),
            Call.objects.filter(caller=phone(1)),
        ):
            plan = queryset.explain()
            print(f"  plan {queryset.model.__name__}: {' '.join(plan.split())[:400]}")
        rng = random.Random(7)
        inzage, baseline, found = [], [], []
        for _ in range(args.lookups):
            # The number of a random existing contact: a person the municipality knows.
            number = Contactmoment.objects.filter(pk__gte=rng.randrange(1, args.contacts)).values_list("phone")[0][0]
            person = selectors.identify(phone=number)
            began = time.perf_counter()
            answer = services.access(person, user=None, purpose="bench")
            inzage.append(time.perf_counter() - began)
            found.append(sum(len(records) for records in answer["registers"].values()))
            began = time.perf_counter()
            Contactmoment.objects.filter(phone=number).count()
            baseline.append(time.perf_counter() - began)
        for label, times in (("inzage (all registers)", inzage), ("baseline: indexed count", baseline)):
            times = sorted(times)
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"  {label:26} median {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
        print(f"  records per person: median {statistics.median(found):.0f}; target p95 <= 2000 ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=40)
    parser.add_argument("--engine", choices=ENGINES, action="append")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        args.engine = args.engine[0]
        child(args)
        return
    run_per_engine(args.engine or ["sqlite"], [f"--contacts={args.contacts}", f"--lookups={args.lookups}"])


if __name__ == "__main__":
    main()
