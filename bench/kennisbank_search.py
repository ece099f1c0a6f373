"""Search latency and index build time of the kennisbank on synthetic corpora, on both engines.

    .venv/bin/python bench/kennisbank_search.py [--sizes 1000,10000,100000] [--engine sqlite|postgresql|both]

The corpora are recombined from the real Rijksoverheid VAC's: each synthetic VAC takes a real
question with some words swapped for words of other questions, an answer of sentences drawn from
three real answers, and keywords that include a new compound of two real words (so the vocabulary
grows with the corpus as it does in practice). The queries are those of every relevance set whose file
is there (``SETS`` of ``kennisbank_relevance.py``, ``data/kennisbank_*.jsonl``; 1,442 queries in the
seventh round of issue 17, before ``blind10``).
Per size it reports the build time of the index, the median and
p95 latency of the agent search (``search_vacs``: index look-up, re-ranking, loading the VAC's
and making the snippets), and of a baseline measured in the same run: ``icontains`` of the query
words on vraag and antwoord (above 1,000 VAC's on a sample of 100 queries: it scans, 0.2-0.5 s a query at
10,000, so all 1,682 queries of the sets took over ten minutes).

The development machine is shared, so next to wall-clock time it reports the CPU time of this
process per search (``time.process_time``): on SQLite that is the whole search, on PostgreSQL
only the client's part; ``srv avg`` adds the mean CPU time of the PostgreSQL backend per search (from
``/proc``, so only with the server on this machine). Client plus server CPU is what a search costs
whatever else the machine is doing. The ratio to the
baseline of the same run also holds up under load better than absolute figures.
Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _kcc import ENGINES, fresh_kcc, run_per_engine
from kennisbank_relevance import CSV, present_files
from kennisbank_relevance import substring_baseline as baseline

SENTENCE = re.compile(r"(?<=[.!?])\s+")
BASELINE_QUERIES = 100  # above 1,000 VAC's the baseline scans for a sample of the queries only


def corpus(size: int, seed: int = 7) -> list[dict[str, str]]:
    from kcc.kennisbank.html import html_to_text

    with CSV.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    random.seed(seed)
    questions = [row["question"] for row in rows]
    words = sorted({word for question in questions for word in question.rstrip("?").split() if len(word) > 5})
    sentences = [s for row in rows for s in SENTENCE.split(html_to_text(row["reference_answer_html"])) if len(s) > 20]
    subjects = sorted({s for row in rows for s in row["subjects"].split("|") if s})
    result = []
    for number in range(size):
        question = random.choice(questions).rstrip("?").split()
        for position in random.sample(range(len(question)), k=max(1, len(question) // 4)):
            if len(question[position]) > 5:
                question[position] = random.choice(words)
        compound = (random.choice(words) + random.choice(words)).lower()
        result.append(
            {
                "vraag": " ".join(question) + "?",
                "antwoord": " ".join(random.sample(sentences, k=6)),
                "trefwoorden": [random.choice(subjects), compound],
                "external_id": f"synthetisch-{number}",
            }
        )
    return result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def server_cpu_ms() -> float:
    """CPU time used so far by this connection's PostgreSQL backend (on this machine; 0 on SQLite), read
    from ``/proc`` in clock ticks: only a whole run's total is exact enough to divide by its queries."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def measure(engine: str, sizes: list[int]) -> None:
    for size in sizes:  # one size per process (see main)
        with fresh_kcc(engine, "kcc_bench_search"):
            from django.db import transaction

            from kcc.core.search import get_engine
            from kcc.kennisbank.models import VAC
            from kcc.kennisbank.search import SOURCE, all_vac_documents, search_vacs

            vacs = [VAC(status=VAC.Status.ACTIVE, is_public=True, source="bench", **fields) for fields in corpus(size)]
            with transaction.atomic():
                VAC.objects.bulk_create(vacs, batch_size=2000)
            started, started_cpu = time.perf_counter(), time.process_time()
            get_engine().rebuild(SOURCE, all_vac_documents())
            build_s, build_cpu_s = time.perf_counter() - started, time.process_time() - started_cpu

            queries = [
                json.loads(line)["query"]
                for path in present_files()
                for line in path.read_text(encoding="utf-8").splitlines()
                if line
            ]
            for query in queries[:10]:  # warm the caches and the connection, as a running server has them
                search_vacs(query, public_only=False)
            latencies, cpu = [], []
            server_before = server_cpu_ms()
            for query in queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                search_vacs(query, public_only=False)
                latencies.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            server = (server_cpu_ms() - server_before) / len(queries) if engine == "postgresql" else 0.0
            sample = queries if size <= 1_000 else random.Random(1).sample(queries, BASELINE_QUERIES)
            base = []
            for query in sample:
                started = time.perf_counter()
                baseline(query, 10)
                base.append((time.perf_counter() - started) * 1000)
            median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
            base_median, base_p95 = statistics.median(base), percentile(base, 0.95)
            print(
                f"{engine:<11}{size:>8}{build_s:>9.1f}{build_cpu_s:>9.1f}{median:>9.1f}{p95:>9.1f}"
                f"{statistics.median(cpu):>9.1f}{percentile(cpu, 0.95):>9.1f}{statistics.mean(cpu):>9.1f}{server:>9.1f}"
                f"{base_median:>11.1f}{base_p95:>10.1f}{base_p95 / p95:>9.1f}x",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="both")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if not args.child:
        print(
            f"{'engine':<11}{'VACs':>8}{'build s':>9}{'cpu s':>9}{'p50 ms':>9}{'p95 ms':>9}{'cpu p50':>9}{'cpu p95':>9}"
            f"{'cpu avg':>9}{'srv avg':>9}"
            f"{'base p50':>11}{'base p95':>10}{'p95 gain':>10}"
        )
    if args.child:
        measure(args.engine, sizes)
        return
    # Django is configured once per process: one process per engine and corpus size.
    for size in sizes:
        run_per_engine(list(ENGINES) if args.engine == "both" else [args.engine], ["--sizes", str(size)])


if __name__ == "__main__":
    main()
