"""Klantinteracties: sync throughput and the added time of closing a contact with the integration on.

    python bench/klantinteracties_sync.py                       # SQLite and PostgreSQL
    python bench/klantinteracties_sync.py --engines sqlite --samples 100
    KCC_REDIS_URL=redis://127.0.0.1:6379/13 python bench/klantinteracties_sync.py   # Huey on Redis

Against the Klantinteracties stand-in on loopback (``kcc.klantinteracties.testing``, which
validates every request and response against the official OpenAPI document, as in the tests).
The worker is not run in-process: closing a contact only writes the job and wakes the queue
(Huey, as configured: Redis with ``KCC_REDIS_URL`` as in production, else the embedded SQLite
queue, whose commit is most of the added time), exactly what an agent waits for. Printed (medians of ``--samples``):

* closing a contact of two questions with the integration off vs on (target: ≤ 10 ms added);
* ``sync`` of N closed contacts (two klantcontacten each, half with an identified caller):
  klantcontacten per second, against the baseline of posting the same klantcontacten and
  betrokkenen straight to the stand-in with one HTTP session (the bare cost of the calls).

No assertions: figures only.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _kcc import fresh_kcc, main_with_samples

TOKEN = "bench-token"
SYNC_CONTACTS = 100


def run(engine: str, samples: int) -> None:
    with fresh_kcc(engine, "kcc_bench_ki"):
        import requests
        from django.conf import settings
        from django.contrib.auth.models import Group

        from kcc.contacten import services as contacten
        from kcc.contacten.models import Handling, Question, QuestionType
        from kcc.core.models import OrganisationUnit, User
        from kcc.core.roles import Role
        from kcc.integraties import services as outbox
        from kcc.integraties.models import IntegrationJob
        from kcc.klantinteracties import mapping
        from kcc.klantinteracties.testing import klantinteracties_standin

        unit = OrganisationUnit.objects.create(code="wi", name="Werk en Inkomen", kind="sector", phone="0301234567")
        agent = User.objects.create_user("bench-agent", password="x" * 16)
        agent.groups.add(Group.objects.get(name=Role.AGENT.value))

        def contact_with_questions(identified: bool):
            contact = contacten.start_contact(agent=agent)
            if identified:
                contacten.identify_klant(contact, user=agent, bsn="111222333", bsn_purpose="Vraag over uitkering")
            for handling in (Handling.SELF_ANSWERED, Handling.CALL_AGAIN):
                contacten.add_question(
                    contact, user=agent, question_type=QuestionType.GENERAL, handling=handling, unit=unit, notes="x"
                )
            return contact

        with klantinteracties_standin(TOKEN) as standin:
            timings: dict[str, list[float]] = {"off": [], "on": []}
            for index in range(samples * 2):
                mode = "on" if index % 2 else "off"
                settings.KCC_KLANTINTERACTIES_URL = standin.base_url if mode == "on" else ""
                settings.KCC_KLANTINTERACTIES_TOKEN = TOKEN
                contact = contact_with_questions(identified=index % 4 < 2)
                start = time.perf_counter()
                contacten.close_contact(contact, user=agent)
                timings[mode].append(time.perf_counter() - start)
            off, on = (statistics.median(timings[mode]) * 1000 for mode in ("off", "on"))
            queue = "Redis" if "Redis" in settings.HUEY["huey_class"] else "SQLite"
            print(f"[{engine}, Huey on {queue}] close_contact (2 questions), median of {samples}:")
            print(f"  integration off {off:7.2f} ms | on {on:7.2f} ms | added {on - off:6.2f} ms (target ≤ 10 ms)")

            IntegrationJob.objects.all().delete()
            standin.store.items.clear()
            settings.KCC_KLANTINTERACTIES_URL = standin.base_url
            for index in range(SYNC_CONTACTS):
                contacten.close_contact(contact_with_questions(identified=index % 2 == 0), user=agent)
            start = time.perf_counter()
            run_result = outbox.sync("klantinteracties")
            elapsed = time.perf_counter() - start
            sent = len(standin.store.all("klantcontacten"))
            assert run_result.sent == SYNC_CONTACTS * 2 and sent == SYNC_CONTACTS * 2, (run_result, sent)

            questions = Question.objects.select_related("contact", "unit").order_by("pk")
            bodies = [mapping.klantcontact(question, []) for question in questions[: SYNC_CONTACTS * 2]]
            session = requests.Session()
            session.headers["Authorization"] = f"Token {TOKEN}"
            start = time.perf_counter()
            for body in bodies:
                created = session.post(f"{standin.base_url}/klantcontacten", json=body, timeout=10).json()
                session.post(
                    f"{standin.base_url}/betrokkenen", json=mapping.betrokkene(created["uuid"], None), timeout=10
                )
            baseline = time.perf_counter() - start
            standin.assert_clean()
            from huey.contrib.djhuey import HUEY

            HUEY.flush()  # the wake-ups this run queued: no worker of this bench will take them
            rate, bare = sent / elapsed, len(bodies) / baseline
            print(f"[{engine}] sync of {sent} klantcontacten ({SYNC_CONTACTS} contacts, half identified):")
            print(
                f"  {rate:7.1f} klantcontacten/s | baseline (bare POSTs) {bare:7.1f}/s | "
                f"ratio {rate / bare:4.2f} of the bare rate"
            )


if __name__ == "__main__":
    main_with_samples(__doc__, run, samples=40)
