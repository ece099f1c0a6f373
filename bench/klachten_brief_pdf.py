"""Complaint letters as PDF: what the attachment adds to the transaction that sends a letter.

    python bench/klachten_brief_pdf.py                       # SQLite and PostgreSQL
    python bench/klachten_brief_pdf.py --engines sqlite --samples 50

For one stored acknowledgement letter, measured interleaved in the same run (alternating which goes
first, each sample in its own transaction that is rolled back, so nothing is sent):

* before: queueing the letter's e-mail in the outbox as ``_send_letter`` did (text body only);
* now: rendering the letter as PDF and queueing the same e-mail with the PDF attached.

Also printed: rendering alone (what the "Download als PDF" view does), the PDF size, a worst-case
letter (200-character name and address, a 10,000-character description: several pages), and a whole
``register_complaint`` with e-mail (registration, acknowledgement, letter, PDF, outbox) for scale.
Medians and p95 in milliseconds. No assertions: figures only.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _kcc import fresh_kcc, main_with_samples


class _Rollback(Exception):
    pass


def _timed(action: Callable[[], object]) -> float:
    from django.db import transaction

    start = time.perf_counter()
    try:
        with transaction.atomic():
            action()
            raise _Rollback
    except _Rollback:
        pass
    return (time.perf_counter() - start) * 1000


def _figures(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run_child(engine: str, samples: int) -> None:
    with fresh_kcc(engine, "kcc_bench_brief_pdf"):
        from kcc.core.outbox import enqueue_email
        from kcc.klachten import letter_pdf, services

        complaint = services.register_complaint(
            description="De medewerker aan de balie was onbeschoft en gaf geen uitleg.",
            channel="brief",
            complainant=services.Complainant(name="J. de Boer", address="Kerkstraat 4", postcode="1234 AB",
                                             city="Demodam"),
        )  # fmt: skip
        letter = complaint.letters.get()
        big = services.register_complaint(
            description="Ik ben het er niet mee eens. " * 350,
            channel="brief",
            complainant=services.Complainant(name="Łukasz “Wiśniewski” " * 10, address="Wachtwoordstraat 1 " * 10,
                                             postcode="1234 AB", city="Demodam"),
        )  # fmt: skip
        big_letter = big.letters.get()

        def before() -> None:
            enqueue_email(key="bench", to=["a@example.nl"], subject=letter.subject, body=letter.body,
                          headers={"X-KCC-Klacht": complaint.number})  # fmt: skip

        def now() -> None:
            attachment = (letter_pdf.filename(letter), letter_pdf.render(letter), "application/pdf")
            enqueue_email(key="bench", to=["a@example.nl"], subject=letter.subject, body=letter.body,
                          headers={"X-KCC-Klacht": complaint.number}, attachments=[attachment])  # fmt: skip

        def register() -> None:
            services.register_complaint(
                description="De medewerker aan de balie was onbeschoft en gaf geen uitleg.",
                channel="email",
                complainant=services.Complainant(name="J. de Boer", address="Kerkstraat 4", postcode="1234 AB",
                                                 city="Demodam", email="j.deboer@example.nl"),
            )  # fmt: skip

        for _ in range(3):  # warm-up
            before(), now(), letter_pdf.render(letter)
        timings: dict[str, list[float]] = {"before": [], "now": [], "render": [], "render_big": [], "register": []}
        for index in range(samples):
            pair = [("before", before), ("now", now)]
            for name, action in pair if index % 2 == 0 else reversed(pair):
                timings[name].append(_timed(action))
            timings["render"].append(_timed(lambda: letter_pdf.render(letter)))
            timings["render_big"].append(_timed(lambda: letter_pdf.render(big_letter)))
            timings["register"].append(_timed(register))

        print(f"== {engine}, {samples} samples (ms: median / p95)")
        for name, label in (
            ("before", "queue letter e-mail, text only (before)"),
            ("now", "render PDF + queue with attachment (now)"),
            ("render", "render PDF only (download view)"),
            ("render_big", "render worst-case letter (3 pages)"),
            ("register", "register_complaint with e-mail, total"),
        ):
            median, p95 = _figures(timings[name])
            print(f"{label:<44} {median:7.2f} / {p95:7.2f}")
        ratio = statistics.median(timings["now"]) / statistics.median(timings["before"])
        print(f"ratio now/before (medians): {ratio:.2f}")
        sizes = len(letter_pdf.render(letter)), len(letter_pdf.render(big_letter))
        print(f"PDF size: {sizes[0]} bytes; worst case {sizes[1]} bytes")


if __name__ == "__main__":
    main_with_samples(__doc__, run_child, samples=60)
