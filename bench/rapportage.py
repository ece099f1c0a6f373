"""Management information at scale: every dashboard table over one year.

    python bench/rapportage.py                                  # 1,000,000 (SQLite) and 5,000,000 (PostgreSQL)
    python bench/rapportage.py --sqlite 100000 --postgresql 100000 --engines sqlite,postgresql

Contacts are spread evenly over two years (2025 and 2026) and generated inside the database:
a recursive CTE on SQLite, ``generate_series`` on PostgreSQL (no rows through Python). Each contact
has one question (a third a second one), one question in five a transfer attempt to one of 20
units under 4 diensten, one contact in twenty a callback request, and there is one knowledge-base
search per two contacts. The rows are inserted by SQL, so the daily aggregates are then rebuilt
once (``kcc rapportage aggregaten --herbereken``; its time is printed). Meldingen, complaints and
signals are not generated (their volumes are thousands, not millions). Each table is computed
``--samples`` times for 2025, for the whole organisation and for one dienst; prints the median and
the ratio to a baseline measured in the same run: counting the year's contacts
(``SELECT count(*) ... WHERE started_at in the year``), the least any contact table must do.
Target from the issue: ≤ 1 s per table. No assertions.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _kcc import fresh_kcc, run_per_engine

DAYS = 730  # 2025-01-01 .. 2026-12-31
DIENSTEN, UNITS = 4, 20
KEY = "(n + n / 2)"  # spreads the question kinds over first and second questions alike


def make_units() -> list[int]:
    from kcc.core.models import OrganisationUnit

    diensten = [
        OrganisationUnit.objects.create(code=f"d{i}", name=f"Dienst {i}", kind="dienst") for i in range(DIENSTEN)
    ]
    return [
        OrganisationUnit.objects.create(
            code=f"u{i}", name=f"Afdeling {i}", kind="afdeling", parent=diensten[i % DIENSTEN]
        ).pk
        for i in range(UNITS)
    ]


# question type, handling, fcr row, outcome — cycled by question number
KINDS = [
    ("algemene_vraag", "zelf_beantwoord", "algemene_vraag", "ja"),
    ("algemene_vraag", "zelf_beantwoord", "algemene_vraag", "ja"),
    ("algemene_vraag", "na_ruggespraak", "algemene_vraag", "ja"),
    ("algemene_vraag", "doorverbonden", "doorverbonden_backoffice", "nee"),
    ("algemene_vraag", "terugbelverzoek", "terugbel_mailverzoek", "nee"),
    ("melding", "melding_gemaakt", "melding", "ja"),
    ("persoon_of_afdeling", "doorverbonden", "persoon_bereikbaar", "ja"),
    ("klacht", "klacht_geregistreerd", "klacht", "ja"),
    ("afspraak", "afspraak_gemaakt", "afspraak", "ja"),
    ("algemene_vraag", "onbekend", "algemene_vraag", "onbekend"),
]


def _case(column: str, values: list[str], modulo_of: str) -> str:
    whens = " ".join(f"WHEN {i} THEN '{value}'" for i, value in enumerate(values))
    return f"CASE ({modulo_of}) % {len(values)} {whens} END AS {column}"


def generate(engine: str, contacts: int, unit_ids: list[int], shuffled: bool = False) -> None:
    """Contacts in registration order (ids rising with the start), or ``shuffled`` over the two years
    (ids unrelated to the start, as after importing history: the tables then join on the start)."""
    from django.db import connection

    first_unit = min(unit_ids)
    seconds = DAYS * 86400
    offset = f"((n * 7919) % {seconds})" if shuffled else f"((n * {seconds}) / {contacts})"
    kinds = [list(column) for column in zip(*KINDS, strict=True)]
    with connection.cursor() as cursor:
        if engine == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")

            def series(count: int) -> str:
                return f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {count})"

            started = f"strftime('%Y-%m-%d %H:%M:%S', '2025-01-01', '+' || {offset} || ' seconds')"
            now = "strftime('%Y-%m-%d %H:%M:%S', 'now')"
        else:

            def series(count: int) -> str:
                return f"WITH s(n) AS (SELECT generate_series(1, {count}))"

            started = (
                f"timestamptz '2025-01-01 00:00+00' + {offset.replace('n *', 'n::bigint *')} * interval '1 second'"
            )
            now = "now()"
        cursor.execute(
            f"INSERT INTO contacten_contactmoment (id, channel, started_at, phone, email, address, created_at) "
            f"{series(contacts)} SELECT n, 'telefoon', {started}, '', '', '', {now} FROM s"
        )
        # one question per contact, and a second one for every third contact
        # ... numbered with their contact (ids 2c-1 and 2c), as when registered during the call
        question_source = (
            f"{series(2 * contacts)} "
            f"SELECT n, (n + 1) / 2 AS contact_id, "
            f"{_case('question_type', kinds[0], KEY)}, {_case('handling', kinds[1], KEY)}, "
            f"{_case('fcr_row', kinds[2], KEY)}, {_case('fcr_outcome', kinds[3], KEY)}, "
            f"{first_unit} + ((n / 2) % {UNITS}) AS unit_id FROM s WHERE n % 2 = 1 OR (n / 2) % 3 = 0"
        )
        cursor.execute(
            "INSERT INTO contacten_question (id, contact_id, position, question_type, handling, fcr_row, fcr_outcome,"
            " unit_id, subject, notes, repeat_count, complaint_offer, created_at) "
            f"SELECT n, contact_id, 0, question_type, handling, fcr_row, fcr_outcome, unit_id, '', '', 0, '', {now} "
            f"FROM ({question_source}) q"
        )
        cursor.execute(
            "INSERT INTO contacten_transferattempt (question_id, target, unit_id, result, reached, reason, warm) "
            "SELECT id, CASE WHEN id % 2 = 0 THEN 'eenheid' ELSE 'persoon' END, unit_id, "
            "CASE WHEN id % 3 = 0 THEN 'niet_bereikt' ELSE 'bereikt' END, "
            "CASE WHEN id % 3 = 0 THEN '' ELSE 'gevraagd' END, CASE WHEN id % 3 = 0 THEN 'geen_gehoor' ELSE '' END, "
            f"{'1' if engine == 'sqlite' else 'true'} FROM contacten_question WHERE id % 5 = 0"
        )
        deadline = "date(started_at, '+2 days')" if engine == "sqlite" else "(started_at + interval '2 days')::date"
        cursor.execute(
            "INSERT INTO contacten_callback (contact_id, unit_id, question_text, callback_phone, preferred_time,"
            " urgency, reason, deadline, status, outcome, outcome_note, call_attempts, created_at) "
            f"SELECT id, {first_unit} + (id % {UNITS}), 'vraag', '0612345678', '', 'normaal', 'kennis_nodig', "
            f"{deadline}, CASE WHEN id % 40 = 0 THEN 'open' ELSE 'afgehandeld' END, '', '', 0, {now} "
            "FROM contacten_contactmoment WHERE id % 20 = 0"
        )
        cursor.execute(f"UPDATE contacten_callback SET closed_at = {now} WHERE status = 'afgehandeld'")
        cursor.execute(
            "INSERT INTO kennisbank_searchlog (created_at, channel, query, normalised_query, result_ids, result_count,"
            " took_ms, backoffice_contacted) "
            f"SELECT started_at, 'agent', 'vraag ' || (id % 500), 'vraag ' || (id % 500), '[]', id % 7, 1, "
            f"{'0' if engine == 'sqlite' else 'false'} FROM contacten_contactmoment WHERE id % 2 = 0"
        )
        if engine == "postgresql":  # the ids were given explicitly: move the sequences past them
            for table in ("contacten_contactmoment", "contacten_question"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        # PostgreSQL: VACUUM sets the visibility map, so the covering indexes are read without the rows.
        cursor.execute("ANALYZE" if engine == "sqlite" else "VACUUM ANALYZE")


def run_child(engine: str, contacts: int, samples: int, shuffled: bool) -> None:
    with fresh_kcc(engine, "kcc_bench_rapportage"):
        from django.db import connection, transaction

        from kcc.contacten.models import Contactmoment
        from kcc.core.models import OrganisationUnit
        from kcc.rapportage import services, tables
        from kcc.rapportage.period import Period
        from kcc.rapportage.tables import Context

        began = time.perf_counter()
        generate(engine, contacts, make_units(), shuffled)
        order = "shuffled" if shuffled else "in registration order"
        print(f"{engine}: {contacts:,} contacts ({order}) generated in {time.perf_counter() - began:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM contacten_question")
            print(f"{engine}: {cursor.fetchone()[0]:,} questions", flush=True)
        # The rows were inserted by SQL, past the signals: count them once, as after a bulk import.
        began = time.perf_counter()
        rows = services.rebuild_aggregates()
        seconds = time.perf_counter() - began
        print(f"{engine}: daily aggregates rebuilt in {seconds:.0f} s ({sum(rows.values()):,} rows)", flush=True)
        period = Period.year(2025)

        def timed(action) -> float:
            values = []
            for _ in range(samples):
                start = time.perf_counter()
                action()
                values.append(time.perf_counter() - start)
            return statistics.median(values)

        begin, until = period.bounds()
        baseline = timed(lambda: Contactmoment.objects.filter(started_at__gte=begin, started_at__lt=until).count())
        print(f"{engine}: baseline (count the year's contacts) median {baseline * 1000:.0f} ms")
        for table in tables.all_tables():
            median = timed(lambda table=table: table.compute(Context(period)))
            verdict = "ok" if median <= 1 else "NOT MET"
            ratio = median / baseline
            line = f"{engine}: {table.key:<18} median {median * 1000:7.0f} ms  ×{ratio:5.1f} baseline  {verdict}"
            print(line, flush=True)
        # A unit's view: the same tables for one dienst and its subtree.
        dienst = OrganisationUnit.objects.get(code="d0")
        for table in tables.all_tables():
            median = timed(lambda table=table: table.compute(Context(period, unit=dienst)))
            verdict = "ok" if median <= 1 else "NOT MET"
            label = f"{table.key} (d0)"
            print(
                f"{engine}: {label:<23} median {median * 1000:7.0f} ms  ×{median / baseline:5.1f} baseline  {verdict}"
            )
        # The dashboard page: every table with one context, so the period checks are shared.
        median = timed(
            lambda: [table.compute(context) for context in [Context(period)] for table in tables.all_tables()]
        )
        label = "whole dashboard"
        print(f"{engine}: {label:<18} median {median * 1000:7.0f} ms  ×{median / baseline:5.1f} baseline", flush=True)
        # Moving an afdeling to another dienst re-keys the contacts of its subtree (a twentieth).
        moved = OrganisationUnit.objects.get(code="u0")
        moved.parent = OrganisationUnit.objects.get(code="d1")
        began = time.perf_counter()
        with transaction.atomic():
            moved.save()
        seconds = time.perf_counter() - began
        print(f"{engine}: an afdeling moved to another dienst in {seconds:.1f} s (its contacts re-keyed)", flush=True)
        upkeep(engine)


def upkeep(engine: str, count: int = 300) -> None:
    """What keeping the aggregates costs a write: registering a contact with two questions and a
    transfer attempt, alternately with and without the receiver that counts it in."""
    from kcc.contacten import services as contact_services
    from kcc.contacten.signals import contacts_stored
    from kcc.core.models import User
    from kcc.rapportage import services
    from kcc.rapportage.signals import _contacts_stored

    agent = User.objects.create(username="bench-agent")
    question = {"vraagsoort": "persoon_of_afdeling", "afhandeling": "doorverbonden", "eenheid": "u1",
                "doorverbindpogingen": [{"doel": "eenheid", "eenheid": "u1", "resultaat": "bereikt",
                                         "bereikt": "gevraagd", "warm": True}]}  # fmt: skip
    timings: dict[bool, list[float]] = {True: [], False: []}
    for number in range(count):
        counted = number % 2 == 0
        if not counted:
            contacts_stored.disconnect(dispatch_uid="aggregates-contacts-stored")
        data = {"extern_id": f"bench-{number}", "kanaal": "telefoon", "start": "2026-06-01T10:00:00+02:00",
                "vragen": [question, {"vraagsoort": "algemene_vraag", "afhandeling": "zelf_beantwoord"}]}  # fmt: skip
        start = time.perf_counter()
        contact_services.register_contact(data, agent=agent)
        timings[counted].append(time.perf_counter() - start)
        contacts_stored.connect(_contacts_stored, dispatch_uid="aggregates-contacts-stored")
    services.rebuild_aggregates()  # the contacts registered without counting
    with_counts, without = (statistics.median(timings[flag]) * 1000 for flag in (True, False))
    print(
        f"{engine}: register a contact  median {with_counts:5.1f} ms with the aggregates, {without:5.1f} ms "
        f"without (×{with_counts / without:.2f})",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", type=int, default=1_000_000, help="contacts on SQLite")
    parser.add_argument("--postgresql", type=int, default=5_000_000, help="contacts on PostgreSQL")
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--shuffled", action="store_true", help="ids unrelated to the start (imported history)")
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.engine, getattr(args, args.engine), args.samples, args.shuffled)
        return
    run_per_engine(
        args.engines.split(","),
        [
            "--sqlite",
            str(args.sqlite),
            "--postgresql",
            str(args.postgresql),
            "--samples",
            str(args.samples),
            *(["--shuffled"] if args.shuffled else []),
        ],
    )


if __name__ == "__main__":
    main()
