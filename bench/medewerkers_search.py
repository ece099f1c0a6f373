"""Directory search and transfer panel with 20,000 people, on SQLite and PostgreSQL.

    .venv/bin/python bench/medewerkers_search.py [--people 20000] [--queries 300]

Creates its own databases (a temporary SQLite file, and the PostgreSQL database ``kcc_bench_mw``
on ``KCC_BENCH_PG``, default ``postgres://postgres@127.0.0.1:5432``), loads the demo organisation
and generated fictional people with schedules, skills, stand-ins and absences, and prints median
and p95 of: the search index alone, the directory search as the header search box answers it
(index + presence and number for each hit), the transfer-panel computation, the transfer panel
as an HTTP response, and reading the in-memory snapshot of the directory's facts again (what the
first read after any change to them costs each process). Targets: search p95 <= 20 ms, panel p95
<= 50 ms. Prints figures only.
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
from collections.abc import Callable
from datetime import datetime, timedelta
from datetime import time as day_time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("KCC_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "kcc_bench_mw"

FIRST = ["Anna", "Bram", "Carla", "Daan", "Eva", "Fatima", "Gerrit", "Hanna", "Ilse", "Joost", "Karin", "Lars"]
LAST = ["Aalders", "Bakker", "Claessen", "Dekker", "Evers", "Hoekstra", "Jonker", "Kuipers", "Lammers", "Postma"]
FUNCTIONS = ["beleidsadviseur", "klantmanager", "vergunningverlener", "WOZ-taxateur", "opzichter", "boa", "consulent"]
SKILLS = [
    "WOZ",
    "kwijtschelding",
    "hondenbelasting",
    "paspoort",
    "rijbewijs",
    "bijstand",
    "omgevingsvergunning",
    "grofvuil",
    "bomen",
    "parkeren",
    "Wmo",
    "schuldhulpverlening",
    "bestemmingsplan",
    "riolering",
]
SCHEDULES = [
    {day: ["ochtend", "middag"] for day in ("ma", "di", "wo", "do", "vr")},
    {day: ["ochtend", "middag"] for day in ("ma", "di", "do")},
    {day: ["ochtend"] for day in ("ma", "di", "wo", "do", "vr")},
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(label: str, calls: list[Callable[[], object]], target: float | None) -> None:
    for call in calls[:10]:  # warm caches and connections
        call()
    times = []
    for call in calls:
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    p95 = percentile(times, 0.95)
    verdict = "" if target is None else f" (doel ≤ {target} ms: {'gehaald' if p95 <= target else 'NIET gehaald'})"
    print(f"  {label:<42} mediaan {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms{verdict}")


def populate(people: int, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from kcc.core.models import OrganisationUnit
    from kcc.core.organisation import import_units_file
    from kcc.core.search import get_engine
    from kcc.medewerkers.indexing import PERSON_SOURCE, UNIT_SOURCE, person_documents, unit_documents
    from kcc.medewerkers.models import Absence, Membership, Person, UnitProfile
    from kcc.medewerkers.snapshot import bump

    import_units_file(ROOT / "src" / "kcc" / "core" / "data" / "demo" / "organisatie.json")
    units = list(OrganisationUnit.objects.all())
    started = time.perf_counter()
    with transaction.atomic():
        Person.objects.bulk_create(
            Person(
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {number}",
                function=rng.choice(FUNCTIONS),
                email=f"medewerker{number}@bench.demodam.nl",
                phone_internal=str(10000 + number),
                phone_mobile=f"06{rng.randrange(10**7, 10**8)}",
                show_mobile=rng.random() < 0.3,
                skills=rng.sample(SKILLS, 2),
                schedule=rng.choice(SCHEDULES),
            )
            for number in range(people)
        )
        ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        Membership.objects.bulk_create(Membership(person_id=pk, unit=rng.choice(units), position=0) for pk in ids)
        stand_ins = [Person(pk=pk, stand_in_person_id=rng.choice(ids)) for pk in ids if rng.random() < 0.7]
        Person.objects.bulk_update([p for p in stand_ins if p.stand_in_person_id != p.pk], ["stand_in_person"])
        now = timezone.now()
        Absence.objects.bulk_create(
            Absence(
                person_id=pk,
                kind=rng.choice(["ziek", "verlof", "cursus"]),
                starts_at=now - timedelta(days=1),
                ends_at=now + timedelta(days=rng.randrange(1, 10)),
            )
            for pk in rng.sample(ids, people // 10)
        )
        UnitProfile.objects.bulk_create(UnitProfile(unit=unit) for unit in units)
        bump()  # bulk_create sends no signal
        engine = get_engine()
        engine.rebuild(PERSON_SOURCE, person_documents())
        engine.rebuild(UNIT_SOURCE, unit_documents())
    print(f"  {people} medewerkers aangemaakt en geïndexeerd in {time.perf_counter() - started:.1f} s")


def child(people: int, queries: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcc.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from kcc.core.models import User
    from kcc.core.roles import Role
    from kcc.core.search import get_engine
    from kcc.medewerkers import selectors, snapshot
    from kcc.medewerkers.indexing import PERSON_SOURCE
    from kcc.medewerkers.models import Person

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    print(f"{connection.vendor}:")
    rng = random.Random(20)
    populate(people, rng)
    agent = User.objects.create_user("bench-agent", password="bench-wachtwoord")
    agent.groups.add(Group.objects.get(name=Role.AGENT.value))
    agent = User.objects.get(pk=agent.pk)
    words = [
        *FIRST,
        *LAST,
        *SKILLS,
        "belastingen",
        "burgerzaken",
        "wmo",
        "handhaving",
        "gerit hoekstr",  # typos
        "kwijtscelding",
        "pasport",
        "anna bakker",
        "klantmanager bijstand",
    ]
    # A working moment (next Tuesday 10:30), so presence, stand-ins and windows all take part.
    today = timezone.localdate()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    at = timezone.make_aware(datetime.combine(tuesday, day_time(10, 30)))
    terms = [rng.choice(words) if rng.random() < 0.8 else str(10000 + rng.randrange(people)) for _ in range(queries)]
    engine = get_engine()
    measure(
        "zoekindex alleen (medewerker)", [lambda q=q: engine.search(PERSON_SOURCE, q, limit=8) for q in terms], None
    )
    measure(
        "medewerkers zoeken (index + aanwezigheid)",
        [lambda q=q: selectors.search_directory(q, viewer=agent, at=at) for q in terms],
        20,
    )
    sample = rng.sample(list(Person.objects.values_list("pk", flat=True)), queries)
    people_rows = {person.pk: person for person in Person.objects.filter(pk__in=sample)}
    measure(
        "doorverbindpaneel: berekening",
        [lambda p=people_rows[pk]: selectors.person_reachability(p, viewer=agent, at=at) for pk in sample],
        50,
    )
    client = Client()
    client.force_login(agent)

    def panel(pk: int) -> None:
        response = client.get(f"/medewerkers/{pk}/doorverbinden/", {"tijdstip": at.isoformat()}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.status_code

    measure("doorverbindpaneel: HTTP-antwoord", [lambda pk=pk: panel(pk) for pk in sample], 50)
    token = snapshot.current_token()
    measure("snapshot opnieuw lezen (na een wijziging)", [lambda: snapshot.read_snapshot(token)] * 30, None)


def run(url: str, var_dir: str, args: argparse.Namespace) -> None:
    env = {**os.environ, "KCC_DATABASE_URL": url, "KCC_VAR_DIR": var_dir, "KCC_LOG_LEVEL": "WARNING"}
    command = [sys.executable, __file__, "--child", "--people", str(args.people), "--queries", str(args.queries)]
    subprocess.run(command, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.people, args.queries)
        return
    with tempfile.TemporaryDirectory(prefix="kcc-bench-mw-") as var_dir:
        run(f"sqlite:///{var_dir}/bench.sqlite3", var_dir, args)
        try:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
                admin.execute(f"CREATE DATABASE {PG_DATABASE}")
        except Exception as error:  # report and carry on with what was measured
            print(f"postgresql: overgeslagen ({error})")
            return
        try:
            run(f"{PG_SERVER}/{PG_DATABASE}", var_dir, args)
        finally:
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")


if __name__ == "__main__":
    main()
