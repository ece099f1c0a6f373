"""Queue statistics at scale: one year of Asterisk queue_log imported, then the telefonie table for that year.

    python bench/telefonie_queuelog.py                          # 250,000 calls (~1.5 million lines), both engines
    python bench/telefonie_queuelog.py --calls 20000 --samples 3 --engines sqlite

Generates a realistic year (2025, working days 08:30-17:00; lines as ``kcc.telefonie.demo.queue_log``
writes them: ENTERQUEUE, RINGNOANSWER, CONNECT, COMPLETECALLER/COMPLETEAGENT, BLINDTRANSFER, ABANDON,
EXITWITHTIMEOUT, EXITWITHKEY and agent lines) into a temporary file, then on a fresh database of
each engine times:

- the import (``kcc telefonie queuelog import``'s function, streamed from the file), once, and the
  same file imported again (idempotent: it reads everything and writes nothing);
- baseline for the import, measured in the same run: reading the file and splitting every line
  in Python (what any import must do at least);
- the telefonie table over 2025 (``--samples`` times, median), with as baseline counting the year's
  calls (``SELECT count(*)`` over the same days, from the index on the day).

Targets from the issue: import ≤ 60 s, table ≤ 1 s. Prints the figures (with the machine's load
average and the baselines of the same run) and a PASS/FAIL line per target; no assertions.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _kcc import fresh_kcc, run_per_engine

YEAR = 2025


def write_year(path: Path, calls: int) -> int:
    """The year's queue_log into ``path``; returns the number of lines."""
    from kcc.core.calendar import is_working_day
    from kcc.telefonie.demo import queue_log

    first = date(YEAR, 1, 1)
    days = (date(YEAR + 1, 1, 1) - first).days
    working = sum(1 for offset in range(days) if is_working_day(date.fromordinal(first.toordinal() + offset)))
    lines = 0
    with path.open("w", encoding="utf-8") as out:
        for line in queue_log(first, days, round(calls / working), random.Random(2025)):
            out.write(line)
            lines += 1
    return lines


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def cpu_timed(action) -> tuple[float, float, object]:
    """Wall time and this process's CPU time (the machine is shared: the gap is waiting for CPU or the database)."""
    cpu = time.process_time()
    seconds, result = timed(action)
    return seconds, time.process_time() - cpu, result


def run_child(engine: str, calls: int, samples: int) -> None:
    with fresh_kcc(engine, "bench_queuelog"), tempfile.TemporaryDirectory() as directory:
        from kcc.rapportage import selectors
        from kcc.rapportage.period import Period
        from kcc.rapportage.tables import Context
        from kcc.telefonie import queuelog
        from kcc.telefonie.models import QueueCall

        path = Path(directory) / "queue_log"
        generated, lines = timed(lambda: write_year(path, calls))
        size = path.stat().st_size / 1e6
        print(f"[{engine}] queue_log of {YEAR}: {lines:,} lines, {size:.0f} MB (generated in {generated:.1f} s)")

        def split_only() -> int:
            with path.open(encoding="utf-8") as source:
                return sum(len(line.split("|")) for line in source)

        floor, _ = timed(split_only)

        def import_file() -> queuelog.ImportReport:
            with path.open(encoding="utf-8") as source:
                return queuelog.import_lines(source)

        first, first_cpu, report = cpu_timed(import_file)
        again, again_cpu, repeat = cpu_timed(import_file)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"[{engine}] import: {first:.1f} s (CPU of this process {first_cpu:.1f} s; {report.new:,} calls, "
              f"{len(report.refused)} refused); again (idempotent, {repeat.new + repeat.changed} written): "
              f"{again:.1f} s (CPU {again_cpu:.1f} s); baseline read+split: {floor:.1f} s "
              f"(import / baseline: {first / floor:.0f}x); machine load (1/5/15 min): {load}")  # fmt: skip
        context_period = Period.year(YEAR)
        table_times, count_times = [], []
        for _ in range(samples):
            seconds, report_ = timed(lambda: selectors.report("telefonie", Context(context_period)))
            table_times.append(seconds)
            seconds, counted = timed(
                lambda: QueueCall.objects.filter(day__gte=context_period.start, day__lte=context_period.end).count()
            )
            count_times.append(seconds)
        table, baseline = statistics.median(table_times), statistics.median(count_times)
        rows = report_.data["rijen"]
        print(f"[{engine}] telefonie table for {YEAR}: median {table * 1000:.0f} ms over {samples} "
              f"({len(rows)} lines, {sum(r['aangeboden'] for r in rows):,} offered, servicelevel "
              f"{report_.figures[0].value:.1f}%); baseline count(*) of {counted:,} calls: {baseline * 1000:.0f} ms "
              f"(ratio {table / baseline:.1f})")  # fmt: skip
        year = calls >= 250_000
        verdict(engine, "import of the year" if year else f"import ({calls:,} calls, target is for 250,000)", first,
                IMPORT_TARGET_S if year else None)  # fmt: skip
        verdict(engine, "telefonie table for the year", table, TABLE_TARGET_S)


IMPORT_TARGET_S, TABLE_TARGET_S = 60.0, 1.0


def verdict(engine: str, what: str, seconds: float, target: float | None) -> None:
    if target is None:
        print(f"[{engine}] (no verdict) {what}: {seconds:.1f} s")
        return
    print(f"[{engine}] {'PASS' if seconds <= target else 'FAIL'}: {what} {seconds:.2f} s (target ≤ {target:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=250_000, help="calls in the year (default %(default)s)")
    parser.add_argument("--samples", type=int, default=5, help="runs of the table (median)")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.engine, args.calls, args.samples)
        return
    run_per_engine(args.engines.split(","), ["--calls", str(args.calls), "--samples", str(args.samples)])


if __name__ == "__main__":
    main()
