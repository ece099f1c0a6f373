"""``kcc privacy inzage`` at scale: the look-up of one person over every register among 1M contacts.

    .venv/bin/python bench/privacy_inzage.py [--contacts 1000000] [--lookups 40] [--engine sqlite|postgresql]

Bulk-generates ``--contacts`` contactmomenten (each with a question), a callback for one in ten and a
phone-system call for one in two, over 200,000 distinct numbers; then times ``--lookups`` inzages
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
    from django.db import transaction
    from django.utils import timezone

    from kcc.contacten.models import Callback, Contactmoment, Question
    from kcc.core.models import OrganisationUnit
    from kcc.telefonie.models import Call, PhoneSystem

    rng = random.Random(18)
    unit = OrganisationUnit.objects.create(code="bench", name="Bench", kind="afdeling")
    system = PhoneSystem.objects.create(name="bench", token_hash="b" * 64, token_hint="b")
    start = timezone.now() - timedelta(days=4 * 365)
    made = 0
    while made < contacts:
        size = min(BATCH, contacts - made)
        with transaction.atomic():
            rows = Contactmoment.objects.bulk_create(
                Contactmoment(
                    started_at=start + timedelta(minutes=(made + i) * 2),
                    phone=phone(rng.randrange(NUMBERS)),
                )
                for i in range(size)
            )
            Question.objects.bulk_create(
                Question(contact=row, question_type="algemene_vraag", handling="zelf_beantwoord",
                         notes="Vraag beantwoord.", fcr_row="algemene_vraag", fcr_outcome="ja")
                for row in rows
            )  # fmt: skip
            Callback.objects.bulk_create(
                Callback(contact=row, unit=unit, question_text="Terugbellen", callback_phone=row.phone,
                         reason="kennis_nodig", deadline=row.started_at.date(), status="afgehandeld")
                for row in rows[::10]
            )  # fmt: skip
            Call.objects.bulk_create(
                Call(phone_system=system, call_id=f"c{row.pk}", caller=row.phone, arrived_at=row.started_at)
                for row in rows[::2]
            )
        made += size
        print(f"  {made:,} contacts", end="\r", flush=True)
    print()


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
            print(f"  plan {queryset.model.__name__}: {' '.join(plan.split())[:160]}")
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
