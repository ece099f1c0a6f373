"""``kcc retentie`` on a year of data of a municipality with 250,000 calls a year.

    python bench/retentie.py                          # SQLite and PostgreSQL
    python bench/retentie.py --scale 0.1 --engines sqlite

One year of records is bulk-created (per year: 250,000 contacts with a question each, 27% with a
callback, 250,000 calls with two events, 20,000 meldingen with a follower, 22,000 e-mail threads
with a message and a raw file for one in ten, 250,000 searches, 60,000 outbox messages, 300
complaints with a letter, 50,000 audit entries), then the run is timed at a moment when all of it
has passed its term (the first run after introducing retention), and again the next day (nothing
left to do: the daily run). Prints durations and records per second. No assertions.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _kcc import fresh_kcc, run_per_engine

YEAR_START = datetime(2020, 1, 1, 8, 0, tzinfo=UTC)
SECONDS_A_YEAR = 365 * 24 * 3600
PER_YEAR = {
    "contacts": 250_000,
    "meldingen": 20_000,
    "threads": 22_000,
    "searches": 250_000,
    "outbox": 60_000,
    "complaints": 300,
    "audit": 50_000,
}
BATCH = 5_000


def moment(index: int, total: int) -> datetime:
    return YEAR_START + timedelta(seconds=index * SECONDS_A_YEAR // max(total, 1))


def bulk(model, rows) -> int:
    model.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def generate(scale: float) -> int:
    from kcc.contacten.models import Callback, Contactmoment, Question
    from kcc.core.models import AuditEntry, OrganisationUnit, OutboxMessage
    from kcc.kennisbank.models import SearchLog
    from kcc.klachten.models import Complaint, Letter
    from kcc.mail import storage
    from kcc.mail.models import Message, Thread
    from kcc.meldingen.models import Category, Follower, Melding
    from kcc.telefonie.models import Call, CallEvent, PhoneSystem

    n = {key: max(1, int(count * scale)) for key, count in PER_YEAR.items()}
    unit = OrganisationUnit.objects.create(code="wijken", name="Wijken", kind="afdeling")
    category = Category.objects.create(code="lamp", name="Lamp")
    system = PhoneSystem.objects.create(name="pbx", token_hash="x")
    total = 0

    contacts = [
        Contactmoment(started_at=moment(i, n["contacts"]), ended_at=moment(i, n["contacts"]),
                      phone=f"06{i % 90_000:08d}", email=f"inwoner{i}@example.org" if i % 5 == 0 else "")
        for i in range(n["contacts"])
    ]  # fmt: skip
    total += bulk(Contactmoment, contacts)
    contact_ids = list(Contactmoment.objects.order_by("pk").values_list("pk", flat=True))
    total += bulk(Question, [
        Question(contact_id=pk, question_type="algemene_vraag", handling="zelf_beantwoord", fcr_row="algemene_vraag",
                 fcr_outcome="ja", notes=f"Beller {pk} vraagt naar zijn aanslag")
        for pk in contact_ids
    ])  # fmt: skip
    total += bulk(Callback, [
        Callback(contact_id=pk, unit=unit, question_text="Graag terugbellen", callback_phone="0612345678",
                 reason="kennis_nodig", deadline=YEAR_START.date(), status="afgehandeld")
        for pk in contact_ids[:: 100 // 27]
    ])  # fmt: skip
    Callback.objects.update(created_at=YEAR_START)
    total += bulk(
        Call, [Call(phone_system=system, call_id=f"c{pk}", caller="0612345678", contact_id=pk) for pk in contact_ids]
    )
    Call.objects.update(created_at=YEAR_START)
    call_ids = Call.objects.values_list("pk", flat=True)
    total += bulk(CallEvent, [
        CallEvent(call_id=pk, kind=kind, occurred_at=YEAR_START, caller="0612345678")
        for pk in call_ids for kind in ("binnenkomend", "beeindigd")
    ])  # fmt: skip

    total += bulk(Melding, [
        Melding(number=f"M{i}", token=f"t{i}", category=category, description="Lamp kapot bij nummer 12",
                channel="web", status="opgelost", street="Dorpsstraat", house_number="12",
                reporter_name="Jan Jansen", reporter_email="jan@example.org", term_days=5, term_day_type="werkdagen",
                term_start=YEAR_START.date(), created_at=moment(i, n["meldingen"]),
                updated_at=moment(i, n["meldingen"]), closed_at=moment(i, n["meldingen"]) + timedelta(days=3))
        for i in range(n["meldingen"])
    ])  # fmt: skip
    total += bulk(
        Follower,
        [
            Follower(melding_id=pk, email="piet@example.org", channel="web")
            for pk in Melding.objects.values_list("pk", flat=True)
        ],
    )

    total += bulk(Thread, [
        Thread(subject="Vraag", sender_email=f"inwoner{i}@example.org", received_at=moment(i, n["threads"]),
               answer_due=YEAR_START.date(), status="afgesloten", end_state="beantwoord",
               closed_at=moment(i, n["threads"]) + timedelta(days=1))
        for i in range(n["threads"])
    ])  # fmt: skip
    messages = []
    for index, pk in enumerate(Thread.objects.values_list("pk", flat=True)):
        digest = storage.store(f"From: inwoner{pk}@example.org\r\n\r\nVraag {pk}".encode()) if index % 10 == 0 else ""
        messages.append(Message(thread_id=pk, kind="inwoner", message_id=f"<{pk}@example.org>", sender="x@example.org",
                                received_at=YEAR_START, text="Mijn naam is Jan", raw_sha256=digest))  # fmt: skip
    total += bulk(Message, messages)

    total += bulk(SearchLog, [
        SearchLog(channel="agent", query=f"aanslag {i % 5000}", normalised_query=f"aanslag {i % 5000}",
                  result_count=i % 7)
        for i in range(n["searches"])
    ])  # fmt: skip
    SearchLog.objects.update(created_at=YEAR_START)
    total += bulk(
        OutboxMessage,
        [
            OutboxMessage(key=f"k{i}", to=["jan@example.org"], subject="Uw melding", body="Beste Jan", status="sent")
            for i in range(n["outbox"])
        ],
    )
    OutboxMessage.objects.update(created_at=YEAR_START)
    total += bulk(Complaint, [
        Complaint(number=f"K{i}", channel="email", form="schriftelijk", status="afgehandeld",
                  received_on=YEAR_START.date(), description="Slecht behandeld", complainant_name="Jan Jansen",
                  closed_on=YEAR_START.date())
        for i in range(n["complaints"])
    ])  # fmt: skip
    total += bulk(
        Letter,
        [
            Letter(complaint_id=pk, kind="afhandeling", recipient="klager", subject="Uw klacht", body="Geachte heer")
            for pk in Complaint.objects.values_list("pk", flat=True)
        ],
    )
    total += bulk(
        AuditEntry,
        [AuditEntry(action="bsn_ingezien", object_type="contacten.klant", object_id=str(i)) for i in range(n["audit"])],
    )
    AuditEntry.objects.update(at=YEAR_START)
    return total


def run_child(engine: str, scale: float) -> None:
    with fresh_kcc(engine, "kcc_bench_retentie"):
        from django.db import connection

        from kcc.retentie.services import apply_retention

        started = time.perf_counter()
        records = generate(scale)
        generated = time.perf_counter() - started
        later = YEAR_START + timedelta(days=6 * 366)  # past every default term (the longest is 60 months)

        started = time.perf_counter()
        first = apply_retention(now=later)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        apply_retention(now=later + timedelta(days=1))
        daily_s = time.perf_counter() - started

        changed = sum(counts["geanonimiseerd"] + counts["verwijderd"] for counts in first.values())
        print(f"{engine} ({connection.vendor}): {records:,} records of one year generated in {generated:.1f} s")
        print(f"  first run (everything past its term): {first_s:.1f} s, {records / first_s:,.0f} records/s "
              f"({changed:,} register records anonymised or deleted, "
              f"{sum(c['bestanden_verwijderd'] for c in first.values()):,} files removed)")  # fmt: skip
        print(f"  next day's run (nothing left to do): {daily_s:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="Share of a 250,000-calls year (1.0 = full).")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.engine, args.scale)
        return
    run_per_engine(args.engines.split(","), ["--scale", str(args.scale)])


if __name__ == "__main__":
    main()
